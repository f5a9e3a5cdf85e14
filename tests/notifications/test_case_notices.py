"""Case steps queue their notices with the step; a mail server that is down delays
them but never blocks or undoes the step."""

from sqlalchemy import select, update

from mediation_app.extensions import db
from mediation_app.notifications.models import MessageStatus, OutboxMessage
from mediation_app.notifications.operations import send_pending
from mediation_app.types import utcnow
from tests.notifications.conftest import SmtpServer


def _outbox(app):
    with app.app_context():
        return [
            (m.recipient, m.kind, m.status)
            for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def test_acceptance_tells_the_mediator_and_both_parties(world, app, api):
    case_id = world.case("filed")
    assert api(world.staff).fire(case_id, "assign", mediator_id=world.mediator.id).status_code == 200
    assert {(r, k) for r, k, _s in _outbox(app)} == {
        (world.mediator.email, "mediator_assigned"),
        (world.applicant.email, "case_accepted"),
        (world.respondent.email, "respondent_invited"),
    }


def test_settlement_and_referral_notices(world, app):
    world.case("settled")
    referred = world.case("mediated", source="court_delegated", court_case_number="(2024)苏0621民诉前调5号")
    world.fire(referred, "refer_to_court")
    kinds = [(r, k) for r, k, _s in _outbox(app)]
    assert (world.applicant.email, "agreement_ready") in kinds and (
        world.respondent.email,
        "agreement_ready",
    ) in kinds
    assert (world.liaison.email, "case_referred") in kinds


def test_with_the_mail_server_down_the_assignment_commits_and_the_mail_follows(world, app, api, smtp_port):
    case_id = world.case("filed")
    assert api(world.staff).fire(case_id, "assign", mediator_id=world.mediator.id).status_code == 200
    with app.app_context():
        down = send_pending()
    assert down.sent == 0
    assert {s for _r, _k, s in _outbox(app)} == {MessageStatus.PENDING}
    server = SmtpServer(smtp_port).start()
    try:
        with app.app_context():
            db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))  # the retry is due
            db.session.commit()
            assert send_pending().sent == 3
        subjects = {m["To"]: str(m["Subject"]) for m in server.inbox.messages()}
    finally:
        server.stop()
    case_number = api(world.staff).get(f"/cases/{case_id}").get_json()["number"]
    assert case_number in subjects[world.mediator.email]
