"""Service by SMS through the gateway adapter: a fake gateway on the loopback takes the
messages and reports their delivery to the app, signed; a gateway that is down is
retried with backoff, each attempt logged, until the record is given up as failed."""

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.jobs.runner import run
from mediation_app.service.fake_sms import FakeSmsGateway
from mediation_app.service.models import ServiceAttempt, ServiceRecord
from mediation_app.service.sms import SIGNATURE_HEADER, sign
from mediation_app.types import clock_at, utcnow
from tests.factories import uscc
from tests.notifications.conftest import free_port

pytestmark = pytest.mark.with_documents

KEY = "test-sms-key"


@pytest.fixture
def gateway(app, server, monkeypatch):
    """The fake gateway, reporting to the app served on a real port."""
    fake = FakeSmsGateway(KEY, f"{server}/service/sms/callback").start()
    monkeypatch.setitem(app.config, "SMS_GATEWAY_URL", fake.url)
    monkeypatch.setitem(app.config, "SMS_GATEWAY_KEY", KEY)
    yield fake
    fake.stop()


def _by_sms(address, mobile):
    return {**address, "channels": ["sms"], "email": None, "mobile": mobile}


def _sms_records(app, case_id):
    with app.app_context():
        return db.session.scalars(
            select(ServiceRecord).where(ServiceRecord.case_id == case_id, ServiceRecord.channel == "sms")
        ).all()


def _settled(app, case_id, count, seconds=10):
    """The SMS records once every report is in (the gateway reports on its own)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        records = _sms_records(app, case_id)
        if len(records) == count and all(r.delivered_at or r.failure for r in records):
            return records
        time.sleep(0.1)
    raise AssertionError("the gateway's reports did not arrive")


def test_the_fake_gateway_delivers_and_reports_back(app, world, api, address, gateway):
    case_id = world.case("filed")
    api(world.applicant).call(
        "PUT", f"/cases/{case_id}/service-address", json=_by_sms(address, "13812345678")
    )
    # a switched-off phone: the fake reports numbers ending in 0000 failed
    api(world.respondent).call(
        "PUT", f"/cases/{case_id}/service-address", json=_by_sms(address, "13900000000")
    )
    world.fire(case_id, "assign")

    records = _settled(app, case_id, 4)
    assert {m["mobile"] for m in gateway.received} == {"13812345678", "13900000000"}
    assert sorted(m["text"].split("》")[0].split("《")[1] for m in gateway.received) == [
        "受理通知书",
        "受理通知书",
        "权利义务告知书",
        "权利义务告知书",
    ]
    assert all("/service/open/" in m["text"] for m in gateway.received)
    assert {status for _report, status in gateway.reports} == {204}
    states = api(world.staff).get(f"/cases/{case_id}/service").get_json()["records"]
    assert sorted((r["party"], r["state"], r["address"]) for r in states) == [
        ("applicant", "delivered", "138****5678"),
        ("applicant", "delivered", "138****5678"),
        ("respondent", "failed", "139****0000"),
        ("respondent", "failed", "139****0000"),
    ]
    assert all(r.sent_at and r.gateway_message_id for r in records)


def test_a_report_without_the_gateways_signature_is_refused(app, world, api, address, gateway, client):
    case_id = world.case("filed")
    api(world.applicant).call(
        "PUT", f"/cases/{case_id}/service-address", json=_by_sms(address, "13812345678")
    )
    world.fire(case_id, "assign")
    [record, _] = _settled(app, case_id, 2)
    body = json.dumps({"id": record.gateway_message_id, "status": "failed"}).encode()
    headers = {"Content-Type": "application/json"}
    forged = client.post(
        "/service/sms/callback", data=body, headers={**headers, SIGNATURE_HEADER: sign("guess", body)}
    )
    assert forged.status_code == 403
    unknown = json.dumps({"id": "nobody", "status": "delivered"}).encode()
    assert (
        client.post(
            "/service/sms/callback", data=unknown, headers={**headers, SIGNATURE_HEADER: sign(KEY, unknown)}
        ).status_code
        == 404
    )
    replayed = client.post(
        "/service/sms/callback", data=body, headers={**headers, SIGNATURE_HEADER: sign(KEY, body)}
    )
    assert replayed.status_code == 204
    with app.app_context():
        again = db.session.get(ServiceRecord, record.id)
        assert again.delivered_at is not None and again.failure is None  # the first report stands


def test_sms_is_offered_only_where_a_gateway_is_configured(world, api, address):
    case_id = world.case("filed")
    refused = api(world.applicant).call(
        "PUT", f"/cases/{case_id}/service-address", json=_by_sms(address, "13812345678")
    )
    assert refused.status_code == 422 and "channels" in refused.get_json()["error"]["fields"]


def test_a_gateway_that_is_down_is_retried_with_backoff_then_given_up(
    app, world, api, address, monkeypatch, browser
):
    monkeypatch.setitem(
        app.config, "SMS_GATEWAY_URL", f"http://127.0.0.1:{free_port()}/messages"
    )  # nobody there
    monkeypatch.setitem(app.config, "SMS_GATEWAY_KEY", KEY)
    monkeypatch.setitem(app.config, "SMS_GATEWAY_TIMEOUT", 2)
    case_id = world.case("filed")
    api(world.applicant).call(
        "PUT", f"/cases/{case_id}/service-address", json=_by_sms(address, "13812345678")
    )
    world.fire(case_id, "assign")
    record = _sms_records(app, case_id)[0]
    assert record.failure is None and record.sent_at is None  # waiting for its next attempt

    moment = utcnow()
    for _attempt in range(10):  # each wait of the backoff passed: the runner tries again
        moment += timedelta(hours=2)
        with app.app_context(), clock_at(moment):
            run(f"service-sms:{record.id}")
    with app.app_context():
        attempts = db.session.scalars(
            select(ServiceAttempt).where(ServiceAttempt.record_id == record.id)
        ).all()
        assert [a.outcome for a in attempts] == ["error"] * 6  # the task's attempts, each logged
        assert db.session.get(ServiceRecord, record.id).failure
    staff = browser(world.staff)
    staff.post("/lang/en")
    page = staff.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Attempt 6" in page and "URLError" in page


def test_a_respondent_without_an_account_is_invited_at_the_mobile_the_filer_gave(app, world, api, gateway):
    newcomer = {"name": "海安新星服饰有限公司", "uscc": uscc(4711)}
    filing = world.filing(respondent=newcomer, respondent_contact={"mobile": "13900002222"})
    case_id = api(world.staff).post("/cases", json=filing).get_json()["id"]
    world.fire(case_id, "assign")
    [message] = [m for m in gateway.received if m["mobile"] == "13900002222"]
    assert "申请与贵方调解" in message["text"] and f"uscc={filing['respondent']['uscc']}" in message["text"]
    world.fire(case_id, "reassign")  # a later step invites nobody again
    assert len([m for m in gateway.received if m["mobile"] == "13900002222"]) == 1
    # a respondent with an account is invited in its inbox and by e-mail, not by SMS
    known = world.case("filed", respondent_contact={"mobile": "13900003333"})
    world.fire(known, "assign")
    assert not [m for m in gateway.received if m["mobile"] == "13900003333"]
