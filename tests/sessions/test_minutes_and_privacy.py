"""Minutes (调解笔录) and the confidentiality of private sessions (背对背): who sees
which session, which minutes and which timeline entries."""

import pytest

from tests.sessions.conftest import COURT_CASE, at, counts, hold, outbox, schedule


def _minutes(client, session_id, text, version):
    return client.call("PUT", f"/sessions/{session_id}/minutes", json={"text": text, "version": version})


def _finalise(client, session_id, version):
    return client.post(f"/sessions/{session_id}/minutes/finalise", json={"version": version})


def _actions(client, case_id):
    return [e["action"] for e in client.get(f"/cases/{case_id}/events").get_json()]


def test_minutes_are_drafted_then_finalised_and_the_participants_told(world, api, app):
    case_id = world.case("mediated", **COURT_CASE)
    mediator, staff = api(world.mediator), api(world.staff)
    session = schedule(mediator, case_id).get_json()
    hold(world, session["id"])
    first = _minutes(mediator, session["id"], "双方陈述了各自意见。", 0)
    assert first.status_code == 200, first.get_json()
    draft = first.get_json()
    assert draft["status"] == "draft" and draft["version"] == 1 and draft["sha256"] is None
    # Parties and the court read nothing before the minutes are final.
    for person in (world.applicant, world.respondent, world.liaison):
        assert api(person).get(f"/sessions/{session['id']}/minutes").status_code == 404
        listed = api(person).get(f"/cases/{case_id}/sessions").get_json()
        assert [s["minutes"] for s in listed] == [None]
    before = counts(app)
    assert _minutes(staff, session["id"], "改写", 0).status_code == 409  # stale: version 1 is current
    assert counts(app) == before
    edited = _minutes(staff, session["id"], "双方陈述了各自意见。\n被申请人同意分期付款。", 1)
    assert edited.status_code == 200 and edited.get_json()["written_by"]["id"] == world.staff.id

    final = _finalise(mediator, session["id"], edited.get_json()["version"])
    assert final.status_code == 200, final.get_json()
    final = final.get_json()
    assert final["status"] == "final" and len(final["sha256"]) == 64
    assert sorted(m.recipient for m in outbox(app, "minutes_ready")) == sorted(
        [world.applicant.email, world.respondent.email, world.mediator.email]
    )
    for person in (world.applicant, world.respondent, world.liaison, world.staff):
        response = api(person).get(f"/sessions/{session['id']}/minutes")
        assert response.status_code == 200 and "分期付款" in response.get_json()["text"]
    assert api(world.outsider).get(f"/sessions/{session['id']}/minutes").status_code == 404
    assert _actions(api(world.applicant), case_id)[-5:] == [
        "save_minutes",
        "save_minutes",
        "finalise_minutes",
        "issue_document",  # 调解笔录, as a PDF
        "store_document",  # rendered after the commit, its hash on the timeline
    ]

    before = counts(app)
    assert _minutes(mediator, session["id"], "事后修改", final["version"]).status_code == 409
    assert _finalise(mediator, session["id"], final["version"]).status_code == 409
    cancel = mediator.post(
        f"/sessions/{session['id']}/cancel", json={"version": session["version"], "reason": "x"}
    )
    assert cancel.status_code == 409  # it was held: its minutes are final
    assert counts(app) == before


def test_who_may_write_minutes(world, api, app):
    case_id = world.case("mediated", **COURT_CASE)
    session = schedule(api(world.mediator), case_id).get_json()
    before = counts(app)
    for person, status in (
        (world.applicant, 403),
        (world.liaison, 403),
        (world.other_mediator, 404),
        (world.outsider, 404),
    ):
        assert _minutes(api(person), session["id"], "x", 0).status_code == status
        assert _finalise(api(person), session["id"], 0).status_code == status
    assert _finalise(api(world.mediator), session["id"], 0).status_code == 409  # nothing written yet
    assert _minutes(api(world.mediator), session["id"], "", 0).status_code == 422
    assert counts(app) == before


def test_minutes_of_the_last_session_may_be_completed_after_settlement(world, api):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    session = schedule(mediator, case_id).get_json()
    hold(world, session["id"])
    world.fire(case_id, "settle")
    written = _minutes(mediator, session["id"], "双方达成协议。", 0)
    assert written.status_code == 200
    assert _finalise(mediator, session["id"], written.get_json()["version"]).status_code == 200


def test_minutes_of_a_cancelled_session_are_refused(world, api):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    session = schedule(mediator, case_id).get_json()
    mediator.post(f"/sessions/{session['id']}/cancel", json={"version": session["version"], "reason": "x"})
    assert _minutes(mediator, session["id"], "x", 0).status_code == 409


@pytest.fixture
def caucus(world, api):
    """A court case with a joint session and a private session with the respondent,
    both with final minutes."""
    case_id = world.case("mediated", **COURT_CASE)
    mediator = api(world.mediator)
    joint = schedule(mediator, case_id, **at(days=2)).get_json()
    private = schedule(
        mediator,
        case_id,
        **at(days=3),
        place="二楼小会议室",
        kind="private",
        party_id=world.respondent.organisation_id,
    ).get_json()
    for session, text in ((joint, "共同会议笔录"), (private, "被申请人底线：四十万元")):
        hold(world, session["id"])
        written = _minutes(mediator, session["id"], text, 0).get_json()
        assert _finalise(mediator, session["id"], written["version"]).status_code == 200
    return case_id, joint, private


def test_private_minutes_are_never_shown_to_a_party_nor_the_court(world, api, caucus):
    case_id, joint, private = caucus
    for person in (world.applicant, world.respondent, world.liaison):
        client = api(person)
        assert client.get(f"/sessions/{private['id']}/minutes").status_code == 404
        assert client.get(f"/sessions/{joint['id']}/minutes").status_code == 200
        for session in client.get(f"/cases/{case_id}/sessions").get_json():
            assert session["minutes"] is None or session["id"] == joint["id"]
        for event in client.get(f"/cases/{case_id}/events").get_json():
            assert event["data"].get("minutes_id") is None or event["data"]["session_id"] == joint["id"]
        assert "底线" not in client.get(f"/cases/{case_id}/events").get_data(as_text=True)
    for person in (world.mediator, world.staff):
        response = api(person).get(f"/sessions/{private['id']}/minutes")
        assert response.status_code == 200 and "底线" in response.get_json()["text"]


def test_a_private_session_exists_only_for_the_mediator_staff_and_its_party(world, api, caucus):
    case_id, joint, private = caucus
    respondent = api(world.respondent)
    assert [s["id"] for s in respondent.get(f"/cases/{case_id}/sessions").get_json()] == [
        joint["id"],
        private["id"],
    ]
    assert respondent.get(f"/sessions/{private['id']}").get_json()["place"] == "二楼小会议室"
    assert "schedule_session" in [
        e["action"]
        for e in respondent.get(f"/cases/{case_id}/events").get_json()
        if e["data"].get("session_id") == private["id"]
    ]
    for person in (world.applicant, world.liaison):
        client = api(person)
        assert [s["id"] for s in client.get(f"/cases/{case_id}/sessions").get_json()] == [joint["id"]]
        assert client.get(f"/sessions/{private['id']}").status_code == 404
        events = client.get(f"/cases/{case_id}/events").get_data(as_text=True)
        assert "二楼小会议室" not in events
        assert all(
            e["data"].get("session_id") in (None, joint["id"])
            for e in client.get(f"/cases/{case_id}/events").get_json()
        )
    for person in (world.mediator, world.staff):
        assert len(api(person).get(f"/cases/{case_id}/sessions").get_json()) == 2


def test_private_session_mail_goes_only_to_its_party_and_the_mediator(world, app, caucus):
    _case_id, _joint, private = caucus
    invited = [m for m in outbox(app, "session_scheduled") if private["uid"].encode() in m.attachment_data]
    assert sorted(m.recipient for m in invited) == sorted([world.respondent.email, world.mediator.email])
    assert "背对背" in invited[0].attachment_data.decode()
    ready = outbox(app, "minutes_ready")
    assert world.applicant.email not in [m.recipient for m in ready[3:]]
    assert [m.recipient for m in ready[3:]] == [world.mediator.email]  # private: the mediator only


def test_the_case_page_keeps_the_private_session_from_the_other_side(world, browser, caucus):
    case_id, _joint, _private = caucus
    for person in (world.applicant, world.liaison):
        html = browser(person).get(f"/cases/{case_id}").get_data(as_text=True)
        assert "共同会议笔录" in html
        assert "二楼小会议室" not in html and "底线" not in html
    respondent = browser(world.respondent).get(f"/cases/{case_id}").get_data(as_text=True)
    assert "二楼小会议室" in respondent and "底线" not in respondent
    mediator = browser(world.mediator).get(f"/cases/{case_id}").get_data(as_text=True)
    assert "二楼小会议室" in mediator and "底线" in mediator


def test_minutes_are_finalised_only_once_their_session_has_started(world, api):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    session = schedule(mediator, case_id).get_json()
    written = _minutes(mediator, session["id"], "会前准备：核对对账单。", 0)  # drafting ahead is fine
    assert written.status_code == 200
    early = _finalise(mediator, session["id"], written.get_json()["version"])
    assert early.status_code == 409 and "开始后" in early.get_json()["error"]["message"]
    hold(world, session["id"])
    assert _finalise(mediator, session["id"], written.get_json()["version"]).status_code == 200


def test_an_agreement_waits_for_a_session_to_have_started(world, api):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    session = schedule(mediator, case_id).get_json()
    agreement = world.trigger_data("record_agreement")
    early = mediator.fire(case_id, "record_agreement", **agreement)
    assert early.status_code == 422 and "agreed_amount" in early.get_json()["error"]["fields"]
    assert mediator.get(f"/cases/{case_id}").get_json()["agreed_amount"] is None
    hold(world, session["id"])
    assert mediator.fire(case_id, "record_agreement", **agreement).status_code == 200
