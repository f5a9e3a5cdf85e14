"""A party's agents (委托代理人): appointed with the signed authorisation letter by the
party's own user or by staff, at most two at a time, revoked but never deleted, seen
by whoever sees the case, and named on the documents issued while they act."""

import io

import pytest
from sqlalchemy import func, select

from mediation_app.agents.models import CaseAgent
from mediation_app.cases.models import CaseEvent
from mediation_app.documents.models import Document
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from tests.conftest import log_in
from tests.factories import MINIMAL_PDF
from tests.pdf import pdf_text

LAWYER = {
    "name": "王立",
    "kind": "lawyer",
    "workplace": "江苏常安律师事务所",
    "licence_number": "13206201810123456",
    "phone": "13912345678",
    "scope": "special",
}


def _appoint(client, case_id, fields=LAWYER, letter=MINIMAL_PDF, name="授权委托书.pdf"):
    data = dict(fields)
    if letter is not None:
        data["letter"] = (io.BytesIO(letter), name)
    return client.post(f"/cases/{case_id}/agents", data=data, content_type="multipart/form-data")


def _counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(t))
            for t in (CaseAgent, EvidenceFile, CaseEvent)
        )


def test_a_party_appoints_its_lawyer_and_everyone_on_the_case_reads_who_acts(world, api, app):
    case_id = world.case("assigned", source="court_delegated", court_case_number="(2026)苏0621民诉前调9号")
    response = _appoint(api(world.applicant), case_id)
    assert response.status_code == 201, response.get_json()
    agent = response.get_json()
    assert agent["party"] == "applicant" and agent["scope"] == "special" and agent["revoked_at"] is None
    assert "签署调解协议" in agent["powers"]  # the special authorisation's usual wording
    assert agent["letter"]["category"] == "authorisation" and agent["letter"]["name"] == "授权委托书.pdf"
    assert agent["phone"] == "13912345678"

    for person, phone in (
        (world.respondent, "139****5678"),
        (world.liaison, "139****5678"),
        (world.mediator, "13912345678"),
    ):
        [seen] = api(person).get(f"/cases/{case_id}/agents").get_json()
        assert seen["name"] == "王立" and seen["phone"] == phone
    with api(world.respondent).get(f"/evidence/{agent['letter']['id']}") as letter:
        assert letter.status_code == 200 and letter.data == MINIMAL_PDF
    assert api(world.outsider).get(f"/cases/{case_id}/agents").status_code == 404
    events = [e["action"] for e in api(world.staff).get(f"/cases/{case_id}/events").get_json()]
    assert events[-2:] == ["upload_evidence", "appoint_agent"]


@pytest.mark.parametrize(
    ("change", "letter", "field"),
    [
        ({"licence_number": "123"}, MINIMAL_PDF, "licence_number"),
        ({"workplace": ""}, MINIMAL_PDF, "workplace"),
        ({"kind": "cousin"}, MINIMAL_PDF, "kind"),
        ({"scope": "everything"}, MINIMAL_PDF, "scope"),
        ({"name": ""}, MINIMAL_PDF, "name"),
        ({"phone": "12345"}, MINIMAL_PDF, "phone"),
        ({}, None, "letter"),
        ({}, b"#!/bin/sh\necho", "letter"),
    ],
)
def test_a_bad_appointment_names_its_field_and_writes_nothing(world, api, app, change, letter, field):
    case_id = world.case("assigned")
    before = _counts(app)
    response = _appoint(api(world.applicant), case_id, {**LAWYER, **change}, letter=letter)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert _counts(app) == before


def test_two_agents_at_most_and_a_revoked_one_stays_on_record(world, api, app):
    case_id = world.case("assigned")
    applicant = api(world.applicant)
    first = _appoint(applicant, case_id).get_json()
    employee = {"name": "李会计", "kind": "employee", "scope": "general"}
    assert _appoint(applicant, case_id, employee).status_code == 201
    before = _counts(app)
    third = _appoint(applicant, case_id, {**employee, "name": "赵出纳"})
    assert third.status_code == 409 and _counts(app) == before

    # the other party may not end this party's appointment; the mediator appoints nobody
    assert api(world.respondent).post(f"/cases/{case_id}/agents/{first['id']}/revoke").status_code == 404
    assert _appoint(api(world.mediator), case_id).status_code == 403
    revoked = applicant.post(f"/cases/{case_id}/agents/{first['id']}/revoke")
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    assert applicant.post(f"/cases/{case_id}/agents/{first['id']}/revoke").status_code == 409
    assert _appoint(applicant, case_id, {**employee, "name": "赵出纳"}).status_code == 201
    listed = applicant.get(f"/cases/{case_id}/agents").get_json()
    assert [(a["name"], a["revoked_at"] is None) for a in listed] == [
        ("王立", False),
        ("李会计", True),
        ("赵出纳", True),
    ]


def test_staff_record_a_letter_handed_in_for_a_named_party(world, api):
    case_id = world.case("filed")
    staff = api(world.staff)
    unnamed = _appoint(staff, case_id)
    assert unnamed.status_code == 422 and "party" in unnamed.get_json()["error"]["fields"]
    named = _appoint(staff, case_id, {**LAWYER, "party": "respondent"})
    assert named.status_code == 201 and named.get_json()["party"] == "respondent"
    # a party's own user always appoints for its own side, whatever it names
    own = _appoint(api(world.respondent), case_id, {**LAWYER, "name": "周律师", "party": "applicant"})
    assert own.get_json()["party"] == "respondent"


def test_agents_change_only_while_the_case_is_open(world, api, app):
    case_id = world.case("referred_to_court")
    before = _counts(app)
    assert _appoint(api(world.applicant), case_id).status_code == 409
    assert _counts(app) == before


@pytest.mark.with_documents
def test_the_agreement_names_each_partys_agents_acting_when_it_is_issued(world, api, app):
    case_id = world.case("mediated")
    _appoint(api(world.applicant), case_id)
    respondent = api(world.respondent)
    gone = _appoint(respondent, case_id, {"name": "孙某", "kind": "citizen", "scope": "general"}).get_json()
    respondent.post(f"/cases/{case_id}/agents/{gone['id']}/revoke")
    _appoint(
        respondent,
        case_id,
        {"name": "钱经理", "kind": "employee", "workplace": "海安华达锦纶有限公司", "scope": "general"},
    )
    world.fire(case_id, "record_agreement")
    with app.app_context():
        [document] = db.session.scalars(
            select(Document).where(Document.case_id == case_id, Document.kind == "agreement")
        ).all()
    with api(world.applicant).get(f"/documents/{document.id}") as pdf:
        text = pdf_text(pdf.data).replace("\n", "")
    assert "委托代理人：王立，江苏常安律师事务所律师（特别授权）" in text
    assert "委托代理人：钱经理，海安华达锦纶有限公司工作人员（一般授权）" in text
    assert "孙某" not in text  # revoked before the agreement was issued


def test_the_case_page_lists_agents_and_appoints_and_revokes_through_its_forms(world, client, app):
    case_id = world.case("assigned")
    log_in(client, world.applicant)
    client.post("/lang/en")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "No agent acts for either party." in page and f"/cases/{case_id}/agents/new" in page

    refused = client.post(
        f"/cases/{case_id}/agents/new",
        data={**LAWYER, "licence_number": "", "letter": (io.BytesIO(MINIMAL_PDF), "letter.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "17 digits" in refused.get_data(as_text=True)
    done = client.post(
        f"/cases/{case_id}/agents/new",
        data={**LAWYER, "letter": (io.BytesIO(MINIMAL_PDF), "letter.pdf")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302 and done.location.endswith(f"/cases/{case_id}#agents")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "王立" in page and "Special authorisation" in page and "letter.pdf" in page
    with app.app_context():
        agent_id = db.session.scalar(select(CaseAgent.id))

    unconfirmed = client.post(f"/cases/{case_id}/agents/{agent_id}/revoke")
    assert unconfirmed.status_code == 422 and "Tick the box" in unconfirmed.get_data(as_text=True)
    revoked = client.post(f"/cases/{case_id}/agents/{agent_id}/revoke", data={"confirm": "yes"})
    assert revoked.status_code == 302
    assert "no longer acts for the party" in client.get(f"/cases/{case_id}").get_data(as_text=True)
