"""The day before a session its participants are reminded, once per session and time."""

from datetime import timedelta

from mediation_app.sessions.operations import send_session_reminders
from mediation_app.types import utcnow
from tests.sessions.conftest import at, outbox, schedule


def test_the_participants_are_reminded_the_day_before_once_and_again_after_a_change(world, api, app):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    tomorrow = schedule(mediator, case_id, **at(days=1, hour=10, minute=0)).get_json()
    schedule(mediator, case_id, **at(days=3, hour=10, minute=0))  # not yet
    with app.app_context():
        assert send_session_reminders() == 1
        assert send_session_reminders() == 0  # once, however often the timer runs
    reminded = outbox(app, "session_reminder")
    assert sorted(m.recipient for m in reminded) == sorted(
        [world.applicant.email, world.respondent.email, world.mediator.email]
    )
    assert all("明日调解会议提醒" in m.subject and m.attachment_data is None for m in reminded)
    moved = mediator.post(
        f"/sessions/{tomorrow['id']}/reschedule",
        json={
            **at(days=1, hour=15, minute=0),
            "place": tomorrow["place"],
            "version": tomorrow["version"],
            "reason": "调解员另有安排",
        },
    )
    assert moved.status_code == 200, moved.get_json()
    with app.app_context():
        assert send_session_reminders() == 1  # the new time is reminded too
        assert send_session_reminders(utcnow() + timedelta(days=5)) == 0  # nothing held the day after
