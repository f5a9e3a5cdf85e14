"""The centre's totals at scale (PostgreSQL): 1,000 cases vs 1,000,000 cases.

Times ``reporting.queries.totals(centre_id)`` (the kept tallies: a handful of
primary-key rows), the staff dashboard's queries (totals plus the intake list,
as ``reporting.views.dashboard`` runs them) and, for comparison, the naive
aggregate ``SUM(claim_amount) … WHERE state = 'settled'`` over the cases.
The generated data's tallies are checked with ``totals_differences`` (what
``flask totals verify`` runs) before timing. Goal: 1M within 1.2× of 1k.
"""

from sqlalchemy import func, select, type_coerce

from benchmarks import support
from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.cases.queries import list_cases
from mediation_app.extensions import db
from mediation_app.reporting.queries import totals
from mediation_app.types import Money
from workflows.case_states import CaseState

NAME = "totals"
GOAL_GROWTH = 1.2


def run(run: support.Run) -> None:
    sizes = (1_000, run.pick(1_000_000, 20_000))
    measured = {}
    for count in sizes:
        scale = support.scale_database(run, count)
        differences = support.verify_tallies(scale.stack, scale.world.centre_id)
        if differences:
            raise RuntimeError(f"generated tallies differ from the cases: {differences[:3]}")
        measured[count] = _measure(run, scale)

    small, large = sizes
    for label, key in (("totals(centre_id)", "totals"), ("dashboard queries (totals + intake list)", "dashboard")):
        for count in sizes:
            run.report.figure(
                NAME,
                f"{label} at {count:,} cases",
                support.ms(support.median(measured[count][key])),
                f"median of {len(measured[count][key])}, p90 {support.ms(support.percentile(measured[count][key], 0.9))}",
            )
    for count in sizes:
        run.report.figure(
            NAME,
            f"naive SUM(claim_amount) WHERE state='settled' at {count:,} cases",
            support.ms(support.median(measured[count]["naive"])),
            f"median of {len(measured[count]['naive'])}; kept total = recomputed: {measured[count]['agrees']}",
        )
    for label, key in (("totals", "totals"), ("dashboard queries", "dashboard")):
        growth = support.median(measured[large][key]) / support.median(measured[small][key])
        run.report.goal(
            NAME,
            f"{label} at {large:,} vs {small:,} cases",
            f"{growth:.2f}×",
            f"≤ {GOAL_GROWTH}×",
            growth <= GOAL_GROWTH,
        )


def _measure(run: support.Run, scale: support.ScaleDatabase) -> dict:
    centre_id = scale.world.centre_id
    repeats = run.pick(500, 100)
    naive_repeats = run.pick(7 if scale.count >= 100_000 else 50, 10)
    with scale.stack.app.app_context():
        staff = db.session.get(User, scale.world.staff_id)
        db.session.expunge(staff)  # detached but loaded: each call below starts from an empty session

        def naive():
            return db.session.scalar(
                select(type_coerce(func.sum(Case.claim_amount), Money)).where(
                    Case.centre_id == centre_id, Case.state == CaseState.SETTLED
                )
            )

        def dashboard():
            totals(centre_id)
            list_cases(staff, state=CaseState.FILED, limit=10)

        support.progress(f"totals: timing at {scale.count:,} cases")
        result = {
            "totals": support.timed(lambda: totals(centre_id), repeats=repeats, between=db.session.expunge_all),
            "dashboard": support.timed(dashboard, repeats=repeats, between=db.session.expunge_all),
            "naive": support.timed(naive, repeats=naive_repeats, warmup=1),
            "agrees": totals(centre_id).resolved_claim_amount == naive(),
        }
        db.session.remove()
    return result
