"""The dashboard at scale (PostgreSQL): 1,000 cases vs 1,000,000 cases.

The cases come from the same generator as the totals benchmark
(``support.scale_database``: INSERT … SELECT, shared by the run); their monthly
figures are then built by ``rebuild_monthly_figures`` (the recomputation that
``totals verify`` runs) and checked with ``figures_differences`` before timing.
Timed, alternating the two sizes: ``statistics()`` for one year and for the whole
history (84 months), the dashboard's data (``views.dashboard_context``: statistics,
charts, state totals, intake and deadline lists, overdue count) and the full HTTP
page through gunicorn (``support.page_latencies``). Goal: 1M within 1.2× of 1k.
"""

import time
from datetime import date

from benchmarks import support
from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.reporting.operations import rebuild_monthly_figures
from mediation_app.reporting.periods import Period
from mediation_app.reporting.queries import statistics
from mediation_app.reporting.recompute import figures_differences
from mediation_app.reporting.views import dashboard_context
from mediation_app.types import utcnow

NAME = "dashboard"
GOAL_GROWTH = 1.2
# The generator spreads filings over 2019-01-01 + 2,550 days (to December 2025).
YEAR = Period(date(2025, 1, 1), date(2025, 12, 1))
HISTORY = Period(date(2019, 1, 1), date(2025, 12, 1))
PAGE = "/dashboard?from=2019-01&to=2025-12"


def run(run: support.Run) -> None:
    sizes = (1_000, run.pick(1_000_000, 20_000))
    scales = {count: support.scale_database(run, count) for count in sizes}
    variants = {}
    for count, scale in scales.items():
        _build_figures(run, scale)
        calls = _calls(scale)
        for key, call in calls.items():
            variants[(key, count)] = (scale.stack.app, call)
    support.progress("dashboard: timing statistics and the dashboard's data, sizes alternating")
    samples = support.alternating(
        variants, rounds=run.pick(10, 4), per_round=run.pick(30, 10), between=db.session.expunge_all
    )
    support.progress("dashboard: timing the HTTP page, sizes alternating")
    pages = {("page", count): support.Page(scale.stack, PAGE, b"<svg") for count, scale in scales.items()}
    samples |= support.page_latencies(run, pages)
    small, large = sizes
    labels = {
        "year": "statistics(), one year (12 months)",
        "history": "statistics(), whole history (84 months)",
        "data": "dashboard data (statistics, charts, lists, counts)",
        "page": f"HTTP GET {PAGE} (gunicorn, logged in)",
    }
    for key, label in labels.items():
        for count in sizes:
            timing = samples[(key, count)]
            run.report.figure(
                NAME,
                f"{label} at {count:,} cases",
                support.ms(support.median(timing)),
                f"median of {len(timing)}, p90 {support.ms(support.percentile(timing, 0.9))}",
            )
    for key in ("history", "data", "page"):
        support.growth_goal(run, NAME, labels[key], samples, key, small, large, GOAL_GROWTH)


def _build_figures(run: support.Run, scale: support.ScaleDatabase) -> None:
    """Monthly figures for the generated cases, by the recomputation, then verified."""
    support.progress(f"dashboard: building the monthly figures of {scale.count:,} cases")
    with scale.stack.app.app_context():
        start = time.perf_counter()
        rebuild_monthly_figures(scale.world.centre_id)
        built = time.perf_counter() - start
        start = time.perf_counter()
        differences = figures_differences(scale.world.centre_id)
        verified = time.perf_counter() - start
        rows = db.session.execute(db.text("SELECT count(*) FROM monthly_figures")).scalar_one()
        db.session.remove()
    if differences:
        raise RuntimeError(f"monthly figures differ from the cases: {differences[:3]}")
    run.report.figure(
        "setup",
        f"monthly figures of {scale.count:,} cases: rebuild / verify",
        f"{built:.1f} s / {verified:.1f} s",
        f"{rows:,} rows; verify found no difference",
    )


def _calls(scale: support.ScaleDatabase) -> dict:
    centre_id = scale.world.centre_id
    with scale.stack.app.app_context():
        staff = db.session.get(User, scale.world.staff_id)
        db.session.expunge(staff)  # detached but loaded: every call starts from an empty session
        db.session.remove()
    args = {"from": f"{HISTORY.first:%Y-%m}", "to": f"{HISTORY.last:%Y-%m}"}
    return {
        "year": lambda: statistics(centre_id, YEAR),
        "history": lambda: statistics(centre_id, HISTORY),
        "data": lambda: dashboard_context(staff, args, utcnow()),
    }
