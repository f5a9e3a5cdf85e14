"""A mediator's queue at scale (PostgreSQL): 10,000 vs 1,000,000 cases.

``cases.queries.list_cases(mediator, limit=20)``: the first page and a deep
keyset page (the cursor 2,000 cases into the mediator's own list), with the same
few thousand cases assigned to this mediator at both sizes and all the others
spread over other mediators. The plan's access path on ``cases`` is printed so a
missing index shows. For contrast (no goal): staff's first page, and the
mediator roster that the staff case page builds for its assign/reassign form.
Goal: 1M within 1.3× of 10k.
"""

from sqlalchemy import text

from benchmarks import support
from mediation_app.auth.models import User
from mediation_app.cases.conflicts import mediator_roster
from mediation_app.cases.queries import list_cases
from mediation_app.extensions import db

NAME = "queue"
GOAL_GROWTH = 1.3


def run(run: support.Run) -> None:
    sizes = (run.pick(10_000, 2_000), run.pick(1_000_000, 20_000))
    depth = run.pick(2_000, 200)
    variants, roster, plans = {}, {}, {}
    for count in sizes:
        scale = support.scale_database(run, count)
        calls = _calls(scale, depth)
        for key in ("first", "deep", "staff"):
            variants[(key, count)] = (scale.stack.app, calls[key])
        with scale.stack.app.app_context():
            support.progress(f"queue: mediator roster at {count:,} cases")
            roster[count] = support.timed(
                calls["roster"],
                repeats=run.pick(5 if count >= 100_000 else 30, 5),
                warmup=1,
                between=db.session.expunge_all,
            )
            db.session.remove()
        plans[count] = {
            key: support.plan_summary(support.explain(scale.stack.app, calls[key])) for key in calls
        }
    support.progress("queue: timing the pages, sizes alternating")
    samples = support.alternating(
        variants, rounds=run.pick(10, 4), per_round=run.pick(50, 25), between=db.session.expunge_all
    )
    for count in sizes:
        samples[("roster", count)] = roster[count]

    small, large = sizes
    figures = (
        ("mediator first page", "first"),
        (f"mediator deep page (after {depth:,} of the mediator's cases)", "deep"),
        ("staff first page (no goal)", "staff"),
        ("mediator roster of the staff case page (no goal)", "roster"),
    )
    for label, key in figures:
        for count in sizes:
            timing = samples[(key, count)]
            run.report.figure(
                NAME,
                f"{label} at {count:,} cases",
                support.ms(support.median(timing)),
                f"median of {len(timing)}; plan on cases: {plans[count][key]}",
            )
    for label, key in (("first page", "first"), ("deep keyset page", "deep")):
        support.growth_goal(run, NAME, f"mediator's queue, {label},", samples, key, small, large, GOAL_GROWTH)


def _calls(scale: support.ScaleDatabase, depth: int) -> dict:
    """The timed calls on one database; each runs in that database's app context."""
    with scale.stack.app.app_context():
        mediator = db.session.get(User, scale.focus_mediator)
        staff = db.session.get(User, scale.world.staff_id)
        for user in (mediator, staff):
            db.session.expunge(user)  # detached but loaded: every call starts from an empty session
        cursor = db.session.execute(
            text("SELECT id FROM cases WHERE mediator_id = :m ORDER BY id DESC OFFSET :k LIMIT 1"),
            {"m": scale.focus_mediator, "k": depth - 1},
        ).scalar_one()
        first_page, _next = list_cases(mediator, limit=20)
        deep_page, _next = list_cases(mediator, before_id=cursor, limit=20)
        if len(first_page) != 20 or len(deep_page) != 20:
            raise RuntimeError("the mediator's pages are not full; the generated data is wrong")
        db.session.remove()
    centre_id = scale.world.centre_id
    return {
        "first": lambda: list_cases(mediator, limit=20),
        "deep": lambda: list_cases(mediator, before_id=cursor, limit=20),
        "staff": lambda: list_cases(staff, limit=20),
        "roster": lambda: mediator_roster(centre_id),
    }
