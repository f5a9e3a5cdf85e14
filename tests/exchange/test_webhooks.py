"""Webhooks to a court's endpoint: recorded with the transition, sent after commit,
signed, retried with backoff, logged, replayed by hand, and never sent twice."""

import pytest
from sqlalchemy import select, update

from mediation_app.cases.hooks import transition_done
from mediation_app.exchange.jobs import TASK, deliver_webhook
from mediation_app.exchange.models import DeliveryStatus, WebhookDelivery
from mediation_app.extensions import db
from mediation_app.jobs.models import Job
from mediation_app.jobs.runner import run
from mediation_app.jobs.tasks import TASKS
from mediation_app.types import utcnow
from tests.exchange.conftest import COURT_NUMBER


def _register(world, api, receiver) -> None:
    answer = api(world.staff).post("/court-exchange/endpoints", json={"court": "苏0621", "url": receiver.url})
    assert answer.status_code == 201, answer.get_json()
    receiver.secret = answer.get_json()["secret"]


def _court_case(world, state: str, n: int = 1) -> int:
    return world.case(state, source="court_delegated", court_case_number=COURT_NUMBER.format(n=n))


def _retry_due_jobs(app) -> None:
    """Time passes: each waiting delivery job's backoff is over, and it runs."""
    with app.app_context():
        keys = db.session.scalars(select(Job.key).where(Job.task == TASK, Job.status == "pending")).all()
        db.session.execute(update(Job).where(Job.key.in_(keys)).values(next_attempt_at=utcnow()))
        db.session.commit()
        for key in keys:
            run(key)


def _deliveries(app) -> list[WebhookDelivery]:
    with app.app_context():
        rows = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
        db.session.expunge_all()
        return rows


def test_the_events_a_court_follows_arrive_signed(app, world, api, receiver):
    _register(world, api, receiver)
    settled = _court_case(world, "settled", 1)
    referred = _court_case(world, "referred_to_court", 2)
    events = [(r["event"], r["body"]["case"]["centre_case_number"]) for r in receiver.requests]
    with app.app_context():
        numbers = {case_id: world.load(case_id).number for case_id in (settled, referred)}
    assert events == [
        ("accepted", numbers[settled]),
        ("settled", numbers[settled]),  # also when the agreement took effect: one event
        ("accepted", numbers[referred]),
        ("referred_back", numbers[referred]),
    ]
    assert all(r["signed"] for r in receiver.requests)
    settled_body = receiver.requests[1]["body"]
    assert settled_body["format"] == "court-exchange/1"
    assert settled_body["event_id"] == receiver.requests[1]["event_id"]
    assert settled_body["case"]["outcome"]["state"] == "settled"


def test_a_failing_endpoint_is_retried_with_backoff_until_it_takes_the_event(app, world, api, receiver):
    _register(world, api, receiver)
    receiver.failures = 2
    _court_case(world, "assigned")
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.task == TASK)).one()
        assert job.next_attempt_at > utcnow()  # waiting its backoff
    _retry_due_jobs(app)
    _retry_due_jobs(app)
    assert [r["status"] for r in receiver.requests] == [500, 500, 200]
    assert len({r["event_id"] for r in receiver.requests}) == 1  # one event, sent three times
    assert len({str(r["body"]) for r in receiver.requests}) == 1  # the same body every time
    (delivery,) = _deliveries(app)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    log = api(world.staff).get("/court-exchange/deliveries").get_json()["items"][0]
    assert [a["status_code"] for a in log["log"]] == [500, 500, 200]
    assert all(a["latency_ms"] >= 0 for a in log["log"]) and log["log"][0]["error"] == "HTTP 500"


def test_a_delivery_out_of_attempts_fails_and_a_replay_sends_it_again(app, world, api, receiver):
    _register(world, api, receiver)
    receiver.failures = TASKS[TASK].max_attempts
    _court_case(world, "assigned")
    for _attempt in range(TASKS[TASK].max_attempts - 1):
        _retry_due_jobs(app)
    (delivery,) = _deliveries(app)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, TASKS[TASK].max_attempts)
    replayed = api(world.staff).post(f"/court-exchange/deliveries/{delivery.id}/replay")
    assert replayed.status_code == 202
    (delivery,) = _deliveries(app)
    assert (delivery.status, delivery.replays) == (DeliveryStatus.DELIVERED, 1)
    assert len(receiver.delivered) == 1 and receiver.delivered[0]["event_id"] == delivery.event_id


def test_a_delivery_job_run_again_after_success_sends_nothing(app, world, api, receiver):
    _register(world, api, receiver)
    _court_case(world, "assigned")
    (delivery,) = _deliveries(app)
    with app.app_context():
        deliver_webhook(delivery.id)
        db.session.commit()
        key = db.session.scalars(select(Job.key).where(Job.task == TASK)).one()
        assert run(key) is None  # done
    assert len(receiver.requests) == 1


def test_a_pending_delivery_is_not_replayed(app, world, api, receiver):
    _register(world, api, receiver)
    receiver.failures = 1
    _court_case(world, "assigned")
    (delivery,) = _deliveries(app)
    assert api(world.staff).post(f"/court-exchange/deliveries/{delivery.id}/replay").status_code == 409


def test_a_rolled_back_transition_sends_nothing(app, world, api, receiver):
    """The delivery is recorded inside the transition; a later failure takes it back."""
    _register(world, api, receiver)
    case_id = _court_case(world, "filed")

    def fails_after_the_delivery(trigger):
        raise RuntimeError("a later receiver fails")

    transition_done.connect(fails_after_the_delivery)
    try:
        with pytest.raises(RuntimeError):
            world.fire(case_id, "assign")
    finally:
        transition_done.receivers.pop()
    assert receiver.requests == [] and _deliveries(app) == []
    with app.app_context():
        assert world.load(case_id).state.value == "filed"
        assert db.session.scalars(select(Job).where(Job.task == TASK)).all() == []


def test_a_court_without_an_endpoint_gets_no_deliveries(app, world, receiver):
    _court_case(world, "settled")
    assert _deliveries(app) == [] and receiver.requests == []


@pytest.mark.with_documents
def test_the_parties_application_for_confirmation_is_an_event(app, world, api, receiver):
    _register(world, api, receiver)
    case_id = _court_case(world, "settled")
    assert api(world.staff).post(f"/cases/{case_id}/confirmation/application", json={}).status_code == 201
    assert [r["event"] for r in receiver.requests][-1] == "confirmation_applied"
    assert receiver.requests[-1]["body"]["case"]["outcome"]["confirmation_applied_on"] is not None


@pytest.mark.parametrize(
    "url",
    ["ftp://court.example/x", "file:///etc/passwd", "javascript:alert(1)", "https://user:pw@court.example/"],
)
def test_only_an_http_endpoint_is_registered(world, api, url):
    answer = api(world.staff).post("/court-exchange/endpoints", json={"court": "苏0621", "url": url})
    assert answer.status_code == 422 and set(answer.get_json()["error"]["fields"]) == {"url"}


def test_the_secret_is_shown_once(world, api, receiver):
    staff = api(world.staff)
    first = staff.post("/court-exchange/endpoints", json={"court": "苏0621", "url": receiver.url}).get_json()
    assert len(first["secret"]) == 64
    listed = staff.get("/court-exchange/endpoints").get_json()["items"]
    assert [(e["url"], e["secret"]) for e in listed] == [(receiver.url, None)]
    rotated = staff.post(
        "/court-exchange/endpoints", json={"court": "苏0621", "url": receiver.url}
    ).get_json()
    assert rotated["id"] == first["id"] and rotated["secret"] != first["secret"]
