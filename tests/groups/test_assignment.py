"""Staff accept and assign a group's members in one step: each member still passes its
own checks and conflict screening, member by member; the report says which were
assigned and why the others were not, and those stay filed."""

import pytest

from mediation_app.cases.operations import declare_conflict
from tests.groups.support import group_filing


@pytest.fixture
def group(world, api) -> dict:
    answer = api(world.staff).post("/case-groups", json=group_filing(world, 3))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _assign(api, person, group, mediator_id):
    return api(person).post(f"/case-groups/{group['id']}/assignment", json={"mediator_id": mediator_id})


def test_a_member_in_conflict_is_refused_and_the_others_assigned(app, world, api, group):
    conflicted = group["members"][2]
    with app.app_context():  # the mediator knows the third member's respondent
        declare_conflict(
            world.mediator.user(), {"uscc": conflicted["respondent"]["uscc"], "reason": "曾任其顾问"}
        )
    answer = _assign(api, world.staff, group, world.mediator.id)
    assert answer.status_code == 200, answer.get_json()
    results = {r["case_id"]: r for r in answer.get_json()["results"]}
    assert [results[m["case_id"]]["outcome"] for m in group["members"]] == ["assigned", "assigned", "refused"]
    assert "被申请人" in " ".join(results[conflicted["case_id"]]["reasons"])  # the conflict, with its party
    states = {
        m["case_id"]: m["state"]
        for m in api(world.staff).get(f"/case-groups/{group['id']}").get_json()["members"]
    }
    assert list(states.values()) == ["assigned", "assigned", "filed"]
    mediator_cases = {c["id"] for c in api(world.mediator).get("/cases").get_json()["items"]}
    assert mediator_cases == {m["case_id"] for m in group["members"][:2]}


def test_when_every_member_is_assigned_the_group_step_is_not_offered(world, api, group):
    assert _assign(api, world.staff, group, world.mediator.id).status_code == 200
    shown = api(world.staff).get(f"/case-groups/{group['id']}").get_json()
    assert shown["allowed_actions"] == [] and shown["by_state"] == [{"state": "assigned", "members": 3}]
    assert _assign(api, world.staff, group, world.mediator.id).status_code == 409


@pytest.mark.parametrize(
    ("who", "mediator", "status"),
    [
        ("applicant", "mediator", 403),
        ("respondent", "mediator", 403),
        ("mediator", "mediator", 403),
        ("staff", "staff", 422),  # not a mediator
    ],
)
def test_only_staff_assign_and_only_a_mediator_of_the_centre(world, api, group, who, mediator, status):
    answer = _assign(api, getattr(world, who), group, getattr(world, mediator).id)
    assert answer.status_code == status
    states = {m["state"] for m in api(world.staff).get(f"/case-groups/{group['id']}").get_json()["members"]}
    assert states == {"filed"}


def test_the_suggestions_rank_each_mediator_by_the_waiting_members_in_conflict(app, world, api, group):
    with app.app_context():  # the mediator knows one member's respondent
        declare_conflict(
            world.mediator.user(), {"uscc": group["members"][2]["respondent"]["uscc"], "reason": "曾任其顾问"}
        )
    url = f"/case-groups/{group['id']}/mediator-suggestions"
    ranked = api(world.staff).get(url).get_json()
    conflicts = {s["mediator"]["id"]: s["conflicts"] for s in ranked}
    # (in Chinese, the default language): in conflict with 1 of the 3 members
    assert conflicts[world.mediator.id] == ["与待指派的 3 件成员案件中的 1 件存在利益冲突"]
    assert conflicts[world.other_mediator.id] == []
    order = [s["mediator"]["id"] for s in ranked]
    assert order.index(world.other_mediator.id) < order.index(world.mediator.id)  # conflict-free first
    assert api(world.applicant).get(url).status_code == 403
    _assign(api, world.staff, group, world.other_mediator.id)  # no member waits any more
    assert api(world.staff).get(url).status_code == 409
