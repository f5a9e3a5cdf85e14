"""Sessions through the JSON API (both backends): schedule, reschedule, cancel, with
their invitations; every refusal leaves the database as it was."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from mediation_app.errors import Conflict
from mediation_app.extensions import db
from mediation_app.sessions import operations
from mediation_app.sessions.models import MediationSession
from mediation_app.sessions.queries import next_sessions
from mediation_app.types import utcnow
from tests.sessions.conftest import COURT_CASE, at, calendar_of, counts, hold, outbox, schedule, session_body


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


def test_the_mediator_schedules_a_joint_session_and_every_participant_gets_an_invitation(world, api, app):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    slot = at(days=3, hour=9, minute=0, hours=3)
    response = schedule(mediator, case_id, **slot)
    assert response.status_code == 201, response.get_json()
    session = response.get_json()
    number = mediator.get(f"/cases/{case_id}").get_json()["number"]
    assert session["kind"] == "joint" and session["status"] == "scheduled"
    assert _utc(session["starts_at"]) == _utc(slot["starts_at"])
    assert session["starts_at"].endswith("+00:00")  # stored and answered in UTC
    assert session["mediator"]["id"] == world.mediator.id and session["sequence"] == 0
    assert sorted(session["participant_ids"]) == sorted(
        [world.applicant.organisation_id, world.respondent.organisation_id]
    )

    mails = outbox(app, "session_scheduled")
    assert sorted(m.recipient for m in mails) == sorted(
        [world.applicant.email, world.respondent.email, world.mediator.email]
    )
    for mail in mails:
        assert mail.case_id == case_id and number in mail.subject
        assert mail.attachment_content_type == "text/calendar; method=REQUEST"
        assert mail.attachment_filename.endswith(".ics")
        calendar, event = calendar_of(mail)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == session["uid"] and event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == _utc(slot["starts_at"])
        assert event.decoded("DTEND") == _utc(slot["ends_at"])
        assert b"DTSTART:" in mail.attachment_data and b"Z\r\n" in mail.attachment_data  # UTC form
        assert number in str(event["SUMMARY"]) and str(event["LOCATION"]) == "海安市常安大道1号三楼调解室"
        attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
        assert [str(a) for a in attendees] == [f"mailto:{mail.recipient}"]  # nobody else's address

    [event] = [
        e for e in mediator.get(f"/cases/{case_id}/events").get_json() if e["action"] == "schedule_session"
    ]
    assert event["data"]["session_id"] == session["id"] and event["actor"]["id"] == world.mediator.id
    assert [s["id"] for s in api(world.applicant).get(f"/cases/{case_id}/sessions").get_json()] == [
        session["id"]
    ]


def test_staff_schedule_too_and_the_case_may_be_only_accepted(world, api):
    case_id = world.case("assigned")
    response = schedule(api(world.staff), case_id, video_link="https://meeting.example/j/123", place="")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["video_link"] == "https://meeting.example/j/123"


def test_reschedule_and_cancel_update_the_same_invitation(world, api, app):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    created = schedule(mediator, case_id).get_json()
    later = at(days=5, hour=10, minute=0)
    moved = mediator.post(
        f"/sessions/{created['id']}/reschedule",
        json={**later, "place": "线上", "version": created["version"], "reason": "被申请人出差"},
    )
    assert moved.status_code == 200, moved.get_json()
    moved = moved.get_json()
    assert _utc(moved["starts_at"]) == _utc(later["starts_at"]) and moved["sequence"] == 1
    changed = outbox(app, "session_changed")
    assert len(changed) == 3
    for mail in changed:
        calendar, event = calendar_of(mail)
        assert calendar["METHOD"] == "REQUEST" and mail.attachment_content_type.endswith("method=REQUEST")
        assert str(event["UID"]) == created["uid"] and event["SEQUENCE"] == 1
        assert event.decoded("DTSTART") == _utc(later["starts_at"]) and str(event["LOCATION"]) == "线上"
        assert "被申请人出差" in mail.body

    cancelled = mediator.post(
        f"/sessions/{created['id']}/cancel", json={"version": moved["version"], "reason": "双方已自行和解"}
    )
    assert cancelled.status_code == 200, cancelled.get_json()
    assert cancelled.get_json()["status"] == "cancelled"
    cancels = outbox(app, "session_cancelled")
    assert sorted(m.recipient for m in cancels) == sorted(
        [world.applicant.email, world.respondent.email, world.mediator.email]
    )
    for mail in cancels:
        calendar, event = calendar_of(mail)
        assert (
            calendar["METHOD"] == "CANCEL" and mail.attachment_content_type == "text/calendar; method=CANCEL"
        )
        assert (
            str(event["UID"]) == created["uid"] and event["SEQUENCE"] == 2 and event["STATUS"] == "CANCELLED"
        )
        assert "取消" in mail.body and "调解会议取消" in mail.subject
    actions = [e["action"] for e in mediator.get(f"/cases/{case_id}/events").get_json()]
    assert actions[-3:] == ["schedule_session", "reschedule_session", "cancel_session"]
    again = mediator.post(
        f"/sessions/{created['id']}/reschedule",
        json={**later, "place": "x", "version": cancelled.get_json()["version"], "reason": "x"},
    )
    assert again.status_code == 409


def test_a_stale_version_is_refused(world, api, app):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    created = schedule(mediator, case_id).get_json()
    before = counts(app)
    stale = mediator.post(
        f"/sessions/{created['id']}/cancel", json={"version": created["version"] + 1, "reason": "x"}
    )
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale_version"
    assert counts(app) == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": "2020-01-01T09:00:00+08:00", "ends_at": "2020-01-01T10:00:00+08:00"}, "starts_at"),
        ({"starts_at": "tomorrow at two"}, "starts_at"),
        ({**at(hours=2), "ends_at": at(hours=2)["starts_at"]}, "ends_at"),
        ({"ends_at": at(days=1)["starts_at"]}, "ends_at"),
        (at(hour=6, hours=12.5), "ends_at"),
        ({"starts_at": "2026-12-03T14:30:00"}, "starts_at"),  # no offset: ambiguous
        ({"starts_at": "2099-12-03T14:30:00+08:00", "ends_at": "2099-12-03T15:30:00+08:00"}, "starts_at"),
        ({"place": "", "video_link": ""}, "place"),
        ({"video_link": "javascript:alert(1)"}, "video_link"),
        ({"place": "三楼\u202e调解室"}, "place"),
        ({"kind": "secret"}, "kind"),
        ({"kind": "private"}, "party_id"),
        ({"party_id": 1}, "party_id"),
        ({"participant_ids": []}, "participant_ids"),
        ({"participant_ids": ["1"]}, "participant_ids.0"),
    ],
)
def test_bad_sessions_are_refused_field_by_field(world, api, app, overrides, field):
    case_id = world.case("mediated")
    before = counts(app)
    response = schedule(api(world.mediator), case_id, **overrides)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert counts(app) == before


def test_a_start_a_minute_ago_is_in_the_past(world, api, app):
    case_id = world.case("mediated")
    starts = (utcnow() - timedelta(minutes=1)).isoformat()
    ends = (utcnow() + timedelta(hours=1)).isoformat()
    response = schedule(api(world.mediator), case_id, starts_at=starts, ends_at=ends)
    assert response.status_code == 422 and "starts_at" in response.get_json()["error"]["fields"]


def test_only_parties_of_the_case_take_part(world, api, app):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    before = counts(app)
    outsider = world.outsider.organisation_id
    applicant, respondent = world.applicant.organisation_id, world.respondent.organisation_id
    for body in (
        {"participant_ids": [applicant, outsider]},
        {"participant_ids": [world.court]},
        {"kind": "private", "party_id": outsider},
        {"kind": "private", "party_id": applicant, "participant_ids": [applicant, respondent]},
    ):
        response = schedule(mediator, case_id, **body)
        assert response.status_code == 422, body
    assert counts(app) == before
    one_side = schedule(mediator, case_id, participant_ids=[respondent])
    assert one_side.status_code == 201 and one_side.get_json()["participant_ids"] == [respondent]


def test_a_mediator_cannot_be_in_two_sessions_at_once_in_any_case(world, api, app):
    first_case, second_case = world.case("mediated"), world.case("assigned")
    mediator = api(world.mediator)
    slot = at(days=4, hour=14, minute=0, hours=2)
    assert schedule(mediator, first_case, **slot).status_code == 201
    before = counts(app)
    overlapping = at(days=4, hour=15, minute=0, hours=2)
    clash = schedule(api(world.staff), second_case, **overlapping)
    assert clash.status_code == 409 and "starts_at" in clash.get_json()["error"]["fields"]
    assert counts(app) == before
    # Back to back is fine, and so is another mediator at the same time.
    assert schedule(mediator, second_case, **at(days=4, hour=16, minute=0, hours=1)).status_code == 201
    world.fire(second_case, "reassign")
    other = api(world.other_mediator)
    assert schedule(other, second_case, **overlapping).status_code == 201


def test_a_cancelled_session_frees_its_time_and_a_session_may_move_within_its_own(world, api):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    slot = at(days=6, hour=9, minute=0, hours=2)
    first = schedule(mediator, case_id, **slot).get_json()
    shifted = at(days=6, hour=10, minute=0, hours=2)
    moved = mediator.post(
        f"/sessions/{first['id']}/reschedule",
        json={**shifted, "place": "x", "version": first["version"], "reason": "晚一小时"},
    )
    assert moved.status_code == 200, moved.get_json()
    assert schedule(mediator, case_id, **slot).status_code == 409
    mediator.post(
        f"/sessions/{first['id']}/cancel", json={"version": moved.get_json()["version"], "reason": "x"}
    )
    assert schedule(mediator, case_id, **slot).status_code == 201


def test_who_may_schedule(world, api, app):
    case_id = world.case("mediated", **COURT_CASE)
    before = counts(app)
    for person, status in (
        (world.applicant, 403),
        (world.respondent, 403),
        (world.liaison, 403),
        (world.other_mediator, 404),
        (world.outsider, 404),
        (world.other_liaison, 404),
        (world.admin, 404),
    ):
        assert schedule(api(person), case_id).status_code == status, person.email
    assert counts(app) == before


@pytest.mark.parametrize("state", ["filed", "settled", "referred_to_court", "withdrawn"])
def test_no_sessions_outside_acceptance_and_mediation(world, api, app, state):
    case_id = world.case(state)
    before = counts(app)
    assert schedule(api(world.staff), case_id).status_code == 409
    if state in ("settled", "referred_to_court"):  # else no mediator was ever assigned
        assert schedule(api(world.mediator), case_id).status_code == 409
    assert counts(app) == before


def test_changes_are_refused_once_the_case_is_closed(world, api, app):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    created = schedule(mediator, case_id).get_json()
    hold(world, created["id"])
    world.fire(case_id, "settle")
    before = counts(app)
    body = {**at(days=8), "place": "x", "version": created["version"], "reason": "x"}
    assert mediator.post(f"/sessions/{created['id']}/reschedule", json=body).status_code == 409
    assert mediator.post(f"/sessions/{created['id']}/cancel", json=body).status_code == 409
    assert api(world.applicant).post(f"/sessions/{created['id']}/cancel", json=body).status_code == 403
    assert api(world.other_mediator).post(f"/sessions/{created['id']}/cancel", json=body).status_code == 404
    assert mediator.post("/sessions/999999/cancel", json=body).status_code == 404
    assert counts(app) == before


def test_simultaneous_bookings_of_one_mediator_give_exactly_one_session(world, app):
    cases = [world.case("mediated") for _ in range(3)]
    barrier, outcomes = threading.Barrier(len(cases)), []
    body = session_body(**at(days=9, hour=10, minute=0))

    def book(case_id):
        with app.app_context():
            barrier.wait()
            try:
                operations.schedule_session(world.mediator.user(), case_id, dict(body))
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(case_id,)) for case_id in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "ok"]
    with app.app_context():
        assert db.session.query(MediationSession).count() == 1


def test_the_next_session_per_case_for_the_workbench(world, api, app):
    first, second, third = world.case("mediated"), world.case("mediated"), world.case("mediated")
    mediator = api(world.mediator)
    later = schedule(mediator, first, **at(days=7)).get_json()
    sooner = schedule(mediator, first, **at(days=3)).get_json()
    other = schedule(mediator, second, **at(days=5)).get_json()
    mediator.post(f"/sessions/{other['id']}/cancel", json={"version": other["version"], "reason": "x"})
    with app.app_context():
        found = next_sessions(world.mediator.user(), [first, second, third], utcnow())
        assert {case_id: s.id for case_id, s in found.items()} == {first: sooner["id"]}
        assert later["id"] != sooner["id"]
        assert next_sessions(world.other_mediator.user(), [first], utcnow()) == {}


def test_fields_a_caller_may_not_set_are_ignored(world, api):
    case_id = world.case("mediated")
    response = schedule(
        api(world.staff),
        case_id,
        mediator_id=world.other_mediator.id,
        status="cancelled",
        sequence=7,
        uid="forged@example.com",
        created_by_id=world.applicant.id,
    )
    assert response.status_code == 201
    session = response.get_json()
    assert session["mediator"]["id"] == world.mediator.id and session["status"] == "scheduled"
    assert session["sequence"] == 0 and session["uid"] != "forged@example.com"
