"""The API as a court system uses it: a liaison's token files delegated cases, polls
its referrals, fetches packages, acknowledges and records confirmations; a token of
court A gets 404 for everything of court B."""

import io
from datetime import timedelta

import pytest

from tests.court.conftest import today

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_court_system_files_a_commissioned_case_and_its_clock_starts(world, api):
    court_system = api(world.liaison)
    body = world.filing(
        source="court_commissioned", procedure="simple", court_case_number="（2026）苏0621民初55号"
    )
    response = court_system.post("/cases", json=body)
    assert response.status_code == 201, response.get_json()
    case = response.get_json()
    assert (case["court_case_number"], case["procedure"]) == ("(2026)苏0621民初55号", "simple")
    assert case["deadline"] == (today() + timedelta(days=7)).isoformat()
    letter = court_system.post(
        f"/cases/{case['id']}/delegation-letter", data={"file": (io.BytesIO(PNG), "委托调解函.png")}
    )
    assert letter.status_code == 201


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("(2026)苏0621民诉前调", "malformed"),
        ("2026苏0621民诉前调1号", "malformed"),
        ("(2026)苏0682民诉前调1号", "another court's"),
        ("(2026)苏0621民诉前调1号", "duplicate"),
    ],
)
def test_bad_court_case_numbers_are_refused(world, api, number, reason):
    court_system = api(world.liaison)
    first = court_system.post(
        "/cases", json=world.filing(source="court_delegated", court_case_number="(2026)苏0621民诉前调1号")
    )
    assert first.status_code == 201
    response = court_system.post(
        "/cases", json=world.filing(source="court_delegated", court_case_number=number)
    )
    assert response.status_code == 422 and "court_case_number" in response.get_json()["error"]["fields"], (
        reason
    )


def _court_a_cases(world, court):
    """A referred and a confirmed-ready settled case of court A (苏0621)."""
    referred = court.case("referred_to_court")
    settled = court.settled(effective_on=today())
    return referred, settled


def test_a_token_of_court_b_gets_404_for_everything_of_court_a(world, api, court):
    referred, settled = _court_a_cases(world, court)
    court_b = api(world.other_liaison)
    decided = {
        "outcome": "confirmed",
        "confirmation_number": "(2026)苏0682民诉前调确1号",
        "decided_on": today().isoformat(),
    }
    requests = [
        ("GET", f"/cases/{referred}", None),
        ("GET", f"/cases/{referred}/events", None),
        ("GET", f"/cases/{referred}/evidence", None),
        ("GET", f"/cases/{referred}/referral", None),
        ("GET", f"/cases/{referred}/referral/package", None),
        ("POST", f"/cases/{referred}/referral/acknowledgement", {"filing_number": "(2026)苏0682民初1号"}),
        ("GET", f"/cases/{settled}/confirmation", None),
        ("GET", f"/cases/{settled}/performance", None),
        ("POST", f"/cases/{settled}/confirmation/outcome", decided),
        ("POST", f"/cases/{settled}/payments", {"amount": "1.00", "paid_on": today().isoformat()}),
    ]
    for method, path, body in requests:
        response = court_b.call(method, path, json=body)
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.get_json()["error"]["code"] == "not_found"
        response.close()
    assert court_b.get("/referrals").get_json()["items"] == []
    assert all(c["id"] not in (referred, settled) for c in court_b.get("/cases").get_json()["items"])


def test_the_whole_court_round_trip_through_the_api(world, api, court):
    referred, settled = _court_a_cases(world, court)
    court_a = api(world.liaison)
    (referral,) = court_a.get("/referrals").get_json()["items"]
    assert referral["case_id"] == referred
    package = court_a.get(f"/cases/{referred}/referral/package")
    assert package.status_code == 200 and package.headers["X-Content-SHA256"]
    package.close()
    ack = court_a.post(
        f"/cases/{referred}/referral/acknowledgement", json={"filing_number": "(2026)苏0621民初100号"}
    )
    assert ack.status_code == 200 and ack.get_json()["acknowledged_at"]
    since = referral["updated_at"]
    (changed,) = court_a.get("/referrals", query_string={"since": since}).get_json()["items"]
    assert changed["filing_number"] == "(2026)苏0621民初100号"
    outcome = court_a.post(
        f"/cases/{settled}/confirmation/outcome",
        json={
            "outcome": "confirmed",
            "confirmation_number": "(2026)苏0621民诉前调确100号",
            "decided_on": today().isoformat(),
        },
    )
    assert outcome.status_code == 200 and outcome.get_json()["enforceable"] is True


def test_the_openapi_document_describes_the_court_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/referrals",
        "/cases/{case_id}/referral/package",
        "/cases/{case_id}/referral/acknowledgement",
        "/cases/{case_id}/confirmation/outcome",
        "/cases/{case_id}/payments",
    ):
        assert f"/api/v1{path}" in paths


def test_a_settlement_through_the_api_takes_its_instalments(world, api, court):
    case_id = court.case("mediated")
    plan = [
        {"amount": "100000.00", "due_on": (today() + timedelta(days=1)).isoformat()},
        {"amount": "400000.00", "due_on": (today() + timedelta(days=30)).isoformat()},
    ]
    response = api(world.mediator).fire(
        case_id, "record_agreement", **world.trigger_data("record_agreement"), instalments=plan
    )
    assert response.status_code == 200
    instalments = api(world.liaison).get(f"/cases/{case_id}/performance").get_json()["instalments"]
    assert [(i["amount"], i["paid"]) for i in instalments] == [("100000.00", "0.00"), ("400000.00", "0.00")]


def test_outcome_counts_cover_only_the_callers_court(world, api, court):
    court.case("referred_to_court")
    court.settled()
    court_a, court_b = (
        api(world.liaison).get("/court/outcomes"),
        api(world.other_liaison).get("/court/outcomes"),
    )
    assert court_a.status_code == 200
    counts = court_a.get_json()
    assert (counts["settled"], counts["referred_to_court"], counts["unacknowledged"]) == (1, 1, 1)
    assert all(v == 0 for v in court_b.get_json().values())
    assert api(world.applicant).get("/court/outcomes").status_code == 403
