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


def test_the_list_pages_older_groups_by_the_last_id(world, api, browser, monkeypatch):
    monkeypatch.setattr("mediation_app.groups.queries.MAX_LISTED", 2)  # a page of two
    staff = api(world.staff)
    ids = [staff.post("/case-groups", json=group_filing(world, 1)).get_json()["id"] for _ in range(3)]
    first = staff.get("/case-groups").get_json()
    assert [g["id"] for g in first] == [ids[2], ids[1]]
    assert [g["id"] for g in staff.get(f"/case-groups?before={ids[1]}").get_json()] == [ids[0]]
    assert staff.get(f"/case-groups?before={ids[0]}").get_json() == []
    assert staff.get("/case-groups?before=0").status_code == 422

    pages = browser(world.staff)
    pages.post("/lang/en")
    page = pages.get("/case-groups").get_data(as_text=True)
    assert f"/case-groups?before={ids[1]}" in page and "Older serial cases" in page
    older = pages.get(f"/case-groups?before={ids[1]}").get_data(as_text=True)
    assert "Older serial cases" not in older and "Newest" in older
    assert pages.get("/case-groups?before=x").status_code == 200  # a hand-edited link: the first page
