"""Judicial confirmation (司法确认): the 30-day window from the agreement's effective date,
its reminders at 7 and 2 days left, the joint application and the court's decision."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation_app.court.operations import send_court_reminders
from mediation_app.court.queries import confirmation_of
from mediation_app.court.window import days_left, reminder_due, window_last_day
from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from mediation_app.types import utcnow
from tests.court.conftest import today

CONFIRMED = {"outcome": "confirmed", "confirmation_number": "(2026)苏0621民诉前调确12号"}


def _decided(**fields):
    return {**CONFIRMED, "decided_on": today().isoformat(), **fields}


def test_the_window_runs_thirty_days_from_the_effective_date_inclusive():
    effective = today()
    assert window_last_day(effective) == effective + timedelta(days=30)
    assert days_left(effective, effective + timedelta(days=30)) == 0
    assert days_left(effective, effective + timedelta(days=31)) == -1


@pytest.mark.parametrize(("left", "due"), [(8, None), (7, 7), (3, 7), (2, 2), (1, 2), (0, 2), (-1, None)])
def test_reminders_are_due_at_seven_and_two_days_left(left, due):
    effective = today()
    assert reminder_due(effective, window_last_day(effective) - timedelta(days=left)) == due


def test_the_window_counts_down_on_the_case(world, api, court):
    case_id = court.settled(effective_on=today() - timedelta(days=23))
    window = api(world.liaison).get(f"/cases/{case_id}/confirmation").get_json()
    assert (window["days_left"], window["window_open"], window["outcome"], window["enforceable"]) == (
        7,
        True,
        None,
        False,
    )
    assert window["window_last_day"] == (today() + timedelta(days=7)).isoformat()
    assert api(world.liaison).get(f"/cases/{court.case('mediated')}/confirmation").status_code == 404


def test_reminders_go_out_once_at_seven_and_at_two_days_left(world, court):
    case_id = court.settled(effective_on=today() - timedelta(days=23))
    with world.app.app_context():
        assert send_court_reminders() == 1
        assert send_court_reminders() == 0
        assert send_court_reminders(utcnow() + timedelta(days=4)) == 0  # 3 days left: already told
        assert send_court_reminders(utcnow() + timedelta(days=5)) == 1  # 2 days left
        assert send_court_reminders(utcnow() + timedelta(days=8)) == 0  # the window has closed
    sent = court.outbox("confirmation_reminder")
    assert {m.recipient for m in sent} == {
        world.applicant.email,
        world.respondent.email,
        world.mediator.email,
    }
    assert all(m.case_id == case_id for m in sent) and len(sent) == 6
    assert any("剩余7天" in m.body for m in sent) and any("剩余2天" in m.body for m in sent)


def test_no_reminder_once_the_parties_have_applied(world, api, court):
    case_id = court.settled(effective_on=today() - timedelta(days=23))
    assert api(world.mediator).post(f"/cases/{case_id}/confirmation/application", json={}).status_code == 201
    with world.app.app_context():
        assert send_court_reminders() == 0


def test_the_joint_application_issues_the_application_document(world, api, court):
    case_id = court.settled(effective_on=today())
    mediator = api(world.mediator)
    response = mediator.post(f"/cases/{case_id}/confirmation/application", json={})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["applied_on"] == today().isoformat()
    documents = api(world.staff).get(f"/cases/{case_id}/documents").get_json()
    assert "confirmation_application" in [d["kind"] for d in documents]
    assert mediator.post(f"/cases/{case_id}/confirmation/application", json={}).status_code == 409
    assert api(world.applicant).post(f"/cases/{case_id}/confirmation/application", json={}).status_code == 403


def test_an_application_after_the_window_needs_the_reason(world, api, court):
    case_id = court.settled(effective_on=today() - timedelta(days=31))
    mediator = api(world.mediator)
    refused = mediator.post(f"/cases/{case_id}/confirmation/application", json={})
    assert refused.status_code == 422 and "late_reason" in refused.get_json()["error"]["fields"]
    late = mediator.post(
        f"/cases/{case_id}/confirmation/application", json={"late_reason": "当事人一方在外地，协议延迟送达。"}
    )
    assert late.status_code == 201 and late.get_json()["late_reason"]


def test_on_the_last_day_of_the_window_no_reason_is_needed(world, api, court):
    case_id = court.settled(effective_on=today() - timedelta(days=30))
    assert api(world.mediator).post(f"/cases/{case_id}/confirmation/application", json={}).status_code == 201


def test_the_liaison_records_a_confirmation_and_the_agreement_becomes_enforceable(world, api, court):
    case_id = court.settled(effective_on=today() - timedelta(days=5))
    liaison = api(world.liaison)
    response = liaison.post(f"/cases/{case_id}/confirmation/outcome", json=_decided())
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["outcome"], body["enforceable"], body["confirmation_number"]) == (
        "confirmed",
        True,
        "(2026)苏0621民诉前调确12号",
    )
    assert liaison.post(f"/cases/{case_id}/confirmation/outcome", json=_decided()).status_code == 409


def test_a_refusal_is_recorded_with_the_reason(world, api, court):
    case_id = court.settled(effective_on=today())
    liaison = api(world.liaison)
    no_reason = liaison.post(
        f"/cases/{case_id}/confirmation/outcome",
        json={"outcome": "not_confirmed", "decided_on": today().isoformat()},
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]
    refused = liaison.post(
        f"/cases/{case_id}/confirmation/outcome",
        json={
            "outcome": "not_confirmed",
            "decided_on": today().isoformat(),
            "reason": "协议内容违反法律规定。",
        },
    )
    assert refused.status_code == 200 and refused.get_json()["enforceable"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"confirmation_number": "(2026)苏0621民初12号"}, "confirmation_number"),  # not 诉前调确
        ({"confirmation_number": "(2026)苏0682民诉前调确12号"}, "confirmation_number"),  # another court
        ({"confirmation_number": "诉前调确12号"}, "confirmation_number"),
        ({"decided_on": "tomorrow"}, "decided_on"),
    ],
)
def test_bad_outcomes_are_refused(world, api, court, body, field):
    case_id = court.settled(effective_on=today())
    response = api(world.liaison).post(f"/cases/{case_id}/confirmation/outcome", json=_decided(**body))
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert api(world.liaison).get(f"/cases/{case_id}/confirmation").get_json()["outcome"] is None


def test_a_decision_dated_in_the_future_or_before_the_agreement_is_refused(world, api, court):
    case_id = court.settled(effective_on=today())
    liaison = api(world.liaison)
    for day in (today() + timedelta(days=1), today() - timedelta(days=1)):
        response = liaison.post(
            f"/cases/{case_id}/confirmation/outcome", json=_decided(decided_on=day.isoformat())
        )
        assert response.status_code == 422 and "decided_on" in response.get_json()["error"]["fields"]


def test_an_outcome_after_the_window_without_an_application_needs_a_late_reason(world, api, court):
    closed = court.settled(effective_on=today() - timedelta(days=31))
    last_day = court.settled(effective_on=today() - timedelta(days=30))
    liaison = api(world.liaison)
    refused = liaison.post(f"/cases/{closed}/confirmation/outcome", json=_decided())
    assert refused.status_code == 422 and "late_reason" in refused.get_json()["error"]["fields"]
    accepted = liaison.post(
        f"/cases/{closed}/confirmation/outcome", json=_decided(late_reason="法院受理在先，系统补录。")
    )
    assert accepted.status_code == 200 and accepted.get_json()["late_reason"] == "法院受理在先，系统补录。"
    assert liaison.post(f"/cases/{last_day}/confirmation/outcome", json=_decided()).status_code == 200


def test_an_outcome_after_the_window_is_fine_when_the_application_was_in_time(world, api, court):
    case_id = court.settled(effective_on=today() - timedelta(days=30))
    api(world.mediator).post(f"/cases/{case_id}/confirmation/application", json={})
    with world.app.app_context():
        confirmation = confirmation_of(world.load(case_id))
        world.load(case_id).agreement_effective_on = today() - timedelta(days=40)
        confirmation.applied_on = today() - timedelta(days=15)  # applied on day 25 of the window
        db.session.commit()
    assert (
        api(world.liaison).post(f"/cases/{case_id}/confirmation/outcome", json=_decided()).status_code == 200
    )


def test_only_a_settled_agreement_in_effect_can_be_confirmed(world, api, court):
    mediated, awaiting_signatures = court.case("mediated"), court.case("mediated")
    world.fire(awaiting_signatures, "record_agreement")
    liaison = api(world.liaison)
    assert liaison.post(f"/cases/{mediated}/confirmation/outcome", json=_decided()).status_code == 409
    assert (
        liaison.post(f"/cases/{awaiting_signatures}/confirmation/outcome", json=_decided()).status_code == 409
    )


def test_only_the_cases_court_records_its_decision(world, api, court):
    case_id = court.settled(effective_on=today())
    assert (
        api(world.other_liaison).post(f"/cases/{case_id}/confirmation/outcome", json=_decided()).status_code
        == 404
    )
    assert (
        api(world.mediator).post(f"/cases/{case_id}/confirmation/outcome", json=_decided()).status_code == 403
    )
    assert (
        api(world.applicant).post(f"/cases/{case_id}/confirmation/outcome", json=_decided()).status_code
        == 403
    )


def test_default_on_a_confirmed_agreement_points_to_enforcement(world, api, court):
    plan = [{"amount": "500000.00", "due_on": (today() + timedelta(days=2)).isoformat()}]
    case_id = court.settled(instalments=plan, effective_on=today())
    api(world.liaison).post(f"/cases/{case_id}/confirmation/outcome", json=_decided())
    with world.app.app_context():
        assert send_court_reminders(utcnow() + timedelta(days=3)) == 1
    (notice,) = court.outbox("performance_default")
    assert "强制执行" in notice.body and "提起诉讼" not in notice.body


def test_the_reminder_command_queues_each_reminder_once(world, court):
    court.settled(effective_on=today() - timedelta(days=28))  # 2 days left
    runner = world.app.test_cli_runner()
    first = runner.invoke(args=["court", "remind"])
    assert first.exit_code == 0 and first.output.strip() == "1 reminder(s) queued"
    assert runner.invoke(args=["court", "remind"]).output.strip() == "0 reminder(s) queued"


def test_the_courts_decision_tells_the_parties_and_the_mediator(world, api, court, app):
    case_id = court.settled(effective_on=today() - timedelta(days=5))
    assert (
        api(world.liaison).post(f"/cases/{case_id}/confirmation/outcome", json=_decided()).status_code == 200
    )
    with app.app_context():
        told = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "confirmation_decided")
        ).all()
        assert sorted(m.recipient for m in told) == sorted(
            [world.applicant.email, world.respondent.email, world.mediator.email]
        )
        assert "确认有效" in told[0].subject and "(2026)苏0621民诉前调确12号" in told[0].body
