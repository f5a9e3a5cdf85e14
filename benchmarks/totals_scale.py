"""The centre's totals at scale (PostgreSQL): 1,000 cases vs 1,000,000 cases.

Times ``reporting.queries.totals(centre_id)`` (the kept tallies: a handful of
primary-key rows), the staff dashboard's queries (totals plus the intake list,
as ``reporting.views.dashboard`` runs them) and, for comparison, the naive
aggregate ``SUM(claim_amount) … WHERE state = 'settled'`` over the cases. The
intake list is also timed alone, and with PostgreSQL's plan cache forced to a
generic plan, to tell data access from per-execution planning.
The generated data's tallies are checked with ``totals_differences`` (what
``flask totals verify`` runs) before timing. Goal: 1M within 1.2× of 1k.
"""

from sqlalchemy import func, select, text, type_coerce

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
    scales = {count: support.scale_database(run, count) for count in sizes}
    variants, naive, agrees, plans = {}, {}, {}, {}
    for count, scale in scales.items():
        differences = support.verify_tallies(scale.stack, scale.world.centre_id)
        if differences:
            raise RuntimeError(f"generated tallies differ from the cases: {differences[:3]}")
        calls = _calls(scale)
        variants[("totals", count)] = (scale.stack.app, calls["totals"])
        variants[("dashboard", count)] = (scale.stack.app, calls["dashboard"])
        variants[("intake", count)] = (scale.stack.app, calls["intake"])
        variants[("intake, generic plan", count)] = (scale.stack.app, calls["intake"], _generic_plans)
        with scale.stack.app.app_context():
            support.progress(f"totals: naive aggregate at {count:,} cases")
            naive[count] = support.timed(
                calls["naive"], repeats=run.pick(7 if count >= 100_000 else 50, 10), warmup=1
            )
            agrees[count] = totals(scale.world.centre_id).resolved_claim_amount == calls["naive"]()
            db.session.remove()
        intake_plan = support.plan_summary(support.explain(scale.stack.app, calls["intake"]))
        plans[count] = {
            "dashboard": f"intake list: {intake_plan}",
            "intake": intake_plan,
            "naive": support.plan_summary(support.explain(scale.stack.app, calls["naive"])),
        }
    support.progress("totals: timing totals and dashboard queries, sizes alternating")
    samples = support.alternating(
        variants, rounds=run.pick(10, 4), per_round=run.pick(50, 25), between=db.session.expunge_all
    )

    small, large = sizes
    for label, key in (
        ("totals(centre_id)", "totals"),
        ("dashboard queries (totals + intake list)", "dashboard"),
        ("intake list alone (no goal)", "intake"),
        ("intake list, plan_cache_mode=force_generic_plan (diagnostic)", "intake, generic plan"),
    ):
        for count in sizes:
            timing = samples[(key, count)]
            run.report.figure(
                NAME,
                f"{label} at {count:,} cases",
                support.ms(support.median(timing)),
                f"median of {len(timing)}, p90 {support.ms(support.percentile(timing, 0.9))}"
                + (f"; plan on cases: {plans[count][key]}" if key in plans[count] else ""),
            )
    for count in sizes:
        run.report.figure(
            NAME,
            f"naive SUM(claim_amount) WHERE state='settled' at {count:,} cases",
            support.ms(support.median(naive[count])),
            f"median of {len(naive[count])}; equals the kept total: {agrees[count]}; "
            f"plan: {plans[count]['naive']}",
        )
    for label, key in (("totals", "totals"), ("dashboard queries", "dashboard")):
        support.growth_goal(run, NAME, label, samples, key, small, large, GOAL_GROWTH)


def _generic_plans() -> None:
    """For this block's transaction only: PostgreSQL reuses one generic plan for the
    prepared statement, so the timing shows execution without re-planning."""
    db.session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))


def _calls(scale: support.ScaleDatabase) -> dict:
    """The timed calls on one database; each runs in that database's app context."""
    centre_id = scale.world.centre_id
    with scale.stack.app.app_context():
        staff = db.session.get(User, scale.world.staff_id)
        db.session.expunge(staff)  # detached but loaded: every call starts from an empty session
        db.session.remove()

    def naive():
        return db.session.scalar(
            select(type_coerce(func.sum(Case.claim_amount), Money)).where(
                Case.centre_id == centre_id, Case.state == CaseState.SETTLED
            )
        )

    def intake():
        return list_cases(staff, state=CaseState.FILED, limit=10)

    def dashboard():  # what reporting.views.dashboard queries
        totals(centre_id)
        intake()

    return {"totals": lambda: totals(centre_id), "dashboard": dashboard, "naive": naive, "intake": intake}
