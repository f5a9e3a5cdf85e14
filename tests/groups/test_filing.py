"""Filing a group of serial cases (系列案) through the API: every member becomes a case
of its own, numbered as any case, linked to the group; the group is filed whole or not
at all, each bad member named by its path; a retry with the same key files once."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.groups.models import CaseGroup, CaseGroupMember
from tests.groups.support import group_filing


def _counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(table))
        for table in (Case, CaseGroup, CaseGroupMember)
    )


def test_a_group_is_filed_with_its_members_as_cases_and_its_total(app, world, api):
    answer = api(world.staff).post("/case-groups", json=group_filing(world, 3))
    assert answer.status_code == 201, answer.get_json()
    group = answer.get_json()
    assert group["number"].startswith("(20") and "测商调系字第0001号" in group["number"]
    assert group["common_party"]["uscc"] == world.applicant_uscc
    assert [m["position"] for m in group["members"]] == [1, 2, 3]
    assert Decimal(group["claim_total"]) == Decimal("10000.50") + Decimal("20000.50") + Decimal("30000.50")
    assert group["by_state"] == [{"state": "filed", "members": 3}]
    assert group["allowed_actions"] == ["assign_group"]
    with app.app_context():
        cases = [db.session.get(Case, m["case_id"]) for m in group["members"]]
        assert len({case.number for case in cases}) == 3  # each its own case number
        assert {case.applicant.uscc for case in cases} == {world.applicant_uscc}
        assert [case.respondent.name for case in cases] == [m["respondent"]["name"] for m in group["members"]]


def test_an_enterprise_files_a_group_as_its_applicant(app, world, api):
    body = group_filing(world, 2) | {"applicant": None}
    answer = api(world.applicant).post("/case-groups", json=body)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["common_party"]["id"] == world.applicant.organisation_id


@pytest.mark.parametrize(
    ("members", "blamed"),
    [
        ({1: {"claim_amount": "-5"}}, {"members.1.claim_amount"}),
        ({2: {"respondent": {"name": "x", "uscc": "not a code"}}}, {"members.2.respondent.uscc"}),
        ({0: {"summary": ""}, 2: {"claim_amount": "abc"}}, {"members.0.summary", "members.2.claim_amount"}),
    ],
    ids=["negative claim", "bad credit code", "two bad members"],
)
def test_one_bad_member_files_nothing_and_is_named_by_its_path(app, world, api, members, blamed):
    with app.app_context():
        before = _counts()
    answer = api(world.staff).post("/case-groups", json=group_filing(world, 3, members))
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == blamed
    with app.app_context():
        assert _counts() == before


def test_a_member_refused_by_the_filing_rules_files_nothing(app, world, api):
    """The case filing's own rule (the parties differ) blames the member, found past the schema."""
    with app.app_context():
        before = _counts()
    same = {"respondent": {"name": "江苏常安纺织科技有限公司", "uscc": world.applicant_uscc}}
    answer = api(world.staff).post("/case-groups", json=group_filing(world, 3, {1: same}))
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"members.1.respondent.uscc"}
    with app.app_context():
        assert _counts() == before


def test_a_group_needs_members(world, api):
    answer = api(world.staff).post("/case-groups", json=group_filing(world, 0))
    assert answer.status_code == 422 and set(answer.get_json()["error"]["fields"]) == {"members"}


def test_a_retry_with_the_same_key_files_the_group_once(app, world, api):
    staff = api(world.staff)
    key = {"Idempotency-Key": "group-filing-0001"}
    first = staff.post("/case-groups", json=group_filing(world, 2), headers=key)
    again = staff.post("/case-groups", json=group_filing(world, 2), headers=key)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json() == first.get_json()
    with app.app_context():
        assert _counts() == (2, 1, 2)
