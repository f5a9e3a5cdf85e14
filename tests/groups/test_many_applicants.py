"""Many applicants against one respondent (thirty workshops against one buyer): staff
file them as one group whose common party is the respondent; each member names its
applicant, and each applicant sees only its own member."""

import pytest

from tests.groups.support import applicants_filing, group_filing, typed


def test_staff_file_several_applicants_against_one_respondent(world, api):
    answer = api(world.staff).post("/case-groups", json=applicants_filing(world, 3))
    assert answer.status_code == 201, answer.get_json()
    group = answer.get_json()
    assert (group["common_side"], group["common_party"]["uscc"]) == ("respondent", world.respondent_uscc)
    assert {m["respondent"]["uscc"] for m in group["members"]} == {world.respondent_uscc}
    sent = [m["applicant"]["uscc"] for m in applicants_filing(world, 3)["members"]]
    assert [m["applicant"]["uscc"] for m in group["members"]] == sent
    seen_by_an_applicant = api(world.applicant).get(f"/case-groups/{group['id']}").get_json()
    assert [m["position"] for m in seen_by_an_applicant["members"]] == [1]
    assert len(api(world.respondent).get(f"/case-groups/{group['id']}").get_json()["members"]) == 3


def test_a_member_without_its_applicant_is_named(world, api):
    body = applicants_filing(world, 3)
    del body["members"][1]["applicant"]
    answer = api(world.staff).post("/case-groups", json=body)
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"members.1.applicant"}


@pytest.mark.parametrize(
    ("who", "body"),
    [
        ("applicant", lambda world: applicants_filing(world)),  # an enterprise files as the applicant
        ("staff", lambda world: applicants_filing(world) | {"applicant": group_filing(world)["applicant"]}),
    ],
    ids=["an enterprise", "both common parties"],
)
def test_a_common_respondent_is_for_staff_and_alone(world, api, who, body):
    answer = api(getattr(world, who)).post("/case-groups", json=body(world))
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"respondent"}


def test_staff_file_several_applicants_on_the_page(world, browser):
    members = [m | {"respondent": m["applicant"]} for m in applicants_filing(world, 2)["members"]]
    form = {
        "common_side": "respondent",
        "applicant_name": "海安华达锦纶有限公司",
        "applicant_uscc": world.respondent_uscc,
        "members": typed(members),  # each line names the applicant
    }
    staff = browser(world.staff)
    filed = staff.post("/case-groups/new", data=form)
    assert filed.status_code == 302, filed.get_data(as_text=True)
    page = staff.get(filed.headers["Location"]).get_data(as_text=True)
    assert "江苏常安纺织科技有限公司" in page and "海安第2织造厂" in page  # (the first as registered)
