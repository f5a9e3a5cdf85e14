"""Service records: every served document reaches each party by every channel it
consented to (e-mail through the outbox and a real SMTP server, the inbox) or, without
consent, by post; the recipient's signed link records its reading; an undelivered one
reaches the staff's desk; staff record the postal service."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.notifications.models import Notification, OutboxMessage
from mediation_app.notifications.operations import send_pending
from mediation_app.service.models import ServiceRecord
from mediation_app.types import clock_at, utcnow
from tests.conftest import log_in
from tests.sessions.conftest import COURT_CASE, at, hold, schedule

pytestmark = pytest.mark.with_documents

LINK = re.compile(r"/service/open/[A-Za-z0-9_.-]+")


@pytest.fixture
def served(world, api, address):
    """A case accepted after the applicant consented to e-mail and the inbox and the
    respondent gave no address: its acceptance and rights notices are served."""
    case_id = world.case("filed")
    assert (
        api(world.applicant).call("PUT", f"/cases/{case_id}/service-address", json=address).status_code == 200
    )
    world.fire(case_id, "assign")
    return case_id


def _states(api, person, case_id):
    records = api(person).get(f"/cases/{case_id}/service").get_json()["records"]
    return sorted((r["document_kind"], r["party"], r["channel"], r["state"]) for r in records)


def _record(app, **where):
    with app.app_context():
        return db.session.scalars(select(ServiceRecord).filter_by(**where).order_by(ServiceRecord.id)).first()


def test_each_served_document_reaches_each_party_by_its_channels(app, world, api, served, smtp):
    staff_sees = _states(api, world.staff, served)
    assert staff_sees == sorted(
        (kind, *rest)
        for kind in ("acceptance_notice", "rights_notice")
        for rest in (
            ("applicant", "email", "sent"),
            ("applicant", "in_app", "delivered"),
            ("respondent", "paper", "awaiting"),
        )
    )
    assert {party for _kind, party, *_ in _states(api, world.applicant, served)} == {"applicant"}

    with app.app_context():
        send_pending()
    assert {m["To"] for m in smtp.messages()} >= {"legal@changan.example"}
    delivered = [
        r
        for r in api(world.staff).get(f"/cases/{served}/service").get_json()["records"]
        if r["channel"] == "email"
    ]
    assert [r["state"] for r in delivered] == ["delivered", "delivered"]
    assert all(r["delivered_at"] and r["address"] == "l***@changan.example" for r in delivered)


def test_the_recipients_link_records_its_reading_once(app, world, served, client):
    with app.app_context():
        inbox = db.session.scalars(
            select(Notification).where(
                Notification.user_id == world.applicant.id, Notification.kind == "document_served"
            )
        ).all()
        record_id = db.session.scalar(
            select(ServiceRecord.id).where(ServiceRecord.notification_id == inbox[0].id)
        )
    link = LINK.search(inbox[0].body).group()
    client.post("/lang/en")
    page = client.get(link)
    assert page.status_code == 200 and "Open the document (PDF)" in page.get_data(as_text=True)
    assert _record(app, id=record_id).opened_at is None  # looking at the page is not reading

    with client.post(link) as pdf:
        assert (
            pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.headers["X-Content-SHA256"]
        )
    first = _record(app, id=record_id).opened_at
    assert first is not None
    with client.post(link) as again:
        assert again.status_code == 200
    assert _record(app, id=record_id).opened_at == first


def test_an_expired_or_altered_link_gets_a_clear_page(app, world, served, client):
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.kind == "document_served"))
    link = LINK.search(body).group()
    client.post("/lang/en")
    altered = client.get(link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"))
    assert altered.status_code == 404 and "Link not valid" in altered.get_data(as_text=True)
    with clock_at(utcnow() + timedelta(days=app.config["SERVICE_LINK_DAYS"] + 1)):
        expired = client.post(link)
    assert expired.status_code == 410 and "Link no longer valid" in expired.get_data(as_text=True)
    assert _record(app, channel="email").opened_at is None


def test_a_failed_delivery_reaches_the_staffs_desk(app, world, served, smtp, client):
    smtp.refuse["legal@changan.example"] = "550 5.1.1 no such mailbox"
    with app.app_context():
        send_pending()
    failed = [r for r in _states_by(app, served) if r[0] == "email"]
    assert failed and all(state == "failed" for _channel, state in failed)

    log_in(client, world.staff)
    client.post("/lang/en")
    heading = "Documents not yet delivered to a party"
    with clock_at(utcnow() + timedelta(hours=1)):  # the posts wait at once; the e-mails in time
        desk = client.get("/dashboard").get_data(as_text=True)
    assert heading in desk and desk.count("Acceptance") + desk.count("受理通知书") >= 1
    assert desk.count("E-mail") == 0
    with clock_at(utcnow() + timedelta(hours=app.config["SERVICE_DELIVERY_HOURS"] + 1)):
        desk = client.get("/dashboard").get_data(as_text=True)
    assert desk.count("E-mail") == 2  # both notices, by e-mail


def _states_by(app, case_id):
    from mediation_app.service.presenters import state_of
    from mediation_app.service.queries import records_of

    with app.app_context():
        return [(r.channel.value, state_of(r).value) for r in records_of(case_id)]


def test_staff_record_the_posting_and_the_receipt_of_paper_service(app, world, served, browser):
    record = _record(app, party="respondent", channel="paper")
    staff = browser(world.staff)
    staff.post("/lang/en")
    sheet = staff.get(f"/cases/{served}/service/address-sheet/respondent").get_data(as_text=True)
    assert "海安市开发区2号" in sheet and "受理通知书" in sheet  # the registered address: none confirmed

    url = f"/cases/{served}/service/records/{record.id}/postal"
    future = (utcnow() + timedelta(days=3)).date().isoformat()
    refused = staff.post(url, data={"tracking_number": "EA123456789CN", "received_on": future})
    assert refused.status_code == 422 and _record(app, id=record.id).tracking_number is None
    assert staff.post(url, data={"tracking_number": "EA123456789CN"}).status_code == 302
    posted = _record(app, id=record.id)
    assert posted.tracking_number == "EA123456789CN" and posted.sent_at and posted.delivered_at is None
    today = utcnow().date().isoformat()
    assert staff.post(url, data={"tracking_number": "EA123456789CN", "received_on": today}).status_code == 302
    assert _record(app, id=record.id).delivered_at is not None
    page = staff.get(f"/cases/{served}").get_data(as_text=True)
    assert "EMS EA123456789CN" in page

    email = _record(app, channel="email")
    wrong = staff.post(f"/cases/{served}/service/records/{email.id}/postal", data={"tracking_number": "X1"})
    assert wrong.status_code == 409


def test_a_party_that_changes_its_address_is_served_at_the_new_one(app, world, api, served, address):
    paper_only = {**address, "channels": [], "email": None}
    api(world.applicant).call("PUT", f"/cases/{served}/service-address", json=paper_only)
    world.fire(served, "reassign")  # no document: nothing new is served
    staff = api(world.staff)
    version = staff.get(f"/cases/{served}").get_json()["version"]
    staff.post(
        f"/cases/{served}/transitions", json={"trigger": "withdraw", "version": version, "reason": "和解"}
    )
    termination = [
        r
        for r in staff.get(f"/cases/{served}/service").get_json()["records"]
        if r["document_kind"] == "termination_notice"
    ]
    assert sorted((r["party"], r["channel"]) for r in termination) == [
        ("applicant", "paper"),
        ("respondent", "paper"),
    ]


def test_minutes_are_served_only_on_the_parties_who_may_read_them(app, world, api):
    """Joint-session minutes reach both parties; a private session's (背对背) neither,
    so no party's records, nor the court's view of them, name that document."""
    case_id = world.case("mediated", **COURT_CASE)
    mediator = api(world.mediator)
    minutes = {}
    for kind, extra in (("joint", {}), ("private", {"party_id": world.respondent.organisation_id})):
        session = schedule(mediator, case_id, **at(days=3 if extra else 2), kind=kind, **extra).get_json()
        hold(world, session["id"])
        written = mediator.call(
            "PUT", f"/sessions/{session['id']}/minutes", json={"text": f"{kind} 笔录", "version": 0}
        ).get_json()
        finalised = mediator.post(
            f"/sessions/{session['id']}/minutes/finalise", json={"version": written["version"]}
        )
        assert finalised.status_code == 200, finalised.get_json()
        minutes[kind] = session["id"]
    with app.app_context():
        served = db.session.execute(
            select(Document.session_id, ServiceRecord.party)
            .join(Document, Document.id == ServiceRecord.document_id)
            .where(ServiceRecord.case_id == case_id, Document.kind == "minutes")
        ).all()
    assert sorted(served) == [(minutes["joint"], "applicant"), (minutes["joint"], "respondent")]
    for person in (world.staff, world.liaison, world.respondent):
        records = api(person).get(f"/cases/{case_id}/service").get_json()["records"]
        assert "minutes" in {r["document_kind"] for r in records}
