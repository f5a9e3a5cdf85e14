"""Staff's list of the centre's groups with their figures: members, members by state,
the total claim and the amount agreed in the members settled; the group page gives
the same figures for the members its viewer sees."""

from decimal import Decimal

from tests.groups.support import group_filing


def test_the_centres_groups_are_listed_with_their_figures(app, world, api, browser):
    staff = api(world.staff)
    first = staff.post("/case-groups", json=group_filing(world, 3)).get_json()
    second = staff.post("/case-groups", json=group_filing(world, 2)).get_json()
    world.settle(first["members"][0]["case_id"], agreed_amount="8000.00")
    listed = staff.get("/case-groups").get_json()
    assert [g["id"] for g in listed] == [second["id"], first["id"]]  # newest first
    figures = listed[1]
    assert figures["members"] == 3
    assert Decimal(figures["claim_total"]) == Decimal("60001.50")
    assert Decimal(figures["settled_amount"]) == Decimal("8000.00")
    assert figures["by_state"] == [{"state": "filed", "members": 2}, {"state": "settled", "members": 1}]
    shown = staff.get(f"/case-groups/{first['id']}").get_json()
    assert (shown["settled_amount"], shown["by_state"]) == (figures["settled_amount"], figures["by_state"])
    page = browser(world.staff).get("/case-groups").get_data(as_text=True)
    assert first["number"] in page and "8,000.00" in page and "60,001.50" in page


def test_only_staff_list_the_groups(world, api):
    assert api(world.applicant).get("/case-groups").status_code == 403
