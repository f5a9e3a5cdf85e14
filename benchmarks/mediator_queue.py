"""A mediator's queue and the staff case list at scale (PostgreSQL): 10,000 vs 10,000,000 cases.

``cases.queries.list_cases``, 20 cases a page, newest first: for a mediator with the
same few thousand cases at both sizes (all the others spread over other mediators),
the first page and a deep keyset page (the cursor 2,000 cases into the mediator's
list); for staff, who see every case of the centre, the first page and a keyset page
halfway down the list. The 10,000,000 cases go in by the chunked bulk insert
(``support.bulk_cases``), a database of this benchmark's own. The plan's access path on
``cases`` is printed so a missing index shows. For contrast (no goal): the mediator
roster that the staff case page builds for its assign/reassign form.
Goals: each page at 10M within 1.3× of 10k.
"""

from sqlalchemy import select

from benchmarks import support
from mediation_app.auth.models import User
from mediation_app.cases.conflicts import mediator_roster
from mediation_app.cases.models import Case
from mediation_app.cases.queries import list_cases, visible_to
from mediation_app.extensions import db

NAME = "queue"
GOAL_GROWTH = 1.3
PAGE = 20
# (key, label): the timed pages, each with a goal.
PAGES = (
    ("mediator first", "mediator's queue, first page"),
    ("mediator deep", "mediator's queue, deep keyset page"),
    ("staff first", "staff case list, first page"),
    ("staff deep", "staff case list, keyset page halfway down"),
)


def run(run: support.Run) -> None:
    sizes = (run.pick(10_000, 2_000), run.pick(10_000_000, 20_000))
    depth = run.pick(2_000, 200)  # into the mediator's list, of the few thousand cases they have
    variants, roster, plans = {}, {}, {}
    for count in sizes:
        scale = support.scale_database(run, count)
        calls = _calls(scale, depth)
        for key, _label in PAGES:
            variants[(key, count)] = (scale.stack.app, calls[key])
        support.progress(f"queue: mediator roster at {count:,} cases")
        with scale.stack.app.app_context():
            roster[count] = support.timed(
                calls["roster"], repeats=run.pick(30, 5), warmup=1, between=db.session.expunge_all
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
    for key, label in (*PAGES, ("roster", "mediator roster of the staff case page (no goal)")):
        for count in sizes:
            timing = samples[(key, count)]
            run.report.figure(
                NAME,
                f"{label} at {count:,} cases",
                support.ms(support.median(timing)),
                f"median of {len(timing)}; plan on cases: {plans[count][key]}",
            )
    for key, label in PAGES:
        support.growth_goal(run, NAME, label, samples, key, small, large, GOAL_GROWTH)


def _loaded(user_id: int) -> User:
    """The user, detached but loaded: every timed call starts from an empty session."""
    user = db.session.get(User, user_id)
    db.session.expunge(user)
    return user


def _cursor(user: User, depth: int) -> int:
    """The id of the ``depth``-th newest case ``user`` sees: a deep page starts below it."""
    query = select(Case.id).where(visible_to(user)).order_by(Case.id.desc()).offset(depth - 1).limit(1)
    return db.session.execute(query).scalar_one()


def _calls(scale: support.ScaleDatabase, depth: int) -> dict:
    """The timed calls on one database; each runs in that database's app context."""
    with scale.stack.app.app_context():
        mediator, staff = _loaded(scale.focus_mediator), _loaded(scale.world.staff_id)
        mediator_cursor = _cursor(mediator, depth)
        staff_cursor = _cursor(staff, scale.count // 2)
        calls = {
            "mediator first": lambda: list_cases(mediator, limit=PAGE),
            "mediator deep": lambda: list_cases(mediator, before_id=mediator_cursor, limit=PAGE),
            "staff first": lambda: list_cases(staff, limit=PAGE),
            "staff deep": lambda: list_cases(staff, before_id=staff_cursor, limit=PAGE),
        }
        if any(len(call()[0]) != PAGE for call in calls.values()):
            raise RuntimeError("a page is not full; the generated data is wrong")
        db.session.remove()
    centre_id = scale.world.centre_id
    return calls | {"roster": lambda: mediator_roster(centre_id)}
