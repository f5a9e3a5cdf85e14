"""Enterprise self-registration: the centre verifies before anything is filed or seen."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from mediation_app.auth.models import AccountChange, AccountEvent, User
from mediation_app.extensions import db
from mediation_app.notifications.models import Notification, OutboxMessage
from mediation_app.parties.operations import create_centre
from tests.conftest import Api
from tests.factories import registration, uscc

NEW_COMPANY = uscc(40)
REASON = "营业执照上的名称与填写的企业名称不一致。"


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
    api(world.staff).post(f"/registrations/{user_id}/decision", json={"approved": False, "reason": REASON})
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


def _pending_id(staff) -> int:
    return staff.get("/registrations").get_json()[0]["id"]


def _user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _refusal_record(app, user_id: int) -> dict:
    """What a refusal leaves: the account, its recorded decision, the notices sent."""
    with app.app_context():
        user = db.session.get_one(User, user_id)
        events = db.session.scalars(select(AccountEvent).where(AccountEvent.user_id == user_id)).all()
        inbox = db.session.scalars(select(Notification).where(Notification.user_id == user_id)).all()
        mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email)).all()
        return {
            "active": user.active,
            "reason": user.refusal_reason,
            "events": [(e.change, e.actor_id, e.after.get("reason")) for e in events],
            "inbox": [(n.kind, n.body) for n in inbox],
            "mail": [(m.kind, m.subject, m.body) for m in mail],
        }


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_refusal_without_a_reason_is_refused_and_changes_nothing(world, client, api, app, reason):
    Api(client).post("/registrations", json=registration())
    staff = api(world.staff)
    user_id = _pending_id(staff)
    body = {"approved": False} | ({} if reason is None else {"reason": reason})
    response = staff.post(f"/registrations/{user_id}/decision", json=body)
    assert response.status_code == 422 and "reason" in response.get_json()["error"]["fields"]
    assert _refusal_record(app, user_id) == {
        "active": True,
        "reason": None,
        "events": [],
        "inbox": [],
        "mail": [],
    }
    assert [r["id"] for r in staff.get("/registrations").get_json()] == [user_id]  # still to decide


def test_a_refusal_is_stored_recorded_and_sent_to_the_applicant(world, client, api, app):
    Api(client).post("/registrations", json=registration())
    staff = api(world.staff)
    user_id = _pending_id(staff)
    response = staff.post(f"/registrations/{user_id}/decision", json={"approved": False, "reason": REASON})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["refusal_reason"] == REASON and response.get_json()["active"] is False
    record = _refusal_record(app, user_id)
    assert (record["active"], record["reason"]) == (False, REASON)
    assert record["events"] == [(AccountChange.REGISTRATION_REFUSED, world.staff.id, REASON)]
    [(kind, body)] = record["inbox"]  # the in-app notice, and the same text by e-mail
    assert kind == "registration_refused" and REASON in body and "海安新锦纶有限公司" in body
    assert record["mail"] == [("registration_refused", "注册未通过审核：海安新锦纶有限公司", body)]


def test_a_verification_is_recorded_and_sends_no_refusal(world, client, api, app):
    Api(client).post("/registrations", json=registration())
    staff = api(world.staff)
    user_id = _pending_id(staff)
    verified = staff.post(f"/registrations/{user_id}/decision", json={"approved": True})
    assert verified.status_code == 200 and verified.get_json()["refusal_reason"] is None
    record = _refusal_record(app, user_id)
    assert record["events"] == [(AccountChange.REGISTRATION_VERIFIED, world.staff.id, None)]
    assert record["inbox"] == [] and record["mail"] == []


def test_refusing_on_the_page_asks_for_the_reason_beside_the_field(world, client, browser, app):
    client.post("/register", data=registration())
    page = browser(world.staff)
    user_id = _user_id(app, "wang@newfirm.test")
    decide = f"/registrations/{user_id}/decision"
    refused = page.post(decide, data={"approved": "no", "reason": ""})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    # the form open again, its field marked and described by the error
    assert '<details class="refuse" open>' in html and 'aria-invalid="true"' in html
    assert re.search(rf'aria-describedby="refusal-{user_id}-error"', html)
    assert re.search(rf'<small class="error" id="refusal-{user_id}-error">\S', html)
    done = page.post(decide, data={"approved": "no", "reason": REASON})
    assert done.status_code == 302
    assert _refusal_record(app, user_id)["reason"] == REASON


@pytest.fixture
def two_centres(world, app):
    with app.app_context():
        create_centre("other", "另一调解中心", "另商调")


def test_no_centre_is_chosen_for_the_registrant(world, client, two_centres):
    form = client.get("/register").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="centre".*?</select>', form, re.S).group(0)
    options = re.findall(r"<option([^>]*)>", select_html)
    # The placeholder first (what a browser shows when none is selected), no centre selected.
    assert options[0] == ' value=""' and len(options) == 3
    assert not any("selected" in option for option in options)


@pytest.mark.parametrize("centre", [None, ""])
def test_with_several_centres_the_registrant_must_choose_one(world, client, two_centres, centre):
    body = registration() if centre is None else registration(centre=centre)
    response = Api(client).post("/registrations", json=body)
    assert response.status_code == 422 and "centre" in response.get_json()["error"]["fields"]
    page = client.post("/register", data=registration(centre=""))
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "请选择注册所在的调解中心" in html
    chosen = Api(client).post("/registrations", json=registration(centre="other"))
    assert chosen.status_code == 201, chosen.get_json()
