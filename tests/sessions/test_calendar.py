"""Each session as an .ics file (RFC 5545), from the case page and the API, for those
who may see the session: Shanghai wall-clock times, one UID for the session's life,
SEQUENCE raised by each change, STATUS:CANCELLED once cancelled."""

from datetime import datetime

import pytest

from tests.sessions.conftest import at, calendar_of, schedule
from workflows.deadlines import CHINA

PLACE = "海安市常安大道1号三楼调解室"
# The two faces of the same file: the page (cookie session) and the API (bearer token).
FACES = {
    "page": lambda browser, api, person: browser(person),
    "api": lambda browser, api, person: api(person),
}


def _download(client, session_id: int):
    path = f"/sessions/{session_id}/calendar.ics"
    response = client.get(path)  # the Api client prefixes /api/v1
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar" and ".ics" in response.headers["Content-Disposition"]
    return calendar_of(response.get_data())


@pytest.fixture
def meeting(world, api):
    """A mediated case and a joint session two days ahead, 14:30 to 16:30 in Shanghai."""
    case_id = world.case("mediated")
    slot = at(days=2, hour=14, minute=30)
    session = schedule(api(world.mediator), case_id, **slot, place=PLACE).get_json()
    return case_id, session, slot


@pytest.mark.parametrize("face", sorted(FACES))
@pytest.mark.parametrize("who", ["applicant", "respondent", "mediator", "staff"])
def test_those_who_see_the_session_download_it_in_shanghai_time(world, api, browser, meeting, face, who):
    case_id, session, slot = meeting
    calendar, event = _download(FACES[face](browser, api, getattr(world, who)), session["id"])
    number = api(world.staff).get(f"/cases/{case_id}").get_json()["number"]
    assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    for name, moment in (("DTSTART", slot["starts_at"]), ("DTEND", slot["ends_at"])):
        assert event[name].params["TZID"] == "Asia/Shanghai"
        local = event.decoded(name)
        assert local.utcoffset() == datetime.fromisoformat(moment).utcoffset()  # +08:00
        assert local.replace(tzinfo=None) == datetime.fromisoformat(moment).replace(tzinfo=None)
    assert event.decoded("DTSTART").astimezone(CHINA).hour == 14
    assert str(event["UID"]) == session["uid"] and event["SEQUENCE"] == 0
    assert str(event["LOCATION"]) == PLACE and number in str(event["SUMMARY"])
    assert event["STATUS"] == "CONFIRMED"
    assert "ATTENDEE" not in event and "ORGANIZER" not in event  # nobody's address in a shared file


def test_a_reschedule_raises_the_sequence_and_a_cancellation_marks_it_cancelled(world, api, meeting):
    _case_id, session, _slot = meeting
    mediator, applicant = api(world.mediator), api(world.applicant)
    later = at(days=5, hour=9, minute=0)
    moved = mediator.post(
        f"/sessions/{session['id']}/reschedule",
        json={**later, "place": "线上", "version": session["version"], "reason": "被申请人出差"},
    ).get_json()
    _calendar, event = _download(applicant, session["id"])
    assert str(event["UID"]) == session["uid"] and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime.fromisoformat(later["starts_at"])
    assert str(event["LOCATION"]) == "线上"
    mediator.post(f"/sessions/{session['id']}/cancel", json={"version": moved["version"], "reason": "和解"})
    _calendar, event = _download(applicant, session["id"])
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 2 and str(event["UID"]) == session["uid"]


@pytest.mark.parametrize("face", sorted(FACES))
def test_a_private_session_is_not_given_to_the_other_party_nor_outsiders(world, api, browser, face):
    case_id = world.case("mediated")
    private = schedule(
        api(world.mediator), case_id, **at(days=3), kind="private", party_id=world.respondent.organisation_id
    ).get_json()
    path = f"/sessions/{private['id']}/calendar.ics"
    for who, status in (("respondent", 200), ("applicant", 404), ("outsider", 404), ("other_mediator", 404)):
        assert FACES[face](browser, api, getattr(world, who)).get(path).status_code == status, who


def test_the_case_page_and_the_invitation_link_to_the_file(world, api, browser, meeting):
    case_id, session, _slot = meeting
    path = f"/sessions/{session['id']}/calendar.ics"
    page = browser(world.applicant).get(f"/cases/{case_id}").get_data(as_text=True)
    assert f'href="{path}"' in page
    [notice] = [
        n
        for n in api(world.applicant).get("/me/notifications").get_json()["items"]
        if n["kind"] == "session_scheduled"
    ]
    assert f"加入日历：http://localhost{path}" in notice["body"]
