"""Parties besides companies: a natural person (自然人), identified by the resident
identity number, and an individual business (个体工商户), by its credit code (92…) and
its operator (经营者), filed by the API and the page, shown masked, printed in full on
the documents the parties sign."""

import pytest
from sqlalchemy import func, select

from mediation_app import storage
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.validation import parse_id_number
from tests.pdf import pdf_text

ID_NUMBER = "320621198506124568"  # check digit 8
MASKED = "320621********4568"
PERSON = {"kind": "person", "name": "王小明", "id_number": ID_NUMBER, "address": "海安市城东镇1号"}
SHOP = {
    "kind": "individual_business",
    "name": "海安县老王布艺店",
    "uscc": "92320621MA1P0W3B1P",
    "operator_name": "王大海",
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),  # GB 11643-1999's own example
        ("11010519491231002x", "11010519491231002X"),
        (" 320621198506124568 ", ID_NUMBER),
        ("３２０６２１１９８５０６１２４５６８", ID_NUMBER),  # full-width digits, NFKC
    ],
)
def test_a_resident_identity_number_is_read_with_its_check_digit(raw, expected):
    assert parse_id_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("320621198506124567", "check digit"),
        ("320621198502304563", "date of birth"),  # 30 February
        ("32062119850612456", "18"),
        ("32062119850612456Y", "17 digits"),
        ("020621198506124568", "17 digits"),  # no region starts with 0
        (320621198506124568, "text"),
    ],
)
def test_a_bad_identity_number_is_refused_with_its_reason(raw, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_id_number(raw)


def test_staff_file_a_person_against_an_individual_business_and_read_them_masked(world, api):
    staff = api(world.staff)
    created = staff.post("/cases", json=world.filing(applicant=PERSON, respondent=SHOP))
    assert created.status_code == 201, created.get_json()
    case = staff.get(f"/cases/{created.get_json()['id']}")
    assert ID_NUMBER not in case.get_data(as_text=True)
    applicant, respondent = case.get_json()["applicant"], case.get_json()["respondent"]
    assert (applicant["kind"], applicant["id_number"], applicant["uscc"]) == ("person", MASKED, None)
    assert (respondent["kind"], respondent["uscc"], respondent["operator_name"]) == (
        "individual_business",
        SHOP["uscc"],
        "王大海",
    )
    listed = staff.get("/cases").get_data(as_text=True)
    assert ID_NUMBER not in listed and MASKED in listed

    # The identity number identifies the person: a second filing names the same party.
    again = staff.post("/cases", json=world.filing(applicant={**PERSON, "name": "王晓明"}, respondent=SHOP))
    assert again.get_json()["applicant"]["id"] == applicant["id"]
    with world.app.app_context():
        assert db.session.scalar(select(func.count()).where(Organisation.id_number == ID_NUMBER)) == 1


@pytest.mark.parametrize(
    ("respondent", "field", "fragment"),
    [
        ({"kind": "person", "name": "王小明"}, "respondent.id_number", "required"),
        ({**PERSON, "id_number": "320621198506124567"}, "respondent.id_number", "check digit"),
        ({**SHOP, "uscc": "91350100M000100Y43"}, "respondent.uscc", "92"),
        ({**SHOP, "operator_name": ""}, "respondent.operator_name", "required"),
        ({**PERSON, "phone": "12345"}, "respondent.phone", "mobile"),
        ({**PERSON, "kind": "robot"}, "respondent.kind", "person"),
        (PERSON, "respondent.id_number", "differ"),  # the same person on both sides
    ],
)
def test_a_bad_party_is_refused_by_its_field_and_files_nothing(world, api, respondent, field, fragment):
    staff = api(world.staff)
    response = staff.post(
        "/cases",
        json=world.filing(applicant=PERSON, respondent=respondent),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422, response.get_json()
    assert fragment in response.get_json()["error"]["fields"][field]
    assert staff.get("/cases").get_json()["items"] == []


def test_a_company_party_without_a_kind_files_as_before(world, api):
    created = api(world.staff).post("/cases", json=world.filing())
    assert created.status_code == 201
    assert created.get_json()["respondent"] == {
        "id": created.get_json()["respondent"]["id"],
        "kind": "enterprise",
        "name": "海安华达锦纶有限公司",
        "uscc": world.respondent_uscc,
        "id_number": None,
        "operator_name": "",
    }


def _against_a_person(world, **fields) -> dict:
    """The filing form as staff fill it in against a natural person."""
    return {
        "applicant_name": "江苏常安纺织科技有限公司",
        "applicant_uscc": world.applicant_uscc,
        "respondent_kind": "person",
        "respondent_name": "王小明",
        "claim_amount": "58000.00",
        "summary": "拖欠加工费",
        "source": "direct",
        **fields,
    }


def test_staff_file_against_a_person_through_the_page_which_shows_the_number_masked(world, browser):
    page = browser(world.staff)
    form = page.get("/cases/new").get_data(as_text=True)
    assert 'name="respondent_kind"' in form and 'name="respondent_id_number"' in form
    response = page.post(
        "/cases/new",
        data=_against_a_person(
            world,
            respondent_uscc="typed before choosing a person: ignored",
            respondent_id_number=ID_NUMBER,
            respondent_address="海安市城东镇1号",
            respondent_phone="13812345678",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    case_page = page.get(response.headers["Location"]).get_data(as_text=True)
    assert "王小明" in case_page and MASKED in case_page and ID_NUMBER not in case_page


def test_a_person_missing_the_identity_number_is_refused_beside_the_field(world, browser):
    page = browser(world.staff)
    page.post("/lang/en")
    response = page.post("/cases/new", data=_against_a_person(world))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="field has-error"' in html and "is required" in html


def test_the_lookup_never_names_a_person_and_search_finds_their_cases(world, api):
    staff = api(world.staff)
    case_id = staff.post("/cases", json=world.filing(respondent=PERSON)).get_json()["id"]
    assert staff.get("/organisations", query_string={"name": "王小明"}).get_json() == []
    found = staff.get("/cases", query_string={"party": "王小"}).get_json()["items"]
    assert [case["id"] for case in found] == [case_id]


@pytest.mark.with_documents
def test_the_agreement_states_each_party_as_the_law_requires_for_its_kind(world, ctx):
    case_id = world.agreed(applicant=SHOP, respondent=PERSON)
    document = db.session.scalars(
        select(Document).where(Document.case_id == case_id, Document.kind == "agreement")
    ).one()
    text = pdf_text(storage.documents.path_of(document.storage_name).read_bytes())
    for expected in (
        "海安县老王布艺店（个体工商户）",
        "经营者：王大海",
        SHOP["uscc"],
        "王小明",
        "公民身份号码：" + ID_NUMBER,  # in full: the parties sign this document
        "住址：海安市城东镇1号",
    ):
        assert expected in text, expected
    assert "法定代表人" not in text
