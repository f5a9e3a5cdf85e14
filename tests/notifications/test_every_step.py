"""Every step someone must act on or know of reaches them (inbox and e-mail), and the
steps nobody else knew of tell nobody."""

import pytest
from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.notifications.models import Notification, OutboxMessage


def _told(app, kind: str) -> list[str]:
    """The addresses e-mailed a notice of ``kind``, each with its inbox row beside it."""
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()
        inbox = db.session.scalars(select(Notification).where(Notification.kind == kind)).all()
        assert len(inbox) == len(mails)
        return sorted(mail.recipient for mail in mails)


def _body(app, kind: str) -> str:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage.body).where(OutboxMessage.kind == kind)).first()


def test_an_application_filed_by_an_enterprise_tells_the_staff_and_one_filed_by_staff_does_not(
    world, app, api
):
    world.case("filed")  # filed by the staff themselves
    assert _told(app, "case_filed") == []
    response = api(world.applicant).post("/cases", json=world.filing())
    assert response.status_code == 201, response.get_json()
    assert _told(app, "case_filed") == [world.staff.email]
    assert f"/cases/{response.get_json()['id']}" in _body(app, "case_filed")


def test_a_refusal_tells_the_applicant_why(world, app):
    world.case("rejected")
    assert _told(app, "case_rejected") == [world.applicant.email]
    assert "不属于受理范围" in _body(app, "case_rejected")


def test_the_respondents_consent_tells_the_applicant_that_mediation_runs(world, app):
    world.case("mediated")
    assert _told(app, "mediation_started") == [world.applicant.email]


@pytest.mark.parametrize(("state", "told"), [("filed", False), ("assigned", True)])
def test_a_withdrawal_after_acceptance_tells_the_respondent_and_the_mediator(world, app, state, told):
    case_id = world.case(state)
    world.fire(case_id, "withdraw")
    expected = sorted([world.respondent.email, world.mediator.email]) if told else []
    assert _told(app, "case_withdrawn") == expected


def test_a_reassignment_tells_the_parties_who_mediates_now(world, app):
    case_id = world.case("mediated")
    world.fire(case_id, "reassign")
    assert _told(app, "mediator_changed") == sorted([world.applicant.email, world.respondent.email])
    with app.app_context():
        assert world.other_mediator.user().name in _body(app, "mediator_changed")


def test_a_recusal_decision_tells_the_party_that_asked(world, app, api):
    case_id = world.case("assigned")
    api(world.applicant).post(f"/cases/{case_id}/recusal-requests", json={"grounds": "担心不公正"})
    refused = api(world.staff).post(
        f"/cases/{case_id}/recusal-decision", json={"granted": False, "note": "无法定回避事由"}
    )
    assert refused.status_code == 200
    assert _told(app, "recusal_decided") == [world.applicant.email]
    assert "不予准许" in _body(app, "recusal_decided") and "无法定回避事由" in _body(app, "recusal_decided")
