"""A respondent without an account at the centre is reached where the filer says: the
e-mail and mobile given at filing; on acceptance the invitation goes to the e-mail,
with the way to register (its centre and credit code filled in) and answer."""

import pytest
from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from tests.factories import uscc

NEWCOMER = {"name": "海安新星服饰有限公司", "uscc": uscc(4711)}  # no account at the centre
CONTACT = {"email": "boss@xinxing.example", "mobile": "13800001111"}


def _invitations(app, case_id):
    with app.app_context():
        return db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.case_id == case_id, OutboxMessage.kind == "respondent_invited"
            )
        ).all()


def test_the_respondent_without_an_account_is_invited_at_the_filing_contact(app, world, api, client):
    filed = api(world.liaison).post(
        "/cases",
        json=world.filing(
            source="court_delegated",
            court_case_number="(2026)苏0621民诉前调77号",
            respondent=NEWCOMER,
            respondent_contact=CONTACT,
        ),
    )
    assert filed.status_code == 201, filed.get_json()
    case_id = filed.get_json()["id"]
    assert _invitations(app, case_id) == []  # not before the centre accepts the case
    world.fire(case_id, "assign")
    [invitation] = _invitations(app, case_id)
    assert invitation.recipient == "boss@xinxing.example"
    assert "尚未在本中心的系统中注册" in invitation.body
    assert f"/register?centre=test&uscc={NEWCOMER['uscc']}" in invitation.body
    registration = client.get(f"/register?centre=test&uscc={NEWCOMER['uscc']}").get_data(as_text=True)
    assert f'value="{NEWCOMER["uscc"]}"' in registration and '<option selected value="test">' in registration


def test_a_respondent_with_an_account_is_invited_there_only(app, world):
    case_id = world.case("filed", respondent_contact={"email": "other@huada.example"})
    world.fire(case_id, "assign")
    assert [m.recipient for m in _invitations(app, case_id)] == [world.respondent.email]


@pytest.mark.parametrize(
    ("contact", "field"),
    [
        ({"email": "not an address"}, "respondent_contact.email"),
        ({"mobile": "12345"}, "respondent_contact.mobile"),
    ],
)
def test_a_bad_contact_is_refused_and_files_nothing(app, world, api, contact, field):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Case))
    answer = api(world.staff).post(
        "/cases", json=world.filing(respondent=NEWCOMER, respondent_contact=contact)
    )
    assert answer.status_code == 422 and field in answer.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == before


def test_the_filing_page_takes_the_contact_and_staff_read_it_on_the_case(world, browser):
    page = browser(world.applicant)
    page.post("/lang/en")
    form = {
        "respondent_name": NEWCOMER["name"],
        "respondent_uscc": NEWCOMER["uscc"],
        "claim_amount": "80000.00",
        "summary": "拖欠货款",
        "industry": "textile",
        "respondent_contact_mobile": "12345",
    }
    refused = page.post("/cases/new", data=form)
    assert refused.status_code == 422 and "must be a mobile number" in refused.get_data(as_text=True)
    filed = page.post("/cases/new", data=form | {"respondent_contact_mobile": "13800001111"})
    assert filed.status_code == 302
    case_url = filed.headers["Location"]
    staff = browser(world.staff)
    staff.post("/lang/en")
    assert "Reached at (given at filing): 13800001111" in staff.get(case_url).get_data(as_text=True)
