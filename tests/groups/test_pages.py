"""The group pages: filing a group with its respondents typed one a line or in a
workbook (all or nothing, each bad member or row named beside the field), the group
page with its members and totals, the one-step assignment, and the case page's link
to its group."""

import io

import pytest
from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.groups.models import CaseGroup
from tests.groups.support import group_filing, members_file, typed


def _in_english(client):
    client.post("/lang/en")
    return client


def _form(world, **fields) -> dict:
    return {
        "applicant_name": "江苏常安纺织科技有限公司",
        "applicant_uscc": world.applicant_uscc,
        "industry": "textile",
        "dispute_type": "sale_contract",
        "submission_key": "group-form-key-0001",
        **fields,
    }


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(Case)),
        db.session.scalar(select(func.count()).select_from(CaseGroup)),
    )


def test_a_group_typed_one_respondent_a_line_is_filed_and_shown(app, world, browser):
    staff = browser(world.staff)
    members = group_filing(world, 3)["members"]
    filed = staff.post("/case-groups/new", data=_form(world, members=typed(members)))
    assert filed.status_code == 302, filed.get_data(as_text=True)
    page = staff.get(filed.headers["Location"]).get_data(as_text=True)
    assert "测商调系字第0001号" in page
    assert all(m["respondent"]["name"] in page for m in members)
    assert "60,001.50" in page  # the total claim, 10,000.50 + 20,000.50 + 30,000.50
    # the same form sent twice (a double click) files one group
    again = staff.post("/case-groups/new", data=_form(world, members=typed(members)))
    assert again.headers["Location"] == filed.headers["Location"]
    with app.app_context():
        assert _counts() == (3, 1)
        case_id = db.session.scalar(select(Case.id).limit(1))
    assert "测商调系字第0001号" in staff.get(f"/cases/{case_id}").get_data(as_text=True)  # its group, linked


@pytest.mark.parametrize(
    ("upload", "message"),
    [(False, "Member 2: Claim amount (yuan): "), (True, "Row 3: Claim amount (yuan): ")],
    ids=["typed", "workbook"],
)
def test_one_bad_member_files_nothing_and_is_named_on_the_page(app, world, browser, upload, message):
    members = group_filing(world, 3, {1: {"claim_amount": "-1"}})["members"]
    if upload:
        data = _form(world, file=(members_file(members), "系列案.xlsx"))
    else:
        data = _form(world, members=typed(members))
    refused = _in_english(browser(world.staff)).post(
        "/case-groups/new", data=data, content_type="multipart/form-data"
    )
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    with app.app_context():
        assert _counts() == (0, 0)


def test_a_workbook_of_respondents_is_filed(app, world, browser):
    members = group_filing(world, 4)["members"]
    data = _form(world, file=(members_file(members), "系列案.xlsx"))
    filed = browser(world.staff).post("/case-groups/new", data=data, content_type="multipart/form-data")
    assert filed.status_code == 302, filed.get_data(as_text=True)
    with app.app_context():
        assert _counts() == (4, 1)


def test_staff_assign_the_group_on_its_page(app, world, browser):
    staff = browser(world.staff)
    location = staff.post(
        "/case-groups/new", data=_form(world, members=typed(group_filing(world, 2)["members"]))
    )
    location = location.headers["Location"]
    assigned = staff.post(f"{location}/assignment", data={"mediator_id": world.mediator.id})
    assert assigned.status_code == 302
    page = staff.get(location).get_data(as_text=True)
    assert "已为 2 件成员案件中的 2 件指派调解员。" in page  # 2 of 2 members assigned
    assert page.count('class="badge state-assigned"') == 3  # the count by state, and each member
    with app.app_context():
        assert {case.state.value for case in db.session.scalars(select(Case))} == {"assigned"}


def test_a_workbook_that_is_not_one_is_refused_beside_the_file(app, world, browser):
    data = _form(world, file=(io.BytesIO(b"not a workbook"), "a.xlsx"))
    refused = browser(world.staff).post("/case-groups/new", data=data, content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "Excel" in refused.get_data(as_text=True)


def test_the_group_page_ranks_the_mediators_for_the_waiting_members(app, world, browser):
    world.case("settled")  # the world's mediator concluded a case of the common applicant
    staff = browser(world.staff)
    staff.post("/lang/en")
    location = staff.post(
        "/case-groups/new", data=_form(world, members=typed(group_filing(world, 2)["members"]))
    ).headers["Location"]
    page = staff.get(location).get_data(as_text=True)
    table = page[page.index('class="mediators"') :]
    free, conflicted = (
        table.index(f'value="{person.id}"') for person in (world.other_mediator, world.mediator)
    )
    assert free < conflicted  # the conflict-free mediator first
    assert "in conflict with 2 of the 2 members" in table[conflicted:]
