"""Enterprise self-registration: the centre verifies before anything is filed or seen."""

from types import SimpleNamespace

import pytest

from tests.conftest import Api
from tests.factories import registration, uscc

NEW_COMPANY = uscc(40)


def test_a_registered_enterprise_files_only_after_verification(world, client, api):
    registered = Api(client).post("/registrations", json=registration())
    assert registered.status_code == 201, registered.get_json()
    body = registered.get_json()
    assert body["phone"] == "138****5678" and body["verified_at"] is None
    newcomer = Api(client).login(SimpleNamespace(email="wang@newfirm.test", password="a-long-passphrase"))
    refused = newcomer.post(
        "/cases",
        json=world.filing(respondent={"name": "海安华达锦纶有限公司", "uscc": world.respondent_uscc}),
    )
    assert refused.status_code == 403
    staff = api(world.staff)
    assert [r["email"] for r in staff.get("/registrations").get_json()] == ["w***@newfirm.test"]  # masked
    decided = staff.post(f"/registrations/{body['id']}/decision", json={"approved": True})
    assert decided.status_code == 200 and decided.get_json()["enterprise"]["verified"] is True
    assert staff.post(f"/registrations/{body['id']}/decision", json={"approved": True}).status_code == 409
    filed = newcomer.post(
        "/cases",
        json=world.filing(respondent={"name": "海安华达锦纶有限公司", "uscc": world.respondent_uscc}),
    )
    assert filed.status_code == 201 and filed.get_json()["applicant"]["uscc"] == NEW_COMPANY


def test_an_unverified_colleague_sees_none_of_the_companys_cases(world, client, api):
    case_id = world.case("filed")
    Api(client).post(
        "/registrations",
        json=registration(
            uscc=world.applicant_uscc,
            email="colleague@test.example",
            enterprise_name="江苏常安纺织科技有限公司",
        ),
    )
    colleague = Api(client).login(
        SimpleNamespace(email="colleague@test.example", password="a-long-passphrase")
    )
    assert colleague.get(f"/cases/{case_id}").status_code == 404
    assert colleague.get("/cases").get_json()["items"] == []
    staff = api(world.staff)
    user_id = staff.get("/registrations").get_json()[0]["id"]
    staff.post(f"/registrations/{user_id}/decision", json={"approved": True})
    assert colleague.get(f"/cases/{case_id}").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("uscc", "91350100M000100Y44"),
        ("uscc", "91350100m000100y43"),
        ("phone", "12345"),
        ("phone", "1381234567x"),
        ("email", "not-an-address"),
        ("password", "password"),
        ("password", "short"),
        ("enterprise_name", ""),
        ("contact_name", "名字\u202e"),
        ("legal_representative", None),
    ],
)
def test_bad_registrations_are_refused_field_by_field(world, client, field, value):
    response = Api(client).post("/registrations", json=registration(**{field: value}))
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_an_address_already_registered_is_refused(world, client):
    response = Api(client).post("/registrations", json=registration(email=world.staff.email))
    assert response.status_code == 422 and "email" in response.get_json()["error"]["fields"]


def test_refusal_disables_the_account(world, client, api):
    user_id = Api(client).post("/registrations", json=registration()).get_json()["id"]
    api(world.staff).post(f"/registrations/{user_id}/decision", json={"approved": False})
    assert (
        client.post(
            "/api/v1/tokens", json={"email": "wang@newfirm.test", "password": "a-long-passphrase"}
        ).status_code
        == 401
    )


def test_the_registration_pages(world, client, browser):
    form = client.get("/register")
    assert form.status_code == 200 and "统一社会信用代码" in form.get_data(as_text=True)
    bad = client.post("/register", data=registration(uscc="123"))
    assert bad.status_code == 422 and 'class="error"' in bad.get_data(as_text=True)
    assert client.post("/register", data=registration()).status_code == 302
    staff = browser(world.staff)
    page = staff.get("/registrations").get_data(as_text=True)
    assert "海安新锦纶有限公司" in page and "138****5678" in page and "13812345678" not in page


def test_the_menu_offers_filing_only_once_the_centre_has_verified_the_enterprise(world, client, app):
    Api(client).post("/registrations", json=registration())
    client.post("/login", data={"email": "wang@newfirm.test", "password": "a-long-passphrase"})
    new_case_link = 'href="/cases/new"'
    assert new_case_link not in client.get("/cases").get_data(as_text=True)
    staff = Api(app.test_client()).login(world.staff)  # the page client holds the newcomer's cookie
    pending = staff.get("/registrations").get_json()[0]
    staff.post(f"/registrations/{pending['id']}/decision", json={"approved": True})
    assert new_case_link in client.get("/cases").get_data(as_text=True)
