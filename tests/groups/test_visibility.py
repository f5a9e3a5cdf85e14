"""Every permission and visibility rule stays per member: a party sees a group only as
far as it sees its members, and the totals are those of the members it sees; the
centre's staff see all; whoever sees no member sees no group (404, as a missing one)."""

from decimal import Decimal

import pytest

from tests.groups.support import group_filing


@pytest.fixture
def group(world, api) -> dict:
    answer = api(world.staff).post("/case-groups", json=group_filing(world, 3))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


@pytest.mark.parametrize(
    ("who", "positions"),
    [("staff", [1, 2, 3]), ("applicant", [1, 2, 3]), ("respondent", [1])],
)
def test_each_sees_the_members_it_sees_as_cases(world, api, group, who, positions):
    shown = api(getattr(world, who)).get(f"/case-groups/{group['id']}").get_json()
    assert [m["position"] for m in shown["members"]] == positions
    expected = sum(Decimal(m["claim_amount"]) for m in group["members"] if m["position"] in positions)
    assert Decimal(shown["claim_total"]) == expected
    assert shown["by_state"] == [{"state": "filed", "members": len(positions)}]


@pytest.mark.parametrize("who", ["outsider", "mediator", "liaison", "federation"])
def test_those_who_see_no_member_see_no_group(world, api, group, who):
    assert api(getattr(world, who)).get(f"/case-groups/{group['id']}").status_code == 404
    assert api(world.staff).get("/case-groups/999999").status_code == 404
