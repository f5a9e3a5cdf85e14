"""Every API request that creates a record honours ``Idempotency-Key``: a retry has one
effect and gets the first answer again; the same key with another request is a 422;
keys belong to their caller; twins sent at once still create one record."""

import io
import json
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.court.models import Payment
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.idempotency import IdempotentRequest, forget_old_keys
from mediation_app.parties.models import Organisation
from mediation_app.sessions.models import MediationSession
from mediation_app.types import utcnow
from tests.conftest import Api
from tests.factories import MINIMAL_PDF, registration
from tests.sessions.conftest import session_body
from workflows.deadlines import local_date

KEY = {"Idempotency-Key": "retry-2026-12-05-0001"}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _evidence_form():
    return {"file": (io.BytesIO(MINIMAL_PDF), "发票.pdf"), "category": "invoice"}


# (what is created, its table, the state of the case it needs, who sends it, path, body)
CREATING = {
    "a case": (Case, None, "staff", "/cases", lambda w: {"json": w.filing()}),
    "a payment": (
        Payment,
        "settled",
        "mediator",
        "/cases/{case}/payments",
        lambda w: {"json": {"amount": "1000.00", "paid_on": local_date(utcnow()).isoformat()}},
    ),
    "an evidence file (multipart)": (
        EvidenceFile,
        "assigned",
        "applicant",
        "/cases/{case}/evidence",
        lambda w: {"data": _evidence_form(), "content_type": "multipart/form-data"},
    ),
    "a session": (
        MediationSession,
        "mediated",
        "mediator",
        "/cases/{case}/sessions",
        lambda w: {"json": session_body()},
    ),
    "a registration (anonymous)": (
        Organisation,
        None,
        None,
        "/registrations",
        lambda w: {"json": registration()},
    ),
}


@pytest.mark.parametrize("what", sorted(CREATING))
def test_a_retry_has_one_effect_and_gets_the_first_answer(app, world, client, what):
    model, state, sender, path, request = CREATING[what]
    case_id = world.case(state) if state else None
    caller = Api(client).login(getattr(world, sender)) if sender else Api(client)
    path = path.format(case=case_id)
    before = _count(app, model)
    first = caller.post(path, headers=dict(KEY), **request(world))
    assert first.status_code == 201, first.get_json()
    retry = caller.post(path, headers=dict(KEY), **request(world))
    assert (retry.status_code, retry.get_json()) == (201, first.get_json())
    assert retry.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _count(app, model) == before + 1
    other = caller.post(path, headers=dict(KEY), **request(world) | _changed(request(world)))
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["error"]["fields"]
    assert _count(app, model) == before + 1


def _changed(request: dict) -> dict:
    """The same request with another body."""
    if "json" in request:
        body = request["json"]
        return {
            "json": body | {"place": "另一间调解室"} if "place" in body else body | {"contact_name": "李四"}
        }
    return {"data": _evidence_form() | {"description": "另一份"}, "content_type": "multipart/form-data"}


def test_keys_belong_to_their_caller_and_are_checked(app, world, client):
    staff = Api(client).login(world.staff)
    liaison_body = world.filing(source="court_delegated", court_case_number="(2024)苏0621民诉前调9号")
    assert staff.post("/cases", json=world.filing(), headers=dict(KEY)).status_code == 201
    liaison = Api(client).login(world.liaison)
    assert (
        liaison.post("/cases", json=liaison_body, headers=dict(KEY)).status_code == 201
    )  # not staff's answer
    assert _count(app, Case) == 2
    for bad in ("short", "with space 123", "x" * 65, "中文的键值一二三四"):
        refused = staff.post("/cases", json=world.filing(), headers={"Idempotency-Key": bad})
        assert refused.status_code == 422 and "Idempotency-Key" in refused.get_json()["error"]["fields"]
    assert staff.post("/cases", json=world.filing()).status_code == 201  # without a key: no replay
    assert _count(app, Case) == 3


def test_a_refused_request_keeps_no_key(app, world, client):
    staff = Api(client).login(world.staff)
    refused = staff.post("/cases", json=world.filing(claim_amount="-1"), headers=dict(KEY))
    assert refused.status_code == 422
    assert _count(app, IdempotentRequest) == 0
    corrected = staff.post("/cases", json=world.filing(), headers=dict(KEY))
    assert corrected.status_code == 201 and _count(app, Case) == 1


def _post(url: str, body: dict, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310  (http to the test server)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_twins_sent_at_once_create_one_record(app, world, server):
    credentials = {"email": world.staff.email, "password": world.staff.password}
    token = _post(f"{server}/api/v1/tokens", credentials, {})[1]["token"]
    headers = {"Authorization": f"Bearer {token}", **KEY}
    answers, start = [], threading.Barrier(4)

    def send():
        start.wait()
        answers.append(_post(f"{server}/api/v1/cases", world.filing(), headers))

    twins = [threading.Thread(target=send) for _ in range(4)]
    for twin in twins:
        twin.start()
    for twin in twins:
        twin.join()
    assert _count(app, Case) == 1
    created = [body for status, body in answers if status == 201]
    assert created and all(body == created[0] for body in created)
    assert {status for status, _ in answers} <= {201, 409}  # 409: the first was still being answered


def test_every_creating_route_declares_the_header_but_the_log_in(app):
    with app.test_request_context():
        document = app.test_client().get("/api/v1/openapi.json").get_json()
    creating = {
        f"POST {path}": operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if method == "post" and "201" in operation["responses"]
    }
    assert len(creating) >= 10
    declaring = {
        name
        for name, op in creating.items()
        if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    }
    assert set(creating) - declaring == {"POST /api/v1/tokens"}


def test_old_keys_are_forgotten(app, world, client):
    staff = Api(client).login(world.staff)
    staff.post("/cases", json=world.filing(), headers=dict(KEY))
    with app.app_context():
        assert forget_old_keys() == 0
        db.session.execute(
            IdempotentRequest.__table__.update().values(created_at=utcnow().replace(year=2020))
        )
        db.session.commit()
        assert forget_old_keys() == 1
