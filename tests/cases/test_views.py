"""The case pages as people use them, through the real app and cookie sessions."""

import re
from datetime import timedelta

import pytest

from mediation_app.types import utcnow
from workflows.deadlines import local_date


def _version(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def test_an_enterprise_files_a_case_and_sees_it_in_its_list(world, browser):
    page = browser(world.applicant)
    form = page.get("/cases/new")
    assert form.status_code == 200 and "respondent_uscc" in form.get_data(as_text=True)
    response = page.post(
        "/cases/new",
        data={
            "respondent_name": "海安华达锦纶有限公司",
            "respondent_uscc": world.respondent_uscc,
            "claim_amount": "580000.00",
            "summary": "拖欠货款",
            "industry": "nylon",
        },
    )
    assert response.status_code == 302
    case_page = page.get(response.headers["Location"]).get_data(as_text=True)
    assert "海安华达锦纶有限公司" in case_page and "580,000.00" in case_page
    assert "海安华达锦纶有限公司" in page.get("/cases").get_data(as_text=True)


def test_a_bad_filing_shows_the_errors_beside_the_fields_and_stores_nothing(world, browser):
    page = browser(world.applicant)
    response = page.post(
        "/cases/new",
        data={
            "respondent_name": "<script>alert(1)</script>",
            "respondent_uscc": "91350100M000100Y44",
            "claim_amount": "1e5",
            "summary": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count('class="error"') >= 3
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "empty" in page.get("/cases").get_data(as_text=True)  # the empty-list message, no case


def test_staff_accept_and_assign_from_the_dashboard_then_the_mediator_records_the_agreement(world, browser):
    case_id = world.case("filed")
    staff = browser(world.staff)
    dashboard = staff.get("/dashboard").get_data(as_text=True)
    assert f"/cases/{case_id}" in dashboard
    case_page = staff.get(f"/cases/{case_id}").get_data(as_text=True)
    assigned = staff.post(
        f"/cases/{case_id}/transitions/assign",
        data={"version": _version(case_page), "mediator_id": world.mediator.id},
    )
    assert assigned.status_code == 302

    mediator = browser(world.mediator)
    page = mediator.get(f"/cases/{case_id}").get_data(as_text=True)
    assert (
        mediator.post(
            f"/cases/{case_id}/transitions/start_mediation",
            data={"version": _version(page), "respondent_consent": "y"},
        ).status_code
        == 302
    )
    page = mediator.get(f"/cases/{case_id}").get_data(as_text=True)
    deadline = (local_date(utcnow()) + timedelta(days=30)).isoformat()
    agreement = {
        "version": _version(page),
        "agreed_amount": "600,000.00",  # typed as people write it; more than the claim (580,000)
        "performance_deadline": deadline,
        "payment_method": "bank_transfer",
        "terms": "1. 被申请人于月底前付清。\n二、申请人放弃利息。",
    }
    over = mediator.post(f"/cases/{case_id}/transitions/record_agreement", data=agreement)
    assert over.status_code == 422 and "over_claim_reason" in over.get_data(as_text=True)
    agreement["agreed_amount"] = "450,000"
    recorded = mediator.post(f"/cases/{case_id}/transitions/record_agreement", data=agreement)
    assert recorded.status_code == 302
    assert mediator.get(f"/api/v1/cases/{case_id}").get_json()["state"] == "mediated"  # until signed
    page = mediator.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "450,000.00" in page and "申请人放弃利息。" in page and "二、申请人" not in page
    link = re.search(r'href="(/documents/\d+)"', page).group(1)
    pdf = browser(world.applicant).get(link)
    assert pdf.status_code == 200 and pdf.get_data()[:5] == b"%PDF-"
    pdf.close()


def test_a_stale_form_is_a_conflict_and_changes_nothing(world, browser):
    case_id = world.case("filed")
    staff = browser(world.staff)
    stale = staff.post(
        f"/cases/{case_id}/transitions/reject", data={"version": "0", "reason": "x", "confirm": "y"}
    )
    assert stale.status_code == 409
    assert world.case and "filed" in staff.get(f"/api/v1/cases/{case_id}").get_json()["state"]


def test_bad_transition_input_is_shown_beside_the_field(world, browser):
    case_id = world.case("mediated")
    mediator = browser(world.mediator)
    page = mediator.get(f"/cases/{case_id}").get_data(as_text=True)
    response = mediator.post(
        f"/cases/{case_id}/transitions/record_agreement",
        data={"version": _version(page), "agreed_amount": "-5", "terms": ""},
    )
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('class="error"') >= 2


def test_logging_out_ends_the_session_on_the_server(world, app):
    client = app.test_client()
    client.post("/login", data={"email": world.staff.email, "password": world.staff.password})
    stolen = client.get_cookie("session").value
    assert client.get("/dashboard").status_code == 200
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(world, client):
    response = client.post("/login", data={"email": world.staff.email, "password": "not-the-password"})
    unknown = client.post("/login", data={"email": "nobody@test.example", "password": "not-the-password"})
    assert response.status_code == unknown.status_code == 200
    assert response.get_data(as_text=True) == unknown.get_data(as_text=True).replace(
        "nobody@test.example", world.staff.email
    )


def test_next_only_goes_to_this_site(world, client):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            f"/login?next={target}",
            data={"email": world.staff.email, "password": world.staff.password, "next": target},
        )
        assert response.headers["Location"] in ("/", "http://localhost/"), target
        client.post("/logout")
    response = client.post(
        "/login",
        data={"email": world.staff.email, "password": world.staff.password, "next": "/cases?state=filed"},
    )
    assert response.headers["Location"] == "/cases?state=filed"


def test_lists_paginate_and_show_an_empty_state(world, browser):
    for _ in range(22):
        world.case("filed")
    staff = browser(world.staff)
    first = staff.get("/cases").get_data(as_text=True)
    older = re.search(r'href="(/cases\?cursor=\d+)"', first).group(1)
    second = staff.get(older).get_data(as_text=True)
    assert first.count("/cases/") - second.count("/cases/") > 0
    assert "/cases?cursor=" not in second
    assert "empty" in staff.get("/cases?state=settled").get_data(as_text=True)
    assert staff.get("/cases?cursor=x").status_code == 400


BAD_FORM_INPUT = [
    *[
        ("claim_amount", amount)
        for amount in (
            "-1",
            "0",
            "NaN",
            "sNaN",
            "Infinity",
            "1e309",
            "12.345",
            "1_000",
            "12,34.00",
            "¥100",
            "1234567890123456",
            "",
        )
    ],
    ("respondent_uscc", "91350100M000100Y44"),
    ("respondent_uscc", "91350100m000100y43"),
    ("respondent_uscc", "9135010"),
    ("respondent_name", ""),
    ("summary", ""),
    ("summary", "bidi\u202e"),
    ("court_case_number", ""),
    ("court_case_number", "2024苏0621民诉前调123号"),
]


def _staff_filing_form(world, **fields) -> dict:
    return {
        "applicant_name": "江苏常安纺织科技有限公司",
        "applicant_uscc": world.applicant_uscc,
        "respondent_name": "海安华达锦纶有限公司",
        "respondent_uscc": world.respondent_uscc,
        "claim_amount": "580000.00",
        "summary": "拖欠货款",
        "industry": "nylon",
        "source": "court_delegated",
        "court_case_number": "(2024)苏0621民诉前调5号",
        **fields,
    }


@pytest.mark.parametrize(("field", "value"), BAD_FORM_INPUT)
def test_each_bad_value_is_reported_beside_its_field_and_nothing_is_stored(world, browser, field, value):
    staff = browser(world.staff)
    response = staff.post("/cases/new", data=_staff_filing_form(world, **{field: value}))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field_block = html.split(f'id="{field}"')[0].rsplit('<div class="field', 1)[1]
    assert "has-error" in field_block
    assert staff.get("/api/v1/cases").get_json()["items"] == []


def test_a_double_submitted_form_files_one_case(world, browser):
    page = browser(world.applicant)
    key = re.search(
        r'name="submission_key" type="hidden" value="([0-9a-f]+)"',
        page.get("/cases/new").get_data(as_text=True),
    )[1]
    form = {
        "respondent_name": "海安华达锦纶有限公司",
        "respondent_uscc": world.respondent_uscc,
        "claim_amount": "1000",
        "summary": "拖欠货款",
        "industry": "nylon",
        "submission_key": key,
    }
    first, second = page.post("/cases/new", data=form), page.post("/cases/new", data=form)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(page.get("/api/v1/cases").get_json()["items"]) == 1


def test_the_filing_form_takes_an_amount_with_thousands_separators(world, browser, api):
    staff = browser(world.staff)
    form = _staff_filing_form(world, claim_amount="1,000,000.50")
    assert staff.post("/cases/new", data=form).status_code == 302
    (case,) = staff.get("/api/v1/cases").get_json()["items"]
    assert case["claim_amount"] == "1000000.50"
    # the API, read by machines, stays strict
    assert api(world.staff).post("/cases", json=world.filing(claim_amount="1,000.00")).status_code == 422
