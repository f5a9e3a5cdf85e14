"""A party's service address (送达地址确认书): given on the page after filing and by the
API, by staff on a party's behalf, changed with its history kept, issued as a document
that the other party cannot read."""

import pytest
from sqlalchemy import select

from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.service.models import ServiceAddress
from tests.conftest import log_in
from tests.pdf import pdf_text

pytestmark = pytest.mark.with_documents


def _confirmations(app, case_id):
    with app.app_context():
        return db.session.scalars(
            select(Document).where(
                Document.case_id == case_id, Document.kind == "service_address_confirmation"
            )
        ).all()


def test_the_case_page_asks_each_party_for_its_address_until_given(app, world, client, address):
    case_id = world.case("filed")
    log_in(client, world.applicant)
    client.post("/lang/en")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Confirm your service address" in page

    form = client.get(f"/cases/{case_id}/service-address").get_data(as_text=True)
    assert 'value="applicant@test.example"' in form  # prefilled from the account

    response = client.post(f"/cases/{case_id}/service-address", data=address)
    assert response.status_code == 302 and response.location.endswith(f"/cases/{case_id}#service")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Confirm your service address" not in page
    assert "legal@changan.example" in page  # the party reads its own in full

    [document] = _confirmations(app, case_id)
    with client.get(f"/documents/{document.id}") as pdf:
        text = pdf_text(pdf.data)
    assert "送达地址确认书" in text and "legal@changan.example" in text and "江苏省海安市常安大道1号" in text
    assert "同意。送达方式：电子邮件、系统站内信" in text


def test_a_refused_address_is_shown_again_with_its_errors(world, client, address):
    case_id = world.case("filed")
    log_in(client, world.applicant)
    client.post("/lang/en")
    refusals = (
        ({"email": ""}, "is required for service by e-mail"),
        ({"phone": "12345"}, "must be a mobile"),
    )
    for bad, message in refusals:
        response = client.post(f"/cases/{case_id}/service-address", data={**address, **bad})
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "There is a problem" in page and message in page


def test_a_change_is_a_new_version_and_the_history_stays(app, world, api, address):
    case_id = world.case("assigned")
    respondent = api(world.respondent)
    first = respondent.call("PUT", f"/cases/{case_id}/service-address", json=address)
    assert first.status_code == 200 and first.get_json()["version"] == 1
    paper_only = {**address, "channels": [], "email": None, "postal_address": "海安市开发区2号"}
    second = respondent.call("PUT", f"/cases/{case_id}/service-address", json=paper_only)
    assert second.get_json() | {"created_at": None} == second.get_json() | {
        "party": "respondent",
        "version": 2,
        "channels": [],
        "email": "",
        "postal_address": "海安市开发区2号",
        "phone": "13812345678",
        "created_at": None,
    }

    [own] = respondent.get(f"/cases/{case_id}/service-addresses").get_json()  # a party follows its own only
    assert own["party"] == "respondent"
    assert [version["version"] for version in [own["current"], *own["history"]]] == [2, 1]
    assert len(_confirmations(app, case_id)) == 2


def test_the_other_party_and_the_mediator_see_addresses_masked_or_not_at_all(app, world, api, address):
    case_id = world.case("assigned")
    api(world.applicant).call("PUT", f"/cases/{case_id}/service-address", json=address)
    [document] = _confirmations(app, case_id)

    mediator = api(world.mediator)
    [seen, _respondent] = mediator.get(f"/cases/{case_id}/service-addresses").get_json()
    assert seen["current"]["email"] == "l***@changan.example" and seen["current"]["phone"] == "138****5678"
    staff = api(world.staff).get(f"/cases/{case_id}/service-addresses").get_json()
    assert staff[0]["current"]["email"] == "legal@changan.example"

    respondent = api(world.respondent)
    assert respondent.get(f"/documents/{document.id}").status_code == 404  # another party's address
    assert document.id not in [d["id"] for d in respondent.get(f"/cases/{case_id}/documents").get_json()]
    with api(world.applicant).get(f"/documents/{document.id}") as own:
        assert own.status_code == 200


def test_staff_give_an_address_on_a_partys_behalf_naming_the_party(app, world, api, address):
    case_id = world.case("filed")
    staff = api(world.staff)
    refused = staff.call("PUT", f"/cases/{case_id}/service-address", json=address)
    assert refused.status_code == 422 and "party" in refused.get_json()["error"]["fields"]
    given = staff.call("PUT", f"/cases/{case_id}/service-address", json={**address, "party": "respondent"})
    assert given.status_code == 200 and given.get_json()["given_by"]
    with app.app_context():
        row = db.session.scalar(select(ServiceAddress))
        assert row.party == "respondent" and row.inbox_user_id == world.respondent.id


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channels": ["email"], "email": None}, "email"),
        ({"channels": ["email", "email"]}, "channels"),
        ({"channels": ["fax"]}, "channels.0"),
        ({"email": "not an address"}, "email"),
        ({"postal_address": ""}, "postal_address"),
        ({"phone": "138 1234 567"}, "phone"),
    ],
)
def test_a_bad_address_is_refused_field_by_field(app, world, api, address, body, field):
    case_id = world.case("filed")
    response = api(world.applicant).call("PUT", f"/cases/{case_id}/service-address", json={**address, **body})
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(select(ServiceAddress)) is None


def test_someone_elses_case_is_not_found(world, api, address):
    case_id = world.case("filed")
    outsider = api(world.outsider)
    assert outsider.call("PUT", f"/cases/{case_id}/service-address", json=address).status_code == 404
    assert outsider.get(f"/cases/{case_id}/service").status_code == 404
