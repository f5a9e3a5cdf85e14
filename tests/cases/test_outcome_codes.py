"""Why a case ended without settlement, as a code beside the free text: a withdrawal and
a respondent's refusal to mediate carry theirs; whoever refers a case back to court picks
one (no agreement by default, as the API's contract lets the field out). The court's
queue and package say it (tests/court/test_referrals.py)."""

import pytest


@pytest.mark.parametrize(
    ("state", "trigger", "data", "code"),
    [
        ("assigned", "withdraw", {}, "withdrawn_by_applicant"),
        ("assigned", "decline_mediation", {"reason": "被申请人不同意调解。"}, "respondent_declined"),
        ("mediated", "refer_to_court", {"reason": "分歧较大。"}, "no_agreement"),
        (
            "mediated",
            "refer_to_court",
            {"reason": "多次联系未果。", "outcome_code": "party_unreachable"},
            "party_unreachable",
        ),
        (
            "mediated",
            "refer_to_court",
            {"reason": "被申请人两次缺席。", "outcome_code": "party_absent"},
            "party_absent",
        ),
        ("mediated", "refer_to_court", {"reason": "申请人另行起诉。", "outcome_code": "other"}, "other"),
    ],
)
def test_each_ending_without_settlement_records_its_code(world, api, state, trigger, data, code):
    case_id = world.case(state)
    person = {"withdraw": world.applicant, "decline_mediation": world.respondent}.get(trigger, world.mediator)
    ended = api(person).fire(case_id, trigger, **data)
    assert ended.status_code == 200, ended.get_json()
    assert ended.get_json()["outcome_code"] == code
    events = api(world.staff).get(f"/cases/{case_id}/events").get_json()
    (event,) = [e for e in events if e["action"] == trigger]
    assert event["data"]["outcome_code"] == code


def test_an_unknown_code_is_refused_by_name(world, api):
    case_id = world.case("mediated")
    refused = api(world.mediator).fire(case_id, "refer_to_court", reason="x", outcome_code="bored")
    assert refused.status_code == 422 and "outcome_code" in refused.get_json()["error"]["fields"]
    assert api(world.staff).get(f"/cases/{case_id}").get_json()["state"] == "mediated"


def test_a_settled_or_open_case_has_no_code(world, api):
    for state in ("mediated", "settled"):
        assert api(world.staff).get(f"/cases/{world.case(state)}").get_json()["outcome_code"] is None


def test_the_page_asks_why_and_shows_it(world, browser):
    case_id = world.case("mediated")
    mediator = browser(world.mediator)
    page = mediator.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'name="outcome_code"' in page
    form = {"reason": "被申请人两次缺席。", "outcome_code": "party_absent", "confirm": "y"}
    with world.app.app_context():
        form["version"] = str(world.load(case_id).version)
    sent = mediator.post(f"/cases/{case_id}/transitions/refer_to_court", data=form, follow_redirects=True)
    assert sent.status_code == 200
    assert "当事人未到场" in sent.get_data(as_text=True)
