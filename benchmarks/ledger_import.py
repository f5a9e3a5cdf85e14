"""Importing and exporting a 100,000-row case ledger (台账), PostgreSQL and SQLite.

Generates a ledger workbook of N rows (a plausible mix of states, 2,000 parties of
which most are new to the centre, a payment under every second agreement), then
times ``ledger.operations.import_ledger`` on a fresh database, as ``flask ledger
import`` and the upload page run it: every row validated, then all of it written
in one transaction, one timeline event and the totals per case. The kept totals
are checked against their recomputation (``totals_differences``). Then times the
export of the same cases (``ledger_rows`` streamed into a write-only workbook) and
the peak memory of the export (tracemalloc). Goal (QUALITY.md): import ≤ 10 s.
"""

import contextlib
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from benchmarks import support
from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.ledger import columns as c
from mediation_app.ledger import operations as ledger_operations
from mediation_app.ledger.queries import ledger_rows
from mediation_app.reporting.queries import totals_differences
from mediation_app.spreadsheets import write_workbook

NAME = "ledger"
GOAL_SECONDS = 10
PARTIES = 2_000
# (state, share of rows in 20) of a centre's history: mostly concluded cases.
STATES = [
    ("调解成功", 9),
    ("已转法院", 4),
    ("已撤回", 2),
    ("不予受理", 1),
    ("调解中", 2),
    ("已受理", 1),
    ("已申请", 1),
]
INDUSTRIES = list(c.INDUSTRY_NAMES.values())
DISPUTE_TYPES = list(c.DISPUTE_TYPE_NAMES.values())
SOURCES = list(c.SOURCE_NAMES.values())
FIRST_DAY = date(2015, 1, 1)


def _states() -> list[str]:
    return [state for state, share in STATES for _ in range(share)]


def ledger_rows_for(count: int, mediators: list[str]):
    """``count`` valid ledger rows, in the columns' order."""
    states = _states()
    for n in range(count):
        state = states[n % len(states)]
        applicant, respondent = n % PARTIES, (n * 7 + 1) % PARTIES
        if applicant == respondent:
            respondent = (respondent + 1) % PARTIES
        filed_on = FIRST_DAY + timedelta(days=n % 3650)
        claim = Decimal(10_000 + (n * 137) % 990_000) + Decimal(n % 100) / 100
        settled = state == "调解成功"
        agreed = (claim * 9 / 10).quantize(Decimal("0.01")) if settled else None
        performed = (agreed / 2).quantize(Decimal("0.01")) if settled and n % 2 else None
        yield (
            f"({filed_on.year})基商调字第{n + 1:06d}号",
            filed_on,
            SOURCES[n % len(SOURCES)],
            f"江苏基准{applicant}号纺织科技有限公司",
            f"江苏基准{respondent}号纺织科技有限公司",
            INDUSTRIES[n % len(INDUSTRIES)],
            DISPUTE_TYPES[n % len(DISPUTE_TYPES)],
            claim,
            None if state in ("已申请", "不予受理") else mediators[n % len(mediators)],
            state,
            filed_on + timedelta(days=20)
            if state in ("调解成功", "已转法院", "已撤回", "不予受理")
            else None,
            agreed,
            c.performance_of(agreed, performed or Decimal(0)),
            support.bench_uscc(100 + applicant),
            support.bench_uscc(100 + respondent),
            performed,
        )


# What the import calls outside the ledger package, timed apart to show where the
# time goes: the totals (per case), the timeline events, the bulk inserts (cases,
# events and payments; on PostgreSQL most of it is the server checking foreign keys).
RECORDERS = ("record_case_move", "record_performance", "event_values", "insert_rows")


@contextlib.contextmanager
def _time_spent_in(names):
    """Seconds spent in each of ``names`` as ``ledger.operations`` calls them."""
    spent = dict.fromkeys(names, 0.0)
    originals = {name: getattr(ledger_operations, name) for name in names}

    def timed(name, fn):
        def call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        return call

    for name, fn in originals.items():
        setattr(ledger_operations, name, timed(name, fn))
    try:
        yield spent
    finally:
        for name, fn in originals.items():
            setattr(ledger_operations, name, fn)


def run(run: support.Run) -> None:
    count = run.pick(100_000, 2_000)
    workbook = run.tempdir("ledger") / "ledger.xlsx"
    mediators = [f"调解员{i}" for i in range(3)]
    start = time.perf_counter()
    write_workbook(workbook, c.COLUMNS, ledger_rows_for(count, mediators), title=c.SHEET_TITLE)
    run.report.figure(
        NAME,
        f"generate a {count:,}-row ledger workbook",
        f"{time.perf_counter() - start:.1f} s",
        f"{support.size(workbook.stat().st_size)}",
    )
    for backend in ("postgresql", "sqlite"):
        with contextlib.ExitStack() as cleanup:
            stack = run.stack(backend, cleanup)
            world = support.build_world(stack.app, mediators=3)
            _import_and_export(run, stack, world, workbook, count)


def _import_and_export(run: support.Run, stack: support.Stack, world: support.World, workbook: Path, count):
    backend = stack.backend
    with stack.app.app_context():
        staff = db.session.get(User, world.staff_id)
        support.progress(f"ledger: importing {count:,} rows ({backend})")
        start = time.perf_counter()
        with workbook.open("rb") as stream, _time_spent_in(RECORDERS) as spent:
            result = ledger_operations.import_ledger(staff, stream, file_name=workbook.name)
        seconds = time.perf_counter() - start
        if result.imported != count or result.problems:
            raise RuntimeError(f"import incomplete: {result.imported} of {count}, {result.problems[:3]}")
        differences = totals_differences(world.centre_id)
        run.report.figure(
            NAME,
            f"import {count:,} rows, {backend}",
            f"{seconds:.1f} s",
            f"{count / seconds:,.0f} rows/s; validate + write in one transaction; of which "
            + ", ".join(f"{name} {spent[name]:.1f} s" for name in RECORDERS)
            + f"; totals verify: {'ok' if not differences else differences[:2]}",
        )
        run.report.goal(
            NAME,
            f"import a {count:,}-row ledger ({backend})",
            f"{seconds:.1f} s",
            f"≤ {GOAL_SECONDS} s",
            seconds <= GOAL_SECONDS,
        )
        db.session.remove()

        target = workbook.with_name(f"export-{backend}.xlsx")
        seconds = _export(world, target)
        _export(world, target, traced=True)
        tracemalloc_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        run.report.figure(
            NAME,
            f"export {count:,} cases, {backend}",
            f"{seconds:.1f} s",
            f"{count / seconds:,.0f} rows/s; file {support.size(target.stat().st_size)}; peak Python "
            f"memory of a second run {support.size(tracemalloc_peak)} (tracemalloc)",
        )


def _export(world: support.World, target: Path, *, traced: bool = False) -> float:
    """Seconds to stream the centre's ledger into ``target``; with ``traced``, memory is
    traced from the start (the caller reads the peak and stops tracing)."""
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    write_workbook(target, c.COLUMNS, ledger_rows(Case.centre_id == world.centre_id), title=c.SHEET_TITLE)
    seconds = time.perf_counter() - start
    db.session.remove()
    return seconds
