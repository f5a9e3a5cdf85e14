"""Intake and assignment: duplicates, conflict screening with overrides, ranked
suggestions, and the respondent's free choice to mediate."""

import pytest

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.extensions import db


def test_a_flagged_mediator_needs_a_recorded_override(world, api):
    case_id = world.case("filed")
    staff = api(world.staff)
    refused = staff.fire(case_id, "assign", mediator_id=world.conflicted_mediator.id)
    assert refused.status_code == 422 and "mediator_id" in refused.get_json()["error"]["fields"]
    assert staff.get(f"/cases/{case_id}").get_json()["state"] == "filed"
    done = staff.fire(
        case_id,
        "assign",
        mediator_id=world.conflicted_mediator.id,
        override_reason="双方书面同意由该调解员调解",
    )
    assert done.status_code == 200
    (event,) = [e for e in staff.get(f"/cases/{case_id}/events").get_json() if e["action"] == "assign"]
    assert event["data"]["override_reason"] == "双方书面同意由该调解员调解" and event["data"]["conflicts"]


def test_mediating_a_partys_concluded_case_or_declaring_a_conflict_flags_a_mediator(world, api):
    world.case("settled")  # the world's mediator settled a case of both parties
    case_id = world.case("filed")
    suggestions = api(world.staff).get(f"/cases/{case_id}/mediator-suggestions").get_json()
    by_id = {s["mediator"]["id"]: s for s in suggestions}
    assert any("调解" in c or "mediated" in c for c in by_id[world.mediator.id]["conflicts"])
    assert by_id[world.other_mediator.id]["conflicts"] == []
    mediator = api(world.other_mediator)
    declared = mediator.post(
        "/me/conflict-declarations", json={"uscc": world.respondent_uscc, "reason": "曾任其法律顾问"}
    )
    assert declared.status_code == 201
    assert (
        mediator.post(
            "/me/conflict-declarations", json={"uscc": "91350100M000100Y44", "reason": "x"}
        ).status_code
        == 422
    )
    again = api(world.staff).get(f"/cases/{case_id}/mediator-suggestions").get_json()
    assert {s["mediator"]["id"]: s for s in again}[world.other_mediator.id]["conflicts"]


def test_suggestions_put_specialists_with_light_workloads_first(world, api, app):
    with app.app_context():
        db.session.get(User, world.other_mediator.id).industry = "nylon"
        db.session.commit()
    case_id = world.case("filed")  # the filing's industry is nylon
    ranked = api(world.staff).get(f"/cases/{case_id}/mediator-suggestions").get_json()
    assert ranked[0]["mediator"]["id"] == world.other_mediator.id and ranked[0]["industry_match"] is True
    assert ranked[-1]["mediator"]["id"] == world.conflicted_mediator.id and ranked[-1]["conflicts"]


def test_duplicates_are_flagged_at_intake(world, api, browser):
    first = world.case("filed")
    second = world.case(
        "filed",
        applicant={"name": "海安华达锦纶有限公司", "uscc": world.respondent_uscc},
        respondent={"name": "江苏常安纺织科技有限公司", "uscc": world.applicant_uscc},
    )
    staff = api(world.staff)
    assert [c["id"] for c in staff.get(f"/cases/{second}/duplicates").get_json()] == [first]
    page = browser(world.staff).get(f"/cases/{second}").get_data(as_text=True)
    assert "可能重复" in page and f"/cases/{first}" in page
    assert api(world.applicant).get(f"/cases/{first}/duplicates").status_code == 403


def test_the_respondent_agrees_in_its_portal_and_mediation_can_start(world, api):
    case_id = world.case("assigned")
    respondent = api(world.respondent)
    case = respondent.get(f"/cases/{case_id}").get_json()
    assert "decline_mediation" in case["allowed_triggers"] and case["respondent_consent"] is None
    agreed = respondent.post(f"/cases/{case_id}/respondent-consent", json={"version": case["version"]})
    assert agreed.status_code == 200 and agreed.get_json()["respondent_consent"] is True
    again = respondent.post(
        f"/cases/{case_id}/respondent-consent", json={"version": agreed.get_json()["version"]}
    )
    assert again.status_code == 409
    started = api(world.mediator).fire(case_id, "start_mediation")  # no flag needed: consent is on record
    assert started.status_code == 200 and started.get_json()["state"] == "mediated"


@pytest.mark.parametrize("source", ["direct", "court_delegated"])
def test_a_respondent_who_declines_ends_the_case(world, api, app, source):
    extra = {"court_case_number": "(2024)苏0621民诉前调31号"} if source != "direct" else {}
    case_id = world.case("assigned", source=source, **extra)
    respondent = api(world.respondent)
    assert respondent.fire(case_id, "decline_mediation").status_code == 422  # a reason is required
    declined = respondent.fire(case_id, "decline_mediation", reason="我方不同意调解，将通过诉讼解决。")
    assert declined.status_code == 200
    body = declined.get_json()
    assert body["state"] == "referred_to_court" and body["respondent_consent"] is False
    assert api(world.staff).get("/totals").get_json()["referred_to_court"] == 1


def test_only_the_respondent_or_staff_answer_the_invitation(world, api):
    case_id = world.case("assigned")
    assert (
        api(world.applicant).post(f"/cases/{case_id}/respondent-consent", json={"version": 2}).status_code
        == 403
    )
    assert api(world.applicant).fire(case_id, "decline_mediation", reason="x").status_code == 403
    assert (
        api(world.outsider).post(f"/cases/{case_id}/respondent-consent", json={"version": 2}).status_code
        == 404
    )
    staff = api(world.staff)
    assert (
        staff.post(f"/cases/{case_id}/respondent-consent", json={"version": 2, "channel": "fax"}).status_code
        == 422
    )
    recorded = staff.post(f"/cases/{case_id}/respondent-consent", json={"version": 2, "channel": "phone"})
    assert recorded.status_code == 200
    event = staff.get(f"/cases/{case_id}/events").get_json()[-1]
    assert event["action"] == "respondent_consent" and event["data"]["channel"] == "phone"


def test_the_parties_see_that_mediation_is_voluntary_and_can_answer_on_the_page(world, browser, app):
    case_id = world.case("assigned")
    page = browser(world.respondent)
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "调解遵循自愿原则" in html and "同意调解" in html
    with app.app_context():
        version = db.session.get(Case, case_id).version
    assert (
        page.post(f"/cases/{case_id}/respondent-consent", data={"version": str(version)}).status_code == 302
    )
    assert "被申请人已同意调解" in page.get(f"/cases/{case_id}").get_data(as_text=True)


def test_a_party_asks_for_recusal_and_staff_reassign_the_case(world, api, browser):
    case_id = world.case("mediated")
    respondent = api(world.respondent)
    assert respondent.post(f"/cases/{case_id}/recusal-requests", json={"grounds": ""}).status_code == 422
    asked = respondent.post(
        f"/cases/{case_id}/recusal-requests", json={"grounds": "调解员曾为申请人提供咨询。"}
    )
    assert asked.status_code == 201 and asked.get_json()["status"] == "pending"
    assert (
        respondent.post(f"/cases/{case_id}/recusal-requests", json={"grounds": "再次申请"}).status_code == 409
    )
    assert (
        api(world.outsider).post(f"/cases/{case_id}/recusal-requests", json={"grounds": "x"}).status_code
        == 404
    )
    assert (
        api(world.mediator).post(f"/cases/{case_id}/recusal-decision", json={"granted": True}).status_code
        == 403
    )
    staff = api(world.staff)
    version = staff.get(f"/cases/{case_id}").get_json()["version"]
    granted = staff.post(
        f"/cases/{case_id}/recusal-decision",
        json={
            "granted": True,
            "version": version,
            "mediator_id": world.other_mediator.id,
            "note": "理由成立",
        },
    )
    assert granted.status_code == 200 and granted.get_json()["status"] == "granted"
    case = staff.get(f"/cases/{case_id}").get_json()
    assert case["mediator"]["id"] == world.other_mediator.id and case["state"] == "mediated"
    actions = [e["action"] for e in staff.get(f"/cases/{case_id}/events").get_json()]
    assert actions[-3:] == ["request_recusal", "reassign", "decide_recusal"]
    assert api(world.mediator).get(f"/cases/{case_id}").status_code == 404  # the old mediator loses access
    page = browser(world.respondent).get(f"/cases/{case_id}").get_data(as_text=True)
    assert "调解员曾为申请人提供咨询。" in page


def test_staff_may_refuse_a_recusal_with_a_reason_and_nothing_else_changes(world, api):
    case_id = world.case("assigned")
    api(world.applicant).post(f"/cases/{case_id}/recusal-requests", json={"grounds": "担心不公正"})
    staff = api(world.staff)
    assert staff.post(f"/cases/{case_id}/recusal-decision", json={"granted": False}).status_code == 422
    refused = staff.post(
        f"/cases/{case_id}/recusal-decision", json={"granted": False, "note": "无法定回避事由"}
    )
    assert refused.status_code == 200 and refused.get_json()["status"] == "refused"
    assert staff.get(f"/cases/{case_id}").get_json()["mediator"]["id"] == world.mediator.id
    bad = staff.post(f"/cases/{case_id}/recusal-decision", json={"granted": False, "note": "x"})
    assert bad.status_code == 409  # nothing pending any more
