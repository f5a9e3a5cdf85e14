"""Shared helpers of the benchmarks.

Throwaway databases (PostgreSQL ``bench_<random>``, created and dropped like
``tests/conftest.py`` does; a temporary SQLite file), the app on them, a small
world of people made through the real operations, bulk case generation in SQL
for the scale benchmarks, gunicorn on a free loopback port, a load generator,
timing (medians over repeats) and the report that ``__main__`` prints.

Nothing here asserts on time: benchmarks print figures.
"""

import contextlib
import gc
import http.client
import io
import json
import logging
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import flask_migrate
import psycopg
from sqlalchemy import event, make_url, text

from mediation_app import create_app
from mediation_app.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SECRET_KEY = "benchmark-secret-key-for-throwaway-databases"  # noqa: S105  (never a real deployment)
PASSWORD = "bench-Password-2026"  # noqa: S105  (accounts of a throwaway database)
LOOPBACK = "127.0.0.1"


def progress(message: str) -> None:
    """Progress goes to stderr, so that stdout carries only the report."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---- the report ------------------------------------------------------------------------------


@dataclass
class Figure:
    benchmark: str
    name: str
    value: str
    note: str = ""


@dataclass
class Goal:
    benchmark: str
    name: str
    measured: str
    target: str
    passed: bool | None  # None: not measured (the benchmark failed)


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)

    def figure(self, benchmark: str, name: str, value: str, note: str = "") -> None:
        self.figures.append(Figure(benchmark, name, value, note))
        progress(f"{benchmark}: {name} = {value}{f'  ({note})' if note else ''}")

    def goal(self, benchmark: str, name: str, measured: str, target: str, passed: bool | None) -> None:
        self.goals.append(Goal(benchmark, name, measured, target, passed))

    def render(self, header: list[str]) -> str:
        lines = [*header, ""]
        lines += _table(
            ["benchmark", "figure", "value", "note"],
            [[f.benchmark, f.name, f.value, f.note] for f in self.figures],
        )
        lines += ["", "Goals (QUALITY.md, Performance)", ""]
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}
        lines += _table(
            ["result", "goal", "measured", "target"],
            [[verdict[g.passed], g.name, g.measured, g.target] for g in self.goals],
        )
        passed = sum(g.passed is True for g in self.goals)
        lines += ["", f"{passed} of {len(self.goals)} goals met."]
        return "\n".join(lines)


def _width(text_value: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text_value)


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(str(c)) for c in column) for column in zip(headings, *rows, strict=False)]

    def line(cells):
        padded = [str(c) + " " * (w - _width(str(c))) for c, w in zip(cells, widths, strict=True)]
        return ("| " + " | ".join(padded) + " |").rstrip()

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return [line(headings), rule, *(line(r) for r in rows)]


# ---- formatting ------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    value = seconds * 1000
    if value < 1:
        return f"{value:.3f} ms"
    if value < 100:
        return f"{value:.2f} ms"
    return f"{value:.0f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def rate(per_second: float) -> str:
    return f"{per_second:,.0f}/s"


def size(n_bytes: float) -> str:
    if abs(n_bytes) >= 1024 * 1024:
        return f"{n_bytes / 1024 / 1024:.1f} MB"
    if abs(n_bytes) >= 1024:
        return f"{n_bytes / 1024:.1f} KB"
    return f"{n_bytes:.0f} B"


# ---- timing ----------------------------------------------------------------------------------


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(
    fn: Callable[[], object], *, repeats: int, warmup: int = 3, between: Callable[[], object] | None = None
) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls after ``warmup`` untimed ones;
    ``between`` runs after every call, outside the timing (e.g. emptying the session)."""
    for _ in range(warmup):
        fn()
        if between:
            between()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
        if between:
            between()
    return samples


def interleaved(
    variants: dict[str, Callable[[], object]], *, repeats: int, warmup: int = 2
) -> dict[str, list[float]]:
    """Time several variants round-robin, so drift in the machine's load (another
    process running tests) hits them alike; returns each variant's samples."""
    for fn in variants.values():
        for _ in range(warmup):
            fn()
    samples = {name: [] for name in variants}
    for _ in range(repeats):
        for name, fn in variants.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return samples


def alternating(
    variants: dict[str, tuple],
    *,
    rounds: int,
    per_round: int,
    between: Callable[[], object] | None = None,
) -> dict[str, list[float]]:
    """Time ``fn`` of each ``(app, fn)`` or ``(app, fn, setup)`` variant in alternating
    blocks of ``per_round`` calls inside that app's context, so load drift hits all
    variants alike. ``setup`` runs at the start of each block (e.g. a ``SET LOCAL``);
    the first call of a block (connection checkout, pre-ping) is not timed."""
    samples = {name: [] for name in variants}
    for _ in range(rounds):
        for name, (app, fn, *setup) in variants.items():
            with app.app_context():
                for step in setup:
                    step()
                samples[name] += timed(fn, repeats=per_round, warmup=1, between=between)
    return samples


# ---- databases and the app -------------------------------------------------------------------


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def postgres_database():
    """A throwaway PostgreSQL database ``bench_<random>``, dropped WITH (FORCE) afterwards."""
    server = make_url(PG_URL)
    name = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(server), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(server), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_version() -> str:
    try:
        with psycopg.connect(_libpq(make_url(PG_URL)), connect_timeout=3) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as error:
        return f"unreachable ({error})".strip()


def make_app(database_url: str, storage: Path, **overrides):
    return create_app(
        {
            "SECRET_KEY": SECRET_KEY,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "DOCUMENT_STORAGE": Path(storage),
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
            **overrides,
        }
    )


def upgrade(app) -> None:
    """The schema through the real migrations, without alembic's INFO lines on the report."""
    buffer = io.StringIO()
    with app.app_context(), contextlib.redirect_stderr(buffer):
        flask_migrate.upgrade()
    # alembic's fileConfig bound a console handler to the stderr it saw; give it the real one back.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is buffer:
            handler.setStream(sys.stderr)


@dataclass
class Stack:
    """A benchmark's backend: database URL, document folder and a migrated app."""

    backend: str
    url: str
    storage: Path
    app: object

    def dispose(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


class Run:
    """One invocation of ``python -m benchmarks``: settings, report, and everything
    to clean up at the end (databases, temporary folders, the shared scale data)."""

    def __init__(self, quick: bool):
        self.quick = quick
        self.report = Report()
        self.exit_stack = contextlib.ExitStack()
        self.tmp = Path(self.exit_stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        self.scale_databases: dict[tuple, object] = {}

    def pick(self, full, quick):
        return quick if self.quick else full

    def tempdir(self, prefix: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=self.tmp))

    def stack(self, backend: str, stack: contextlib.ExitStack | None = None) -> Stack:
        """A migrated app on a fresh database; cleaned up with ``stack`` (default: the run)."""
        owner = stack or self.exit_stack
        if backend == "postgresql":
            url = owner.enter_context(postgres_database())
        else:
            url = f"sqlite:///{self.tempdir('sqlite') / 'bench.sqlite3'}"
        result = Stack(backend, url, self.tempdir("documents"), None)
        result.app = make_app(url, result.storage)
        upgrade(result.app)
        owner.callback(result.dispose)
        return result

    def close(self) -> None:
        self.exit_stack.close()


# ---- a small world, made through the real operations ----------------------------------------


@dataclass
class World:
    centre_id: int
    court_id: int
    staff_id: int
    mediator_ids: list[int]
    enterprise_ids: list[int]
    enterprises: list[tuple[str, str]]  # (name, uscc)

    staff_email = "staff@bench.test"

    @staticmethod
    def mediator_email(index: int) -> str:
        return f"mediator{index}@bench.test"


INDUSTRIES = ("textile", "nylon", "chemical_fibre", "electronics", "furniture", "machinery", "trade")


def bench_uscc(serial: int) -> str:
    from mediation_app.validation import uscc_check_character

    first17 = f"91320621MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def build_world(app, *, mediators: int = 3, enterprises: int = 12) -> World:
    """A centre, a court, enterprises, one staff member and ``mediators`` mediators
    with no conflicts of interest (no chambers), all through the real operations."""
    from mediation_app.parties.models import OrganisationKind
    from mediation_app.parties.operations import create_centre, create_organisation, create_user

    with app.app_context():
        centre = create_centre("bench", "基准测试民营经济纠纷调解中心", "基商调", address="江苏省海安市")
        court = create_organisation(OrganisationKind.COURT, "海安市人民法院", court_code="苏0621")
        orgs = [
            create_organisation(
                OrganisationKind.ENTERPRISE,
                f"江苏基准{i}号纺织科技有限公司",
                uscc=bench_uscc(i),
                industry=INDUSTRIES[i % len(INDUSTRIES)],
                address=f"江苏省海安市经济开发区{i}号",
                legal_representative="张伟",
            )
            for i in range(1, enterprises + 1)
        ]
        staff = create_user(
            role="staff", email=World.staff_email, password=PASSWORD, name="刘敏", centre_code="bench"
        )
        mediator_users = [
            create_user(
                role="mediator",
                email=World.mediator_email(i),
                password=PASSWORD,
                name=f"调解员{i}",
                centre_code="bench",
            )
            for i in range(mediators)
        ]
        world = World(
            centre.id,
            court.id,
            staff.id,
            [m.id for m in mediator_users],
            [o.id for o in orgs],
            [(o.name, o.uscc) for o in orgs],
        )
        db.session.remove()
    return world


def make_case(app, world: World, state: str, *, serial: int = 0, mediator: int = 0) -> int:
    """A case in ``state``, filed and driven there through the real operations
    (``mediation_app.demo.drive``, shared with the demo and the tests); its id."""
    from mediation_app.auth.models import User
    from mediation_app.cases.operations import file_case
    from mediation_app.demo.drive import drive

    applicant = world.enterprises[serial % len(world.enterprises)]
    respondent = world.enterprises[(serial + 1) % len(world.enterprises)]
    with app.app_context():
        staff = db.session.get(User, world.staff_id)
        case = file_case(
            staff,
            {
                "applicant": {"name": applicant[0], "uscc": applicant[1]},
                "respondent": {"name": respondent[0], "uscc": respondent[1]},
                "claim_amount": "580000.00",
                "summary": "申请人依约向被申请人供应锦纶丝后，被申请人未按期支付货款人民币580,000.00元，"
                "经多次催讨未果，申请人请求调解。",
                "industry": "nylon",
                "source": "direct",
            },
        )
        mediator_user = db.session.get(User, world.mediator_ids[mediator])
        case_id = drive(case.id, state, staff=staff, mediator=mediator_user).id
        db.session.remove()
    return case_id


def case_number(app, case_id: int) -> str:
    from mediation_app.cases.models import Case

    with app.app_context():
        number = db.session.get(Case, case_id).number
        db.session.remove()
    return number


def mentions(body: bytes, value: str) -> bool:
    """``value`` appears in an HTML or JSON body (JSON may escape non-ASCII)."""
    return value.encode() in body or json.dumps(value)[1:-1].encode() in body


def issue_token(app, email: str) -> str:
    from mediation_app.auth.operations import issue_token as issue

    with app.app_context():
        token, _record = issue(email, PASSWORD)
        db.session.remove()
    return token


# ---- bulk cases for the scale benchmarks (PostgreSQL) ----------------------------------------

# One INSERT … SELECT FROM generate_series into the real table. States follow a
# plausible mix; every ``focus_every``-th case belongs to the focus mediator and is
# never unassigned; one case in five comes from the court. Money is integer fen
# (mediation_app.types.Money). Foreign keys are not re-checked row by row
# (session_replication_role = replica): every id used exists.
BULK_CASES = text(
    """
INSERT INTO cases (centre_id, number, state, source, court_id, court_case_number, applicant_id,
    respondent_id, mediator_id, claim_amount, agreed_amount, summary, industry, terms,
    performance_deadline, deadline, outcome_reason, filed_by_id, version, created_at, updated_at,
    concluded_at, procedure, clock_started_at, extension_days)
SELECT :centre,
    '(' || extract(year FROM filed_at AT TIME ZONE 'Asia/Shanghai')::int || ')基商调字第'
        || lpad(i::text, 7, '0') || '号',
    state,
    CASE WHEN i % 5 = 0 THEN 'court_delegated' ELSE 'direct' END,
    CASE WHEN i % 5 = 0 THEN :court END,
    CASE WHEN i % 5 = 0 THEN '(' || extract(year FROM filed_at)::int || ')苏0621民诉前调' || i || '号' END,
    (CAST(:enterprises AS integer[]))[i % :n_enterprises + 1],
    (CAST(:enterprises AS integer[]))[(i + 1 + (i / :n_enterprises) % (:n_enterprises - 1))
        % :n_enterprises + 1],
    CASE WHEN focus THEN :focus
         WHEN state IN ('filed', 'rejected') THEN NULL
         ELSE (CAST(:others AS integer[]))[i % :n_others + 1] END,
    claim,
    CASE WHEN state = 'settled' THEN claim * 9 / 10 END,
    '申请人依约供货后，被申请人未按期支付货款，经多次催讨未果，申请人请求调解（批量生成第' || i || '件）。',
    (CAST(:industries AS text[]))[i % :n_industries + 1],
    CASE WHEN state = 'settled'
         THEN CAST('["被申请人分两期付清货款。","申请人放弃其余请求。"]' AS json) END,
    CASE WHEN state = 'settled' THEN (filed_at + interval '60 days')::date END,
    CASE WHEN state <> 'filed' THEN (filed_at + interval '30 days')::date END,
    CASE state WHEN 'referred_to_court' THEN '双方分歧较大，调解不成。'
               WHEN 'rejected' THEN '申请事项不属于本中心受理范围。'
               WHEN 'withdrawn' THEN '双方已自行和解，申请人撤回申请。' END,
    :staff,
    CASE state WHEN 'filed' THEN 1 WHEN 'assigned' THEN 2 WHEN 'rejected' THEN 2
               WHEN 'mediated' THEN 3 WHEN 'withdrawn' THEN 3 ELSE 4 END,
    filed_at,
    filed_at + interval '1 day',
    CASE WHEN state IN ('settled', 'referred_to_court', 'rejected', 'withdrawn')
         THEN filed_at + interval '20 days' END,
    'ordinary',
    CASE WHEN state <> 'filed' THEN filed_at END,
    CAST('[]' AS json)
FROM (
    SELECT i,
        i % :focus_every = 0 AS focus,
        100000 + (i::bigint * 104729) % 50000000 AS claim,
        timestamptz '2019-01-01 00:00+00' + (i::float8 / :last) * interval '2550 days' AS filed_at,
        CASE WHEN CAST(:only_state AS text) IS NOT NULL THEN CAST(:only_state AS text)
             WHEN i % :focus_every = 0
             THEN (ARRAY['assigned', 'mediated', 'settled', 'referred_to_court'])[(i / :focus_every) % 4 + 1]
             WHEN (i::bigint * 7919) % 100 < 8 THEN 'filed'
             WHEN (i::bigint * 7919) % 100 < 20 THEN 'assigned'
             WHEN (i::bigint * 7919) % 100 < 32 THEN 'mediated'
             WHEN (i::bigint * 7919) % 100 < 72 THEN 'settled'
             WHEN (i::bigint * 7919) % 100 < 84 THEN 'referred_to_court'
             WHEN (i::bigint * 7919) % 100 < 92 THEN 'rejected'
             ELSE 'withdrawn' END AS state
    FROM generate_series(1, :count) AS i
) AS generated
"""
)

# The kept totals, recomputed from the cases exactly as ``totals verify`` does.
REBUILD_TALLIES = (
    text("DELETE FROM case_tallies WHERE centre_id = :centre"),
    text(
        """
INSERT INTO case_tallies (centre_id, scope, state, case_count, claim_amount, agreed_amount)
SELECT centre_id, 'centre', state, count(*), sum(claim_amount),
       coalesce(sum(agreed_amount) FILTER (WHERE state = 'settled'), 0)
FROM cases WHERE centre_id = :centre GROUP BY centre_id, state
UNION ALL
SELECT centre_id, 'court:' || court_id, state, count(*), sum(claim_amount),
       coalesce(sum(agreed_amount) FILTER (WHERE state = 'settled'), 0)
FROM cases WHERE centre_id = :centre AND court_id IS NOT NULL GROUP BY centre_id, court_id, state
"""
    ),
)


def bulk_cases(
    app, world: World, count: int, *, focus_mediator: int, focus_every: int, only_state: str | None = None
) -> None:
    """``count`` cases in one INSERT … SELECT, the tallies rebuilt to match, then ANALYZE."""
    others = [m for m in world.mediator_ids if m != focus_mediator]
    parameters = {
        "centre": world.centre_id,
        "court": world.court_id,
        "staff": world.staff_id,
        "enterprises": world.enterprise_ids,
        "n_enterprises": len(world.enterprise_ids),
        "others": others,
        "n_others": len(others),
        "focus": focus_mediator,
        "focus_every": focus_every,
        "industries": list(INDUSTRIES),
        "n_industries": len(INDUSTRIES),
        "count": count,
        "last": count,
        "only_state": only_state,
    }
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            connection.execute(text("SET LOCAL synchronous_commit = off"))
            connection.execute(BULK_CASES, parameters)
            for statement in REBUILD_TALLIES:
                connection.execute(statement, {"centre": world.centre_id})
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        db.session.remove()


@dataclass
class ScaleDatabase:
    count: int
    stack: Stack
    world: World
    focus_mediator: int
    focus_cases: int
    seconds: float


def scale_database(run: Run, count: int) -> ScaleDatabase:
    """A PostgreSQL database with ``count`` generated cases; shared by the benchmarks of
    one run (the 1,000,000-case one is built once for totals and queue)."""
    focus_target = run.pick(3_000, 300)
    key = ("scale", count, focus_target)
    if key in run.scale_databases:
        return run.scale_databases[key]
    progress(f"building a PostgreSQL database with {count:,} cases")
    stack = run.stack("postgresql")
    world = build_world(stack.app, mediators=5)
    focus = world.mediator_ids[0]
    start = time.perf_counter()
    # At least two cases in three go to other mediators, so the state mix (and the
    # dashboard's intake list) is alike at every size.
    bulk_cases(stack.app, world, count, focus_mediator=focus, focus_every=max(3, count // focus_target))
    seconds = time.perf_counter() - start
    with stack.app.app_context():
        focus_cases = db.session.execute(
            text("SELECT count(*) FROM cases WHERE mediator_id = :m"), {"m": focus}
        ).scalar_one()
        db.session.remove()
    result = ScaleDatabase(count, stack, world, focus, focus_cases, seconds)
    run.scale_databases[key] = result
    run.report.figure(
        "setup",
        f"generate {count:,} cases (INSERT … SELECT + tallies + ANALYZE)",
        f"{seconds:.1f} s",
        f"{focus_cases:,} of them assigned to the queue's mediator",
    )
    return result


def verify_tallies(stack: Stack, centre_id: int) -> list[str]:
    """What ``totals verify`` would report for the generated data (should be nothing)."""
    from mediation_app.reporting.queries import totals_differences

    with stack.app.app_context():
        differences = totals_differences(centre_id)
        db.session.remove()
    return differences


# ---- query plans -----------------------------------------------------------------------------


def explain(app, fn: Callable[[], object]) -> str:
    """EXPLAIN ANALYZE of the last SELECT that ``fn`` runs on ``app``'s engine
    (PostgreSQL): the statement runs once more, as the app sent it."""
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", capture)
        try:
            fn()
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        statement, parameters = captured[-1]
        with engine.connect() as connection:
            connection.exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters).all()  # warm
            rows = connection.exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters).all()
        db.session.remove()
    return "\n".join(row[0] for row in rows)


def plan_summary(plan: str) -> str:
    """The access paths on ``cases`` in a plan (indexes used, or a sequential scan) and
    the server's planning and execution times, which tell data access from the rest."""
    paths = []
    for line in plan.splitlines():
        match = re.search(
            r"(Seq Scan|Index Scan Backward|Index Scan|Index Only Scan|Bitmap Index Scan)"
            r"(?: using (\w+))? on (\w+)",
            line,
        )
        if match and (match.group(3) == "cases" or (match.group(2) or "").startswith("ix_cases")):
            paths.append(f"{match.group(1)}{' ' + match.group(2) if match.group(2) else ''}")
    summary = ", ".join(dict.fromkeys(paths)) or "no access path on cases"
    times = dict(re.findall(r"(Planning|Execution) Time: ([0-9.]+) ms", plan))
    if times:
        summary += f" (server: plan {times.get('Planning', '?')} + run {times.get('Execution', '?')} ms)"
    return summary


# ---- gunicorn and HTTP -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def _gunicorn_command() -> list[str]:
    binary = Path(sys.executable).parent / "gunicorn"
    return [str(binary)] if binary.exists() else [sys.executable, "-m", "gunicorn"]


@dataclass
class Server:
    port: int
    log_path: Path

    def log_tail(self, characters: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-characters:]


@contextlib.contextmanager
def gunicorn(run: Run, stack: Stack, *, workers: int = 2):
    """``gunicorn -w 2`` (sync workers) on a free loopback port, serving
    ``benchmarks.wsgi:app`` on ``stack``'s database; stopped (by its pid) on exit.
    Yields a :class:`Server`; its log holds the workers' errors."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": stack.url,
        "DOCUMENT_STORAGE": str(stack.storage),
        "SECRET_KEY": SECRET_KEY,
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
    }
    log_path = run.tempdir("gunicorn") / "gunicorn.log"
    command = [
        *_gunicorn_command(),
        "-w",
        str(workers),
        "-b",
        f"{LOOPBACK}:{port}",
        "--log-level",
        "warning",
        "benchmarks.wsgi:app",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(port, process, log_path)
        yield Server(port, log_path)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(port: int, process, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            status, _body, _headers = request(port, "GET", "/_bench/ping")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


def request(port: int, method: str, path: str, *, body=None, headers: dict | None = None):
    """One request on a new connection: (status, body bytes, headers)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def http_login(port: int, email: str) -> str:
    """Log in through the real form (CSRF token and all); returns the Cookie header."""
    status, body, headers = request(port, "GET", "/login")
    cookies = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
    if status != 200 or match is None:
        raise RuntimeError(f"GET /login gave {status} without a CSRF token")
    form = urllib.parse.urlencode(
        {"email": email, "password": PASSWORD, "csrf_token": match.group(1).decode(), "next": ""}
    )
    status, _body, headers = request(
        port,
        "POST",
        "/login",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={m.value}" for k, m in cookies.items()),
        },
    )
    if status != 302:
        raise RuntimeError(f"POST /login gave {status}, not a redirect")
    for value in headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    return "; ".join(f"{k}={m.value}" for k, m in cookies.items())


@dataclass
class LoadResult:
    seconds: float
    latencies: list[float]
    errors: int
    statuses: Counter

    @property
    def successes(self) -> int:
        return len(self.latencies) - self.errors

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def successes_per_second(self) -> float:
        return self.successes / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return median(self.latencies) if self.latencies else float("nan")

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99) if self.latencies else float("nan")

    @staticmethod
    def merge(results: list["LoadResult"]) -> "LoadResult":
        statuses = Counter()
        for result in results:
            statuses.update(result.statuses)
        return LoadResult(
            sum(r.seconds for r in results),
            [latency for r in results for latency in r.latencies],
            sum(r.errors for r in results),
            statuses,
        )


def load_alternating(
    port: int,
    steps: dict[str, Callable[[int], "Step"]],
    *,
    threads: int,
    seconds: float,
    slices: int,
    warmup: float,
) -> dict[str, LoadResult]:
    """``load`` each endpoint for ``seconds`` in total, cut into ``slices`` turns taken
    round-robin, so drift in the machine's load (another process running tests)
    hits every endpoint alike. Each endpoint is warmed up on its first turn."""
    results = {name: [] for name in steps}
    for turn in range(slices):
        for name, make_step in steps.items():
            results[name].append(
                load(
                    port,
                    make_step,
                    threads=threads,
                    seconds=seconds / slices,
                    warmup=warmup if turn == 0 else 0.1,
                )
            )
    return {name: LoadResult.merge(parts) for name, parts in results.items()}


# A step sends one request on the thread's connection and says whether it succeeded.
Step = Callable[[http.client.HTTPConnection], tuple[bool, int]]


def get_step(path: str, headers: dict) -> Callable[[int], Step]:
    """Every thread GETs ``path`` and reads the whole body; 200 is success."""

    def make(_thread_index: int) -> Step:
        def step(connection):
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status == 200, response.status

        return step

    return make


def load(port: int, make_step: Callable[[int], Step], *, threads: int, seconds: float, warmup: float):
    """Drive the server from ``threads`` threads, each with its own keep-alive
    ``http.client`` connection (gunicorn's sync workers close after each response;
    http.client then reconnects by itself). Requests started in the first
    ``warmup`` seconds are not counted; nothing starts after ``warmup + seconds``."""
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0
    last_end = measure_from

    def worker(index: int) -> None:
        nonlocal errors, last_end
        step = make_step(index)
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
        mine, my_statuses, my_errors, my_end = [], Counter(), 0, measure_from
        try:
            while True:
                began = time.perf_counter()
                if began >= stop_at:
                    break
                try:
                    ok, status = step(connection)
                except (OSError, http.client.HTTPException) as error:
                    ok, status = False, type(error).__name__
                    connection.close()
                ended = time.perf_counter()
                if began >= measure_from:
                    mine.append(ended - began)
                    my_statuses[status] += 1
                    my_errors += not ok
                    my_end = ended
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)
                statuses.update(my_statuses)
                errors += my_errors
                last_end = max(last_end, my_end)

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=warmup + seconds + 60)
    return LoadResult(last_end - measure_from, latencies, errors, statuses)


def growth_goal(
    run, name: str, label: str, samples: dict, key: str, small: int, large: int, goal: float
) -> None:
    """Report how a figure grows from ``small`` to ``large`` cases against its goal."""
    growth = median(samples[(key, large)]) / median(samples[(key, small)])
    run.report.goal(
        name, f"{label} at {large:,} vs {small:,} cases", f"{growth:.2f}×", f"≤ {goal}×", growth <= goal
    )
