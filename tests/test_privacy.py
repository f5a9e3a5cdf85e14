"""Personal data under PIPL: registrants consent to the privacy notice; contact details
are masked for staff until they reveal one on purpose, which is recorded (who, whose,
which field, why) and allowed only to the registrant's own centre."""

import json

import pytest
from sqlalchemy import select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.privacy.models import PersonalDataReveal, PrivacyConsent
from mediation_app.privacy.operations import NOTICE_VERSION
from tests.conftest import Api
from tests.factories import registration, uscc
from tests.pdf import pdf_text

REGISTRATION = registration(uscc=uscc(41))


@pytest.fixture
def registrant(client, world):
    answer = Api(client).post("/registrations", json=REGISTRATION)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_registering_needs_consent_and_records_it(app, client, world, registrant):
    refused = Api(client).post(
        "/registrations", json=REGISTRATION | {"privacy_consent": False, "email": "x@y.test"}
    )
    assert refused.status_code == 422 and "privacy_consent" in refused.get_json()["error"]["fields"]
    with app.app_context():
        consents = db.session.scalars(select(PrivacyConsent)).all()
        assert [(c.user_id, c.notice_version) for c in consents] == [(registrant["id"], NOTICE_VERSION)]
    page = client.get("/privacy").get_data(as_text=True)
    assert "个人信息" in page and NOTICE_VERSION in page
    form = client.get("/register").get_data(as_text=True)
    assert 'name="privacy_consent"' in form and "/privacy" in form


def test_staff_see_contact_details_masked_until_they_reveal_one_with_a_reason(app, world, api, registrant):
    assert (registrant["phone"], registrant["email"]) == ("138****5678", "w***@newfirm.test")
    staff = api(world.staff)
    listed = staff.get("/registrations").get_json()
    assert [(r["phone"], r["email"]) for r in listed] == [("138****5678", "w***@newfirm.test")]
    path = f"/registrations/{registrant['id']}/reveal"
    assert staff.post(path, json={"field": "phone", "reason": ""}).status_code == 422
    assert staff.post(path, json={"field": "password_hash", "reason": "看看"}).status_code == 422
    shown = staff.post(path, json={"field": "phone", "reason": "电话核实注册信息"})
    assert shown.status_code == 200 and shown.get_json() == {"field": "phone", "value": "13812345678"}
    with app.app_context():
        reveals = db.session.scalars(select(PersonalDataReveal)).all()
        assert [(r.viewer_id, r.subject_id, r.field, r.reason) for r in reveals] == [
            (world.staff.id, registrant["id"], "phone", "电话核实注册信息")
        ]


@pytest.mark.parametrize("who", ["mediator", "applicant", "liaison"])
def test_no_one_else_may_reveal(world, api, registrant, who):
    answer = api(getattr(world, who)).post(
        f"/registrations/{registrant['id']}/reveal", json={"field": "phone", "reason": "好奇"}
    )
    assert answer.status_code == 403


def test_the_registrations_page_reveals_on_the_page_only(app, world, browser, registrant):
    page = browser(world.staff)
    listing = page.get("/registrations").get_data(as_text=True)
    assert "138****5678" in listing and "13812345678" not in listing
    reveal = f"/registrations/{registrant['id']}/reveal"
    shown = page.post(reveal, data={"field": "phone", "reason": "电话核实"})
    assert shown.status_code == 200
    body = shown.get_data(as_text=True)
    assert "13812345678" in body and "wang@newfirm.test" not in body  # only what was asked for
    assert "13812345678" not in (shown.headers.get("Set-Cookie") or "")
    refused = page.post(reveal, data={"field": "phone", "reason": ""})
    assert refused.status_code == 422 and "13812345678" not in refused.get_data(as_text=True)


@pytest.mark.with_documents
def test_a_person_gets_everything_held_about_them(app, world, api, registrant, tmp_path):
    case_id = world.case("mediated")
    world.evidence(case_id, name="买卖合同.pdf")
    api(world.staff).post(
        f"/registrations/{registrant['id']}/reveal", json={"field": "phone", "reason": "核实"}
    )
    mine = api(world.applicant).get("/me/data").get_json()
    assert mine["account"]["email"] == world.applicant.email
    with app.app_context():
        number = db.session.get(Case, case_id).number
    assert [(c["number"], c["as"]) for c in mine["cases"]] == [(number, "applicant")]
    assert [e["name"] for e in mine["my_evidence"]] == ["买卖合同.pdf"]
    assert {a["action"] for a in mine["my_actions"]} >= {"upload_evidence"}
    assert mine["reveals_of_my_data"] == []  # the applicant's data was not revealed

    result = app.test_cli_runner().invoke(
        args=["privacy", "export", "--email", "wang@newfirm.test", "--output", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    exported = json.loads((tmp_path / f"subject-{registrant['id']}.json").read_text())
    assert [(r["field"], r["by"], r["reason"]) for r in exported["reveals_of_my_data"]] == [
        ("phone", world.staff.id, "核实")
    ]
    assert [c["notice_version"] for c in exported["consents"]] == [NOTICE_VERSION]
    text = pdf_text((tmp_path / f"subject-{registrant['id']}.pdf").read_bytes())
    assert "个人信息查阅摘要" in text and "wang@newfirm.test" in text and "核实" in text
