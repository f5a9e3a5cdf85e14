"""Shared helpers of the benchmarks.

Throwaway databases (PostgreSQL ``bench_<random>``, created and dropped like
``tests/conftest.py`` does; a temporary SQLite file), the app on them, a small
world of people made through the real operations, bulk case generation in SQL
for the scale benchmarks, gunicorn on a free loopback port (the product or the floor),
load from wrk (``requests.lua``) and pages timed one request at a time, timing
(medians over repeats) and the report that ``__main__`` prints.

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
AUDIT_KEY = "benchmark-audit-key-for-throwaway-databases"
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
            "AUDIT_KEY": AUDIT_KEY,
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

# INSERT … SELECT FROM generate_series into the real table, cases ``first`` to ``stop``
# of ``last`` (filing dates spread over all ``last``). States follow a
# plausible mix; every ``focus_every``-th case belongs to the focus mediator and is
# never unassigned; one case in five comes from the court. Money is integer fen
# (mediation_app.types.Money). Serials have 8 digits: lpad cuts longer ones, and
# 10,000,000 has 8.
BULK_CASES = text(
    """
INSERT INTO cases (centre_id, number, state, source, court_id, court_case_number, applicant_id,
    respondent_id, mediator_id, claim_amount, agreed_amount, summary, industry, terms,
    performance_deadline, deadline, outcome_reason, filed_by_id, version, created_at, updated_at,
    concluded_at, procedure, clock_started_at, extension_days)
SELECT :centre,
    '(' || extract(year FROM filed_at AT TIME ZONE 'Asia/Shanghai')::int || ')基商调字第'
        || lpad(i::text, 8, '0') || '号',
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
    FROM generate_series(CAST(:first AS integer), CAST(:stop AS integer)) AS i
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


# Cases per INSERT … SELECT: one transaction each, so 10,000,000 cases report progress
# and no single transaction holds gigabytes of new rows.
BULK_CHUNK = 1_000_000
# The indexes of ``cases`` that back no constraint: dropped while the cases go in and
# built again afterwards from their own definitions (faster than keeping eight indexes
# up to date row by row; the schema ends as the migrations made it).
PLAIN_INDEXES = text(
    """
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = 'cases'
  AND indexname NOT IN (SELECT conname FROM pg_constraint)
"""
)


def bulk_cases(
    app, world: World, count: int, *, focus_mediator: int, focus_every: int, only_state: str | None = None
) -> None:
    """``count`` cases by INSERT … SELECT (a million at a time), then what ``flask
    totals rebuild`` would do after such a load for what the pages read (the tallies
    and the mediators' open-case counts), then ANALYZE."""
    from mediation_app.cases.workloads import rebuild_workloads

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
        "last": count,
        "only_state": only_state,
    }
    with app.app_context():
        with db.engine.begin() as connection:
            indexes = connection.execute(PLAIN_INDEXES).all()
            for name, _definition in indexes:
                connection.execute(text(f'DROP INDEX "{name}"'))
        _insert_in_chunks(parameters, count)
        with db.engine.begin() as connection:
            if count > BULK_CHUNK:
                progress(f"indexing {count:,} cases and rebuilding the tallies")
            connection.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
            for _name, definition in indexes:
                connection.execute(text(definition))
            for statement in REBUILD_TALLIES:
                connection.execute(statement, {"centre": world.centre_id})
        rebuild_workloads(world.centre_id)
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        db.session.remove()


def _insert_in_chunks(parameters: dict, count: int) -> None:
    """:data:`BULK_CASES` for cases 1 to ``count``, one transaction per chunk, without
    re-checking foreign keys (every id used exists) or waiting for the WAL flush."""
    for first in range(1, count + 1, BULK_CHUNK):
        stop = min(count, first + BULK_CHUNK - 1)
        if count > BULK_CHUNK:
            progress(f"inserting cases {first:,} to {stop:,} of {count:,}")
        with db.engine.begin() as connection:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            connection.execute(text("SET LOCAL synchronous_commit = off"))
            connection.execute(BULK_CASES, parameters | {"first": first, "stop": stop})


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
    one run (the 1,000,000-case one is built once for totals, dashboard and the case page)."""
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
        f"generate {count:,} cases (INSERT … SELECT, indexes, tallies, workloads, ANALYZE)",
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

PRODUCT = "benchmarks.wsgi:app"
FLOOR = "benchmarks.floor:app"
# A path that answers 200 without the database: the server is up when it does.
_READY = {PRODUCT: "/_bench/empty", FLOOR: "/hello"}


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
def gunicorn(run: Run, stack: Stack, *, app: str = PRODUCT, workers: int = 2, env: dict | None = None):
    """``gunicorn -w 2`` (sync workers) on a free loopback port, serving ``app`` on
    ``stack``'s database: the product (``benchmarks.wsgi``, with the repository's
    ``gunicorn.conf.py`` as ``make serve`` runs it, its metrics in a folder of this run)
    or the floor (``benchmarks.floor``, gunicorn's defaults and nothing else).
    Stopped (by its pid) on exit. Yields a :class:`Server`; its log holds the workers' errors."""
    port = free_port()
    folder = run.tempdir("gunicorn")
    env = {
        **os.environ,
        "DATABASE_URL": stack.url,
        "DOCUMENT_STORAGE": str(stack.storage),
        "SECRET_KEY": SECRET_KEY,
        "AUDIT_KEY": AUDIT_KEY,
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
        **(env or {}),
    }
    # Started in an empty folder: gunicorn reads ./gunicorn.conf.py by itself, and the
    # floor must not get the product's.
    config = ["--config", str(ROOT / "gunicorn.conf.py")] if app == PRODUCT else []
    command = [
        *_gunicorn_command(),
        *config,
        "--chdir",
        str(ROOT),
        "-w",
        str(workers),
        "-b",
        f"{LOOPBACK}:{port}",
        "--log-level",
        "warning",
        app,
    ]
    log_path = folder / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(port, _READY[app], process, log_path)
        yield Server(port, log_path)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(port: int, path: str, process, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            status, _body, _headers = request(port, "GET", path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


def request(port: int, method: str, path: str, *, body=None, headers: dict | None = None):
    """One request on a new connection: (status, body bytes, headers). For checking
    answers and single timed requests; load comes from :func:`wrk`."""
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
class Page:
    """A page to time: ``GET path`` as the world's staff on ``stack``'s database; the
    body must contain ``marker`` (the page really rendered, not a redirect or an error)."""

    stack: Stack
    path: str
    marker: bytes


def page_latencies(run: Run, pages: dict) -> dict[object, list[float]]:
    """Seconds per request of each of ``pages`` (a dict of :class:`Page`), one request at
    a time, in 10 rounds (3 with ``--quick``) of a block of 20 (5) for each page, taking
    turns between the pages' servers (gunicorn with one sync worker each, so they do not
    compete for the 2 cores). The first request of a block is not timed: it warms the
    worker's connection pool."""
    rounds, per_round = run.pick(10, 3), run.pick(20, 5)
    samples = {key: [] for key in pages}
    with contextlib.ExitStack() as stack:
        servers = {
            key: stack.enter_context(gunicorn(run, page.stack, workers=1)) for key, page in pages.items()
        }
        cookies = {key: http_login(server.port, World.staff_email) for key, server in servers.items()}
        for _round in range(rounds):
            for key, page in pages.items():
                for index in range(per_round + 1):
                    start = time.perf_counter()
                    status, body, _headers = request(
                        servers[key].port, "GET", page.path, headers={"Cookie": cookies[key]}
                    )
                    elapsed = time.perf_counter() - start
                    if status != 200 or page.marker not in body:
                        raise RuntimeError(f"GET {page.path} gave {status}:\n{servers[key].log_tail()}")
                    if index:
                        samples[key].append(elapsed)
    return samples


# ---- load: wrk -------------------------------------------------------------------------------

# wrk (a C load generator, installed by scripts/ensure-system-deps.sh): a Python client
# on the same 2 cores took much of the CPU it was measuring. One connection per wrk
# thread, so that each connection plays its own lane of the request list in order.
WRK_SCRIPT = Path(__file__).with_name("requests.lua")
CONNECTIONS = 4  # two per sync worker: one being answered, the next one waiting


@dataclass
class Call:
    """One HTTP request as wrk sends it."""

    method: str
    path: str
    headers: dict = field(default_factory=dict)
    body: str = ""

    def line(self) -> str:
        fields = [self.method, self.path, self.body, *(f"{k}: {v}" for k, v in self.headers.items())]
        if any(c in f for f in fields for c in "\t\n"):
            raise ValueError(f"a tab or newline in {self}: wrk's request file has one request a line")
        return "\t".join(fields)


@dataclass
class Load:
    """What one variant sends to the server on ``port``: connection ``k`` of
    :data:`CONNECTIONS` sends ``calls[k]``, ``calls[k + CONNECTIONS]`` … in order, each
    once the previous one is answered, so calls that must not overtake one another go
    on one such lane. A ``cyclic`` load is sent whole on every connection, from the
    first call again when it runs out; otherwise running out is reported (e.g. a list
    of transitions whose versions would then be stale)."""

    port: int
    calls: list[Call]
    cyclic: bool = True


@dataclass
class WrkResult:
    seconds: float
    requests: int
    statuses: Counter
    socket_errors: Counter
    p50: float
    p99: float
    ran_out: bool

    @property
    def successes(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def errors(self) -> int:
        """Answers other than 2xx, and connections that failed, timed out or broke."""
        return self.requests - self.successes + sum(self.socket_errors.values())

    @property
    def per_second(self) -> float:
        """Successful requests per second (2xx only)."""
        return self.successes / self.seconds if self.seconds else 0.0


def wrk(run: Run, load: Load, *, seconds: int) -> WrkResult:
    """``wrk`` for ``seconds`` (whole seconds) playing ``load.calls`` with
    ``requests.lua`` on :data:`CONNECTIONS` keep-alive connections, one per thread
    (gunicorn's sync workers close each after its answer; the thread reconnects and
    goes on with its lane)."""
    calls = load.calls * CONNECTIONS if load.cyclic else load.calls  # a cyclic load on every lane
    calls_file = run.tempdir("wrk") / "calls.tsv"
    calls_file.write_text("".join(call.line() + "\n" for call in calls), encoding="utf-8")
    command = [
        "wrk",
        f"-t{CONNECTIONS}",
        f"-c{CONNECTIONS}",
        f"-d{max(1, seconds)}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_SCRIPT),
        f"http://{LOOPBACK}:{load.port}",
        "--",
        str(calls_file),
        str(CONNECTIONS),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    found = re.search(r"^wrk-result (\{.*\})$", finished.stdout, re.MULTILINE)
    if finished.returncode != 0 or found is None:
        raise RuntimeError(
            f"wrk failed ({finished.returncode}):\n{finished.stdout}\n{finished.stderr}"[-3000:]
        )
    figures = json.loads(found.group(1))
    ran_out = bool(figures["wrapped"]) and not load.cyclic
    return WrkResult(
        figures["duration_us"] / 1e6,
        figures["requests"],
        Counter({int(status): n for status, n in figures["statuses"].items()}),
        Counter({kind: n for kind, n in figures["socket_errors"].items() if n}),
        figures["p50_us"] / 1e6,
        figures["p99_us"] / 1e6,
        ran_out,
    )


@dataclass
class Measured:
    """One variant's wrk rounds of an alternating run."""

    rounds: list[WrkResult]

    @property
    def per_second(self) -> float:
        return median([r.per_second for r in self.rounds])

    @property
    def p50(self) -> float:
        return median([r.p50 for r in self.rounds])

    @property
    def p99(self) -> float:
        return median([r.p99 for r in self.rounds])

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.rounds)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rounds) + sum(r.ran_out for r in self.rounds)

    def describe(self) -> str:
        """Latencies, rounds and errors, for a figure's note."""
        statuses = Counter()
        sockets = Counter()
        for result in self.rounds:
            statuses.update({s: n for s, n in result.statuses.items() if not 200 <= s < 300})
            sockets.update(result.socket_errors)
        problems = [f"{n} × {s}" for s, n in sorted(statuses.items())]
        problems += [f"{n} socket {kind}" for kind, n in sorted(sockets.items())]
        problems += ["request list ran out"] if any(r.ran_out for r in self.rounds) else []
        errors = f"errors: {', '.join(problems)}" if problems else "0 errors"
        return (
            f"p50 {ms(self.p50)}, p99 {ms(self.p99)}; median of {len(self.rounds)} rounds, "
            f"{self.requests:,} requests, {errors}"
        )

    def ratio_to(self, floor: "Measured") -> float:
        """The median over rounds of this variant's rate over the floor's in the same
        round: drift between rounds cancels out."""
        return median(
            [
                mine.per_second / theirs.per_second if theirs.per_second else 0.0
                for mine, theirs in zip(self.rounds, floor.rounds, strict=True)
            ]
        )


def wrk_alternating(
    run: Run, variants: dict[str, Load | Callable[[], Load]], *, seconds: int
) -> dict[str, Measured]:
    """Each variant under :func:`wrk` for ``seconds`` in each of 5 rounds (2 with
    ``--quick``), taking turns (the order reversed every other round: A B, B A, A B …)
    so drift in the machine's load hits them alike; each is first warmed up for a
    second, not counted (not with ``--quick``: the servers have answered their checks).
    A variant is a :class:`Load`, or a function giving one afresh for every turn
    (transitions need the cases' current versions)."""
    rounds, warmup = run.pick(5, 2), run.pick(1, 0)

    def load_of(name: str) -> Load:
        variant = variants[name]
        return variant if isinstance(variant, Load) else variant()

    for name in variants if warmup else ():
        progress(f"wrk: warming up {name}")
        wrk(run, load_of(name), seconds=warmup)
    results = {name: [] for name in variants}
    names = list(variants)
    for turn in range(rounds):
        progress(f"wrk: round {turn + 1} of {rounds}, {len(names)} variants × {seconds} s")
        for name in names if turn % 2 == 0 else reversed(names):
            results[name].append(wrk(run, load_of(name), seconds=seconds))
    return {name: Measured(parts) for name, parts in results.items()}


def http_figure(run: Run, benchmark: str, label: str, measured: Measured) -> None:
    run.report.figure(benchmark, label, rate(measured.per_second), measured.describe())


def ratio_goal(
    run: Run, benchmark: str, label: str, product: Measured, floor: Measured, at_least: float
) -> None:
    """The product's rate against the floor's (paired by round), with zero errors."""
    ratio = product.ratio_to(floor)
    run.report.goal(
        benchmark,
        label,
        f"{ratio:.2f}× ({rate(product.per_second)} vs {rate(floor.per_second)}), {product.errors} errors",
        f"≥ {at_least}×, 0 errors",
        ratio >= at_least and product.errors == 0,
    )


def growth_goal(
    run, name: str, label: str, samples: dict, key: str, small: int, large: int, goal: float
) -> None:
    """Report how a figure grows from ``small`` to ``large`` cases against its goal."""
    growth = median(samples[(key, large)]) / median(samples[(key, small)])
    run.report.goal(
        name, f"{label} at {large:,} vs {small:,} cases", f"{growth:.2f}×", f"≤ {goal}×", growth <= goal
    )
