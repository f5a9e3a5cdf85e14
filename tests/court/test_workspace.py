"""The court workspace: a liaison's court's cases with state, mediator, deadline and
outcome, filters, counts by outcome and the Excel export, never another court's;
centre staff see every court's cases there (their referral queue)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mediation_app.court.queries import outcome_counts
from mediation_app.types import utcnow
from tests.court.conftest import today
from tests.factories import uscc


def test_the_workspace_lists_only_the_liaisons_court_with_counts(world, browser, court):
    settled = court.settled()
    referred = court.case("referred_to_court")
    other = court.of_other_court()
    page = browser(world.liaison).get("/court")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    with world.app.app_context():
        numbers = {i: world.load(i).number for i in (settled, referred, other)}
    assert numbers[settled] in html and numbers[referred] in html and numbers[other] not in html
    assert "awaiting acknowledgement" in html or "待" in html
    other_page = browser(world.other_liaison).get("/court").get_data(as_text=True)
    assert numbers[other] in other_page and numbers[settled] not in other_page


def test_staff_see_every_courts_cases_and_the_referrals_awaiting_acknowledgement(world, browser, court):
    referred, other = court.case("referred_to_court"), court.of_other_court()
    direct = world.case("filed")
    with world.app.app_context():
        numbers = {i: world.load(i).number for i in (referred, other, direct)}
    staff = browser(world.staff)
    page = staff.get("/court").get_data(as_text=True)
    assert "法院案件" in page and "海安市人民法院" in page and "如皋市人民法院" in page  # a court column
    assert numbers[referred] in page and numbers[other] in page and numbers[direct] not in page
    waiting = staff.get("/court?flag=unacknowledged").get_data(as_text=True)
    assert numbers[referred] in waiting and numbers[other] not in waiting
    assert 'href="/court"' in staff.get("/cases").get_data(as_text=True)  # in the staff's menu


def test_the_workspace_filters_by_state_and_outcome(world, browser, court):
    settled, referred = court.settled(), court.case("referred_to_court")
    with world.app.app_context():
        settled_number, referred_number = world.load(settled).number, world.load(referred).number
    liaison = browser(world.liaison)
    by_state = liaison.get("/court?state=settled").get_data(as_text=True)
    assert settled_number in by_state and referred_number not in by_state
    waiting = liaison.get("/court?flag=unacknowledged").get_data(as_text=True)
    assert referred_number in waiting and settled_number not in waiting
    assert liaison.get("/court?flag=whatever").status_code == 422


@pytest.mark.parametrize("before", ["2147483648", "9" * 5000, "-1", "0", "²", "abc"])
def test_a_page_link_beyond_any_case_id_is_refused(world, browser, court, before):
    court.settled()
    assert browser(world.liaison).get("/court", query_string={"before": before}).status_code == 422


def test_the_excel_export_has_the_filtered_rows_with_text_kept_as_text(world, browser, court):
    court.settled(applicant={"name": '=HYPERLINK("http://evil.example")', "uscc": uscc(9)})
    court.case("referred_to_court")
    response = browser(world.liaison).get("/court/cases.xlsx?state=settled")
    assert response.status_code == 200
    data = response.get_data()
    response.close()
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the heading and the one settled case
    (case_row,) = rows[1:]
    assert case_row[3] == '=HYPERLINK("http://evil.example")'  # literal text, not a formula
    assert sheet.cell(row=2, column=4).data_type == "s"
    assert Decimal(str(case_row[5])) == Decimal("580000.00")  # money as a number, not text


def test_counts_show_default_and_enforceable_cases(world, api, browser, court):
    plan = [{"amount": "500000.00", "due_on": today().isoformat()}]
    case_id = court.settled(instalments=plan, effective_on=today())
    api(world.liaison).post(
        f"/cases/{case_id}/confirmation/outcome",
        json={
            "outcome": "confirmed",
            "confirmation_number": "(2026)苏0621民诉前调确3号",
            "decided_on": today().isoformat(),
        },
    )
    with world.app.app_context():
        counts = outcome_counts(world.liaison.user(), today() + timedelta(days=1), utcnow())
    assert (counts["settled"], counts["enforceable"], counts["in_default"]) == (1, 1, 1)
