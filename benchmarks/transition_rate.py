"""Transitions per second through the API on PostgreSQL, against a bare write endpoint.

Two ``gunicorn -w 2`` (sync) on the same database, loaded by wrk in turns. The
product: ``reassign`` through ``POST /api/v1/cases/<id>/transitions`` with a staff
bearer token and the version last read (API.md), back and forth between two
mediators; each success is a full transaction (compare-and-set on the version, the
audit event, commit). The floor (``benchmarks.floor``): ``POST /cases/<id>/reassign``
doing the same writes and nothing else (version-checked UPDATE, event INSERT, tally
UPDATE). Each side rotates over cases of its own; before every turn the cases' versions
are read again and the requests carry each case's next versions in turn, every case on
one wrk connection (its lane), so a case's next version is sent only once the previous
one is answered. A side's turns take its two groups of cases in turn: when wrk stops,
the requests it leaves in flight are still answered, so the group a turn ends with is
left alone until those have landed.
Goals: ≥ 0.5× the floor and ≥ 1,000 transitions/s, with zero errors (when the floor
itself is below 2,000/s here, the report says so).
"""

import contextlib
import itertools
import json
import math

from sqlalchemy import func, select

from benchmarks import support
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.extensions import db

NAME = "transitions"
GOAL_SHARE = 0.5
GOAL_RATE = 1_000
# The goal rate is half of this: with the floor below it, reaching the goal would take the
# product more than its share of the floor, so the report says what the floor allows.
FLOOR_ENOUGH = 2 * GOAL_RATE
# Requests listed per second of a turn: more than either side can answer here, so the
# list never runs out (running out would reuse stale versions; it is reported).
MOST_PER_SECOND = 5_000
FLOOR, PRODUCT = "floor: bare write endpoint", "product: reassign through the API"


def run(run: support.Run) -> None:
    with contextlib.ExitStack() as cleanup:
        _run(run, cleanup)


def _run(run: support.Run, cleanup: contextlib.ExitStack) -> None:
    # Cases in each of a side's two groups: a multiple of wrk's connections, so that each
    # case's requests are all on one lane (see _load).
    group = run.pick(6, 1) * support.CONNECTIONS
    support.progress("transitions: preparing PostgreSQL")
    stack = run.stack("postgresql", cleanup)
    world = support.build_world(stack.app, mediators=2)
    case_ids = [
        support.make_case(stack.app, world, ("assigned", "mediated")[n % 2], serial=n)
        for n in range(4 * group)
    ]
    groups = [case_ids[n : n + group] for n in range(0, 4 * group, group)]
    product_groups, floor_groups = itertools.cycle(groups[:2]), itertools.cycle(groups[2:])
    token = support.issue_token(stack.app, world.staff_email)
    stack.dispose()

    product = cleanup.enter_context(support.gunicorn(run, stack))
    floor = cleanup.enter_context(support.gunicorn(run, stack, app=support.FLOOR))
    mediators = world.mediator_ids
    json_headers = {"Content-Type": "application/json"}
    product_headers = json_headers | {"Authorization": f"Bearer {token}"}

    def product_call(case_id: int, version: int, mediator_id: int) -> support.Call:
        body = {"trigger": "reassign", "version": version, "mediator_id": mediator_id}
        return support.Call("POST", f"/api/v1/cases/{case_id}/transitions", product_headers, json.dumps(body))

    def floor_call(case_id: int, version: int, mediator_id: int) -> support.Call:
        body = {"version": version, "mediator_id": mediator_id, "actor_id": world.staff_id}
        return support.Call("POST", f"/cases/{case_id}/reassign", json_headers, json.dumps(body))

    def loads(seconds: int) -> dict:
        return {
            FLOOR: lambda: _load(stack, floor.port, next(floor_groups), mediators, floor_call, seconds),
            PRODUCT: lambda: _load(
                stack, product.port, next(product_groups), mediators, product_call, seconds
            ),
        }

    for server, side in ((floor, FLOOR), (product, PRODUCT)):
        _check(server, loads(1)[side]().calls[0])

    seconds = run.pick(3, 1)
    support.progress("transitions: floor and product under wrk, taking turns")
    measured = support.wrk_alternating(run, loads(seconds), seconds=seconds)
    _report(run, measured, _reassign_events(stack, groups[0] + groups[1]))


def _check(server: support.Server, call: support.Call) -> None:
    """The side really answers the first call (a wrong body or token would be measured
    as a rate of errors)."""
    status, body, _headers = support.request(
        server.port, call.method, call.path, body=call.body, headers=call.headers
    )
    if status != 200:
        raise RuntimeError(f"POST {call.path} gave {status}: {body[:300]!r}\n{server.log_tail()}")


def _reassign_events(stack: support.Stack, case_ids: list[int]) -> int:
    with stack.app.app_context():
        events = db.session.scalar(
            select(func.count())
            .select_from(CaseEvent)
            .where(CaseEvent.action == "reassign", CaseEvent.case_id.in_(case_ids))
        )
        db.session.remove()
    return events


def _report(run: support.Run, measured: dict, events: int) -> None:
    product, floor = measured[PRODUCT], measured[FLOOR]
    support.http_figure(run, NAME, f"PostgreSQL: {FLOOR} (POST /cases/<id>/reassign)", floor)
    support.http_figure(run, NAME, f"PostgreSQL: {PRODUCT} (POST /api/v1/cases/<id>/transitions)", product)
    run.report.figure(NAME, "reassign events the product wrote (warm-up and checks included)", f"{events:,}")
    support.ratio_goal(
        run, NAME, "transitions through the API vs the bare write endpoint", product, floor, GOAL_SHARE
    )
    allows = (
        ""
        if floor.per_second >= FLOOR_ENOUGH
        else f" (the floor allows only {support.rate(floor.per_second)} here)"
    )
    run.report.goal(
        NAME,
        "transitions/s through the API, PostgreSQL, 2 workers, zero errors",
        f"{support.rate(product.per_second)}, {product.errors} errors",
        f"≥ {GOAL_RATE:,}/s, 0 errors{allows}",
        product.per_second >= GOAL_RATE and product.errors == 0,
    )


def _load(
    stack, port: int, case_ids: list[int], mediators: list[int], make_call, seconds: int
) -> support.Load:
    """The cases' next reassigns, in turn: each case's current version and mediator
    read now, then version + 1, + 2 … with the mediator swapped each time. Call ``n``
    is of case ``n % len(case_ids)``, so with as many cases as a multiple of the
    connections, all of a case's calls are on lane ``n % CONNECTIONS`` (``Load``)."""
    if len(case_ids) % support.CONNECTIONS:
        raise ValueError(f"{len(case_ids)} cases do not share out over {support.CONNECTIONS} lanes")
    with stack.app.app_context():
        rows = db.session.execute(
            select(Case.id, Case.version, Case.mediator_id).where(Case.id.in_(case_ids))
        )
        current = {case_id: (version, mediator) for case_id, version, mediator in rows}
        db.session.remove()
    first, second = mediators
    calls = []
    for step in range(math.ceil(MOST_PER_SECOND * seconds / len(case_ids))):
        for case_id in case_ids:
            version, mediator = current[case_id]
            target = second if (mediator == first) == (step % 2 == 0) else first
            calls.append(make_call(case_id, version + step, target))
    return support.Load(port, calls, cyclic=False)
