"""Transitions per second through the API on PostgreSQL (gunicorn, 2 sync workers).

Several client threads, each with its own cases in ``assigned`` or ``mediated``,
fire ``reassign`` again and again (alternating between two mediators, with the
version the previous response returned) through
``POST /api/v1/cases/<id>/transitions`` with a staff bearer token. Each success
is a full transaction: compare-and-set on the version, the audit event, commit.
Goal: ≥ 1,000 transitions/s with zero errors.
"""

import contextlib
import json

from benchmarks import support

NAME = "transitions"
THREADS = 4
GOAL_RATE = 1_000


def run(run: support.Run) -> None:
    with contextlib.ExitStack() as cleanup:
        _run(run, cleanup)


def _run(run: support.Run, cleanup: contextlib.ExitStack) -> None:
    seconds, warmup = run.pick(5.0, 1.0), run.pick(1.0, 0.5)
    cases_per_thread = run.pick(25, 5)
    support.progress("transitions: preparing PostgreSQL")
    stack = run.stack("postgresql", cleanup)
    world = support.build_world(stack.app, mediators=2)
    first, second = world.mediator_ids
    case_ids = [
        support.make_case(stack.app, world, ("assigned", "mediated")[n % 2], serial=n)
        for n in range(THREADS * cases_per_thread)
    ]
    token = support.issue_token(stack.app, world.staff_email)
    stack.dispose()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    with support.gunicorn(run, stack) as server:
        port = server.port
        # What each case looks like now: its version and mediator, read through the API.
        known = {}
        for case_id in case_ids:
            _status, body, _headers = support.request(
                port, "GET", f"/api/v1/cases/{case_id}", headers=headers
            )
            case = json.loads(body)
            known[case_id] = (case["version"], case["mediator"]["id"])

        def make_step(index: int):
            mine = case_ids[index::THREADS]  # threads never share a case: no conflicts by design
            position = 0

            def step(connection):
                nonlocal position
                case_id = mine[position % len(mine)]
                position += 1
                version, mediator = known[case_id]
                body = json.dumps(
                    {
                        "trigger": "reassign",
                        "version": version,
                        "mediator_id": second if mediator == first else first,
                    }
                )
                connection.request("POST", f"/api/v1/cases/{case_id}/transitions", body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                if response.status == 200:
                    case = json.loads(payload)
                    known[case_id] = (case["version"], case["mediator"]["id"])
                    return True, 200
                _resync(port, case_id, headers, known)
                return False, response.status

            return step

        support.progress(f"transitions: {THREADS} threads firing reassign for {seconds:.0f} s")
        result = support.load(port, make_step, threads=THREADS, seconds=seconds, warmup=warmup)

    run.report.figure(
        NAME,
        f"PostgreSQL: reassign via POST /api/v1/cases/<id>/transitions, {THREADS} client threads",
        support.rate(result.successes_per_second),
        f"p50 {support.ms(result.p50)}, p99 {support.ms(result.p99)}; {result.successes:,} ok, "
        f"{result.errors} errors" + (f" {dict(result.statuses)}" if result.errors else ""),
    )
    with stack.app.app_context():
        from sqlalchemy import func, select

        from mediation_app.cases.models import CaseEvent
        from mediation_app.extensions import db

        events = db.session.scalar(
            select(func.count()).select_from(CaseEvent).where(CaseEvent.action == "reassign")
        )
        db.session.remove()
    run.report.figure(NAME, "reassign events in the audit trail afterwards (warm-up included)", f"{events:,}")
    run.report.goal(
        NAME,
        "transitions/s through the API, PostgreSQL, 2 workers, zero errors",
        f"{support.rate(result.successes_per_second)}, {result.errors} errors",
        f"≥ {GOAL_RATE:,}/s, 0 errors",
        result.successes_per_second >= GOAL_RATE and result.errors == 0,
    )


def _resync(port: int, case_id: int, headers: dict, known: dict) -> None:
    """After an error, read the case again so the thread carries on with its real version."""
    try:
        status, body, _headers = support.request(port, "GET", f"/api/v1/cases/{case_id}", headers=headers)
    except OSError:
        return
    if status == 200:
        case = json.loads(body)
        known[case_id] = (case["version"], case["mediator"]["id"])
