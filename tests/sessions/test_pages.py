"""The sessions section of the case page, as people use it (cookie sessions, forms),
and an invitation delivered through a real SMTP server."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from mediation_app.extensions import db
from mediation_app.notifications.operations import send_pending
from mediation_app.sessions.models import MediationSession
from mediation_app.types import utcnow
from tests.conftest import make_app
from tests.sessions.conftest import counts, hold, outbox, schedule
from workflows.deadlines import CHINA


def _local(days: int, hour: int, minute: int = 0) -> str:
    """A datetime-local value, Shanghai wall-clock time."""
    day = (utcnow() + timedelta(days=days)).astimezone(CHINA)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")


def _form(world, **overrides):
    return {
        "starts_at": _local(2, 9),
        "ends_at": _local(2, 11),
        "place": "海安市常安大道1号三楼调解室",
        "kind": "joint",
        "participant_ids": [str(world.applicant.organisation_id), str(world.respondent.organisation_id)],
        **overrides,
    }


def _sessions(app):
    with app.app_context():
        rows = db.session.query(MediationSession).order_by(MediationSession.id).all()
        db.session.expunge_all()
        return rows


def _hidden(html: str, prefix: str, name: str) -> str:
    return re.search(rf'name="{prefix}-{name}" type="hidden" value="(\d+)"', html).group(1)


def test_the_mediator_schedules_from_the_case_page_in_beijing_time(world, browser, app):
    case_id = world.case("mediated")
    page = browser(world.mediator)
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'type="datetime-local"' in html and 'id="sessions"' in html
    response = page.post(f"/cases/{case_id}/sessions", data=_form(world))
    assert response.status_code == 302, response.get_data(as_text=True)
    [session] = _sessions(app)
    local = datetime.strptime(_local(2, 9), "%Y-%m-%dT%H:%M").replace(tzinfo=CHINA)
    assert session.starts_at == local.astimezone(UTC)
    assert session.starts_at.hour == (9 - 8) % 24  # stored in UTC
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert local.strftime("%Y-%m-%d %H:%M") in html  # shown in Shanghai time
    assert "海安市常安大道1号三楼调解室" in html and f"sessions/{session.id}/minutes" in html
    assert len(outbox(app, "session_scheduled")) == 3


def test_a_private_session_from_the_page(world, browser, app):
    case_id = world.case("mediated")
    page = browser(world.staff)
    response = page.post(
        f"/cases/{case_id}/sessions",
        data=_form(world, kind="private", party_id=str(world.applicant.organisation_id)),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    [session] = _sessions(app)
    assert session.kind.value == "private" and session.party_id == world.applicant.organisation_id
    assert "二楼" not in browser(world.respondent).get(f"/cases/{case_id}").get_data(as_text=True)


def test_refusals_are_shown_beside_the_fields(world, browser, app):
    case_id = world.case("mediated")
    page = browser(world.mediator)
    before = counts(app)
    past = page.post(
        f"/cases/{case_id}/sessions", data=_form(world, starts_at=_local(-2, 9), ends_at=_local(-2, 10))
    )
    assert past.status_code == 422 and 'class="error"' in past.get_data(as_text=True)
    backwards = page.post(f"/cases/{case_id}/sessions", data=_form(world, ends_at=_local(2, 8)))
    assert backwards.status_code == 422
    private = page.post(f"/cases/{case_id}/sessions", data=_form(world, kind="private", party_id=""))
    assert private.status_code == 422
    assert counts(app) == before
    nobody = page.post(f"/cases/{case_id}/sessions", data=_form(world, participant_ids=[]))
    assert nobody.status_code == 422
    assert counts(app) == before


def test_an_overlap_on_the_page_is_a_conflict(world, browser, api, app):
    case_id, other_case = world.case("mediated"), world.case("mediated")
    page = browser(world.mediator)
    first = page.post(f"/cases/{other_case}/sessions", data=_form(world, ends_at=_local(2, 10)))
    assert first.status_code == 302
    before = counts(app)
    response = page.post(f"/cases/{case_id}/sessions", data=_form(world, starts_at=_local(2, 9, 30)))
    assert response.status_code == 409
    assert _local(2, 9).replace("T", " ") in response.get_data(as_text=True)  # the session in the way
    assert counts(app) == before


def test_reschedule_cancel_and_minutes_from_the_page(world, browser, api, app):
    case_id = world.case("mediated")
    created = schedule(api(world.mediator), case_id).get_json()
    sid = created["id"]
    move, write, finalise = f"reschedule{sid}", f"minutes{sid}", f"finalise{sid}"
    page = browser(world.mediator)
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    version = _hidden(html, move, "version")
    assert version == str(created["version"]) and _hidden(html, write, "version") == "0"
    when = {f"{move}-starts_at": _local(4, 15), f"{move}-ends_at": _local(4, 17), f"{move}-place": "线上"}
    moved = page.post(
        f"/sessions/{sid}/reschedule",
        data={f"{move}-version": version, **when, f"{move}-reason": "申请人要求改期"},
    )
    assert moved.status_code == 302, moved.get_data(as_text=True)
    [session] = _sessions(app)
    assert session.sequence == 1 and session.place == "线上"
    stale = page.post(
        f"/sessions/{sid}/reschedule", data={f"{move}-version": version, **when, f"{move}-reason": "x"}
    )
    assert stale.status_code == 409
    hold(world, sid)  # it took place: its minutes can be finalised
    [session] = _sessions(app)

    saved = page.post(
        f"/sessions/{sid}/minutes", data={f"{write}-version": "0", f"{write}-text": "申请人陈述。"}
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "申请人陈述。" in html
    minutes_version = _hidden(html, finalise, "version")
    unconfirmed = page.post(
        f"/sessions/{sid}/minutes/finalise", data={f"{finalise}-version": minutes_version}
    )
    assert unconfirmed.status_code == 422
    final = page.post(
        f"/sessions/{sid}/minutes/finalise",
        data={f"{finalise}-version": minutes_version, f"{finalise}-confirm": "y"},
    )
    assert final.status_code == 302, final.get_data(as_text=True)
    assert len(outbox(app, "minutes_ready")) == 3
    assert "申请人陈述。" in browser(world.applicant).get(f"/cases/{case_id}").get_data(as_text=True)

    cancelled = page.post(
        f"/sessions/{sid}/cancel",
        data={f"cancel{sid}-version": str(session.version), f"cancel{sid}-reason": "x"},
    )
    assert cancelled.status_code == 409  # held: its minutes are final


def test_cancel_from_the_page(world, browser, api, app):
    case_id = world.case("assigned")
    created = schedule(api(world.mediator), case_id).get_json()
    prefix = f"cancel{created['id']}"
    page = browser(world.staff)
    no_reason = page.post(
        f"/sessions/{created['id']}/cancel", data={f"{prefix}-version": str(created["version"])}
    )
    assert no_reason.status_code == 422
    done = page.post(
        f"/sessions/{created['id']}/cancel",
        data={f"{prefix}-version": str(created["version"]), f"{prefix}-reason": "调解员生病"},
    )
    assert done.status_code == 302
    assert _sessions(app)[0].status.value == "cancelled"
    assert "调解员生病" in page.get(f"/cases/{case_id}").get_data(as_text=True)


def test_parties_get_no_forms_and_are_refused_by_hand(world, browser, api, app):
    case_id = world.case("mediated")
    created = schedule(api(world.mediator), case_id).get_json()
    page = browser(world.applicant)
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "海安市常安大道1号三楼调解室" in html
    assert f"/cases/{case_id}/sessions" not in html and f"/sessions/{created['id']}/cancel" not in html
    before = counts(app)
    assert page.post(f"/cases/{case_id}/sessions", data=_form(world)).status_code == 403
    assert page.post(f"/sessions/{created['id']}/cancel", data={}).status_code == 403
    assert browser(world.outsider).post(f"/sessions/{created['id']}/cancel", data={}).status_code == 404
    assert counts(app) == before


def test_the_invitation_arrives_through_a_real_mail_server(world, api, app, smtp):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    created = schedule(mediator, case_id).get_json()
    mediator.post(
        f"/sessions/{created['id']}/cancel", json={"version": created["version"], "reason": "改期另行通知"}
    )
    with app.app_context():
        result = send_pending()
    assert result.failed == result.retrying == 0 and result.sent >= 6
    by_method = {}
    invitations = [mail for mail in smtp.messages() if "调解会议" in mail["Subject"]]
    assert len(invitations) == 6  # an invitation and a cancellation for each of three people
    for mail in invitations:
        [attachment] = mail.iter_attachments()
        assert attachment.get_content_type() == "text/calendar"
        method = attachment.get_param("method")
        calendar = Calendar.from_ical(attachment.get_content())
        [event] = calendar.walk("VEVENT")
        assert calendar["METHOD"] == method and str(event["UID"]) == created["uid"]
        by_method.setdefault(method, set()).add((mail["To"], int(event["SEQUENCE"])))
    people = {world.applicant.email, world.respondent.email, world.mediator.email}
    assert by_method == {
        "REQUEST": {(person, 0) for person in people},
        "CANCEL": {(person, 1) for person in people},
    }


@pytest.fixture
def csrf_app(database_url, tmp_path, clean_db):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_each_session_form_carries_its_own_csrf_token(csrf_app, world, api):
    case_id = world.case("mediated")
    created = schedule(api(world.mediator), case_id).get_json()
    client = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)[1]
    form = {"email": world.mediator.email, "password": world.mediator.password, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    prefix = f"cancel{created['id']}"
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', html)[1]
    data = {f"{prefix}-version": str(created["version"]), f"{prefix}-reason": "改期"}
    assert client.post(f"/sessions/{created['id']}/cancel", data=data).status_code == 400
    assert (
        client.post(
            f"/sessions/{created['id']}/cancel", data={**data, f"{prefix}-csrf_token": token}
        ).status_code
        == 302
    )
