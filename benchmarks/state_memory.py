"""Memory per loaded case from the state machine (tracemalloc), and time per trigger.

Loads N case rows (PostgreSQL, all ``assigned``), measures, fires
``start_mediation`` on each through ``workflows.fire`` (the one shared
``transitions.Machine``), and measures again: the growth per case is what the
state machine (and SQLAlchemy's change tracking of ``state``) costs above the ORM
row. The same on plain objects, and, for contrast, a ``transitions.Machine`` per
case as transitions' documentation builds it. Goal: ≤ 1 KB per case above the row.
"""

import contextlib
import gc
import time
import tracemalloc

from sqlalchemy import select
from transitions import Machine

from benchmarks import support
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from workflows import Actor, CaseState, fire
from workflows.case_workflow import TRANSITIONS
from workflows.roles import Role

NAME = "memory"
GOAL_BYTES = 1024
ACTOR = Actor(role=Role.MEDIATOR, is_assigned_mediator=True)


class PlainCase:
    """What the lifecycle needs of a case, without the ORM."""

    def __init__(self, mediator_id: int):
        self.state = CaseState.ASSIGNED
        self.mediator_id = mediator_id


def machine_per_case(case) -> Machine:
    """The pattern DESIGN.md rules out: a Machine bound to each case."""
    return Machine(
        model=case,
        states=CaseState,
        transitions=TRANSITIONS,
        initial=case.state,
        model_attribute="state",
        auto_transitions=False,
        send_event=True,
    )


def _traced() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def run(run: support.Run) -> None:
    count = run.pick(5_000, 500)
    with contextlib.ExitStack() as cleanup:
        stack = run.stack("postgresql", cleanup)
        world = support.build_world(stack.app, mediators=3)
        support.bulk_cases(
            stack.app,
            world,
            count,
            focus_mediator=world.mediator_ids[0],
            focus_every=count + 1,
            only_state="assigned",
        )
        support.progress(f"memory: tracing {count:,} cases")
        orm_row, orm_fired = _orm_rows(stack.app, count)

    plain_fired = _plain(count, shared=True)
    machine_fired = _plain(count, shared=False)
    shared_time, machine_time = _trigger_times(run.pick(20_000, 2_000))

    run.report.figure(NAME, f"ORM case row as loaded ({count:,} rows)", f"{support.size(orm_row)}/case")
    run.report.figure(
        NAME,
        "shared machine: fire start_mediation on each loaded ORM row",
        f"+{support.size(orm_fired)}/case",
        "SQLAlchemy's change tracking of state included",
    )
    run.report.figure(NAME, "shared machine: fire on plain objects", f"+{support.size(plain_fired)}/case")
    run.report.figure(
        NAME,
        "a transitions.Machine per case: build + fire on plain objects",
        f"+{support.size(machine_fired)}/case",
    )
    run.report.figure(
        NAME,
        "time per trigger: shared machine (workflows.fire, checks included)",
        support.us(shared_time),
        "plain objects",
    )
    run.report.figure(
        NAME, "time per trigger: new Machine per case + trigger", support.us(machine_time), "plain objects"
    )
    run.report.goal(
        NAME,
        "memory per loaded case above the ORM row, firing via the shared machine",
        f"{support.size(orm_fired)} (Machine per case: {support.size(machine_fired)})",
        f"≤ {support.size(GOAL_BYTES)}",
        orm_fired <= GOAL_BYTES,
    )


def _orm_rows(app, count: int) -> tuple[float, float]:
    with app.app_context():
        db.session.execute(select(Case.id).limit(1)).all()  # connect and warm before tracing
        tracemalloc.start()
        try:
            base = _traced()
            cases = db.session.scalars(
                select(Case).where(Case.state == CaseState.ASSIGNED).limit(count)
            ).all()
            loaded = _traced()
            for case in cases:
                fire(case, "start_mediation", ACTOR, respondent_consent=True)
            fired = _traced()
        finally:
            tracemalloc.stop()
        if len(cases) != count or any(c.state is not CaseState.MEDIATED for c in cases):
            raise RuntimeError("the cases did not all move to mediated")
        db.session.rollback()  # nothing is written
        db.session.remove()
    return (loaded - base) / count, (fired - loaded) / count


def _plain(count: int, *, shared: bool) -> float:
    tracemalloc.start()
    try:
        cases = [PlainCase(mediator_id=7) for _ in range(count)]
        created = _traced()
        machines = []
        for case in cases:
            if shared:
                fire(case, "start_mediation", ACTOR, respondent_consent=True)
            else:
                machines.append(machine_per_case(case))
                case.start_mediation(actor=ACTOR, respondent_consent=True)
        fired = _traced()
    finally:
        tracemalloc.stop()
    if any(c.state is not CaseState.MEDIATED for c in cases):
        raise RuntimeError("the plain cases did not all move to mediated")
    del machines
    return (fired - created) / count


def _trigger_times(count: int) -> tuple[float, float]:
    """Seconds per trigger request: fire() on the shared machine vs a new Machine per case."""
    gc.collect()
    cases = [PlainCase(mediator_id=7) for _ in range(count)]
    start = time.perf_counter()
    for case in cases:
        fire(case, "start_mediation", ACTOR, respondent_consent=True)
    shared = (time.perf_counter() - start) / count
    cases = [PlainCase(mediator_id=7) for _ in range(count // 4)]
    gc.collect()
    start = time.perf_counter()
    for case in cases:
        machine_per_case(case)
        case.start_mediation(actor=ACTOR, respondent_consent=True)
    per_case = (time.perf_counter() - start) / len(cases)
    return shared, per_case
