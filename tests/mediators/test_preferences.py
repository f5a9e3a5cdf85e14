"""A filer may name up to three preferred mediators from the centre's register; the
suggestions for assignment put them first unless a conflict flags them (a preference
never outranks a conflict)."""

import pytest

from mediation_app.mediators.operations import update_register_entry
from tests.conftest import Api, log_in

IN_OFFICE = {"term_starts_on": "2026-01-01", "dispute_types": ["sale_contract"]}


@pytest.fixture
def register(app, world):
    """The world's three mediators on the register, in office."""
    with app.app_context():
        staff = world.staff.user()
        for person in (world.mediator, world.other_mediator, world.conflicted_mediator):
            update_register_entry(staff, person.id, IN_OFFICE)
    return world


def test_a_preference_is_kept_and_ranks_first_but_never_above_a_conflict(register, api):
    world = register
    staff = api(world.staff)
    preferred = [world.other_mediator.id, world.conflicted_mediator.id]
    filed = staff.post("/cases", json=world.filing(preferred_mediator_ids=preferred))
    assert filed.status_code == 201, filed.get_json()
    case = filed.get_json()
    assert case["preferred_mediator_ids"] == preferred
    ranked = staff.get(f"/cases/{case['id']}/mediator-suggestions").get_json()
    order = [s["mediator"]["id"] for s in ranked]
    assert order[0] == world.other_mediator.id and ranked[0]["preferred"] is True
    # preferred too, but flagged: behind every mediator without a conflict
    assert order[-1] == world.conflicted_mediator.id and ranked[-1]["conflicts"] and ranked[-1]["preferred"]


@pytest.mark.parametrize(
    ("preferred", "blamed"),
    [
        ("not on the register", "preferred_mediator_ids.0"),
        ("a staff account", "preferred_mediator_ids.0"),
        ("four of them", "preferred_mediator_ids"),
    ],
)
def test_only_up_to_three_mediators_of_the_register_may_be_preferred(app, world, api, preferred, blamed):
    with app.app_context():  # only the world's mediator is on the register
        update_register_entry(world.staff.user(), world.mediator.id, IN_OFFICE)
    ids = {
        "not on the register": [world.other_mediator.id],
        "a staff account": [world.staff.id],
        "four of them": [world.mediator.id] * 4,
    }[preferred]
    refused = api(world.staff).post("/cases", json=world.filing(preferred_mediator_ids=ids))
    assert refused.status_code == 422 and blamed in refused.get_json()["error"]["fields"]


def test_the_filing_page_offers_the_register_and_keeps_the_choice(app, register, client):
    world = register
    log_in(client, world.applicant)
    page = client.get("/cases/new").get_data(as_text=True)
    assert 'name="preferred_mediator_ids"' in page and "/centres/test/mediators" in page
    filed = client.post(
        "/cases/new",
        data={
            "respondent_name": "海安华达锦纶有限公司",
            "respondent_uscc": world.respondent_uscc,
            "claim_amount": "580000.00",
            "summary": "申请人供货后，被申请人拖欠货款。",
            "industry": "nylon",
            "dispute_type": "sale_contract",
            "preferred_mediator_ids": [str(world.mediator.id)],
        },
    )
    assert filed.status_code == 302, filed.get_data(as_text=True)
    case_id = int(filed.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    read = Api(app.test_client()).login(world.staff).get(f"/cases/{case_id}").get_json()
    assert read["preferred_mediator_ids"] == [world.mediator.id]


def test_the_filing_page_offers_no_choice_while_the_register_lists_nobody(world, client):
    log_in(client, world.applicant)
    assert 'name="preferred_mediator_ids"' not in client.get("/cases/new").get_data(as_text=True)
