"""The JSON API contract (shared/API.md) through the real HTTP stack."""

import hashlib

import pytest

from tests.factories import PATHS
from workflows.case_workflow import TRIGGERS


def test_the_whole_lifecycle_through_the_api_as_each_role(world, api):
    applicant, staff, mediator = api(world.applicant), api(world.staff), api(world.mediator)
    created = applicant.post("/cases", json=world.filing(source=None))
    assert created.status_code == 201, created.get_json()
    assert created.headers["Content-Type"] == "application/json; charset=utf-8"
    case = created.get_json()
    assert case["state"] == "filed" and case["claim_amount"] == "580000.00" and case["version"] == 1
    assert case["allowed_triggers"] == ["withdraw"]

    assert staff.get(f"/cases/{case['id']}").get_json()["allowed_triggers"] == [
        "assign",
        "reject",
        "withdraw",
    ]
    assigned = staff.fire(case["id"], "assign", mediator_id=world.mediator.id)
    assert assigned.status_code == 200 and assigned.get_json()["mediator"]["id"] == world.mediator.id

    started = mediator.fire(case["id"], "start_mediation", respondent_consent=True)
    assert started.get_json()["state"] == "mediated"
    agreed = mediator.fire(case["id"], "record_agreement", **world.trigger_data("record_agreement"))
    assert agreed.status_code == 200, agreed.get_json()
    body = agreed.get_json()
    assert body["state"] == "mediated" and body["agreed_amount"] == "500000.00"
    assert "settle" not in body["allowed_triggers"]  # it comes with the last signature
    world.sign_all(case["id"])
    body = mediator.get(f"/cases/{case['id']}").get_json()
    assert body["state"] == "settled" and body["allowed_triggers"] == []

    events = applicant.get(f"/cases/{case['id']}/events").get_json()
    assert [e["action"] for e in events] == [
        "file",
        "assign",
        "issue_document",  # the acceptance notice, recorded with the transition
        "issue_document",  # the notice of rights and duties
        "store_document",  # each rendered after the commit, its hash on the timeline
        "store_document",
        "start_mediation",
        "record_agreement",
        "issue_document",  # the agreement, for signature
        "store_document",
        "sign_agreement",
        "sign_agreement",
        "sign_agreement",
        "agreement_effective",
        "settle",  # fired by the last signature
        "issue_document",  # the signed copy
        "store_document",
    ]
    assert events[1]["actor"]["role"] == "staff" and events[1]["created_at"].endswith("+00:00")

    documents = applicant.get(f"/cases/{case['id']}/documents").get_json()
    assert [d["kind"] for d in documents] == [
        "acceptance_notice",
        "rights_notice",
        "agreement",
        "signed_agreement",
    ]
    agreement = documents[2]
    pdf = applicant.get(f"/documents/{agreement['id']}")
    content = pdf.get_data()
    pdf.close()
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["X-Content-SHA256"] == agreement["sha256"] == hashlib.sha256(content).hexdigest()

    totals = staff.get("/totals").get_json()
    assert totals["concluded"] == 1 and totals["resolved_claim_amount"] == "580000.00"
    assert totals["agreed_amount"] == "500000.00" and totals["cases_by_state"]["settled"] == 1


def test_a_court_liaison_files_a_delegated_case_and_sees_its_courts_totals(world, api):
    liaison = api(world.liaison)
    created = liaison.post(
        "/cases", json=world.filing(source="court_delegated", court_case_number="(2024)苏0621民诉前调123号")
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["deadline"] is not None
    assert liaison.get("/totals").get_json()["cases_by_state"]["filed"] == 1
    assert api(world.other_liaison).get("/totals").get_json()["cases_by_state"]["filed"] == 0
    assert api(world.other_liaison).get(f"/cases/{created.get_json()['id']}").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("claim_amount", "-1"),
        ("claim_amount", "0"),
        ("claim_amount", "NaN"),
        ("claim_amount", "sNaN"),
        ("claim_amount", "Infinity"),
        ("claim_amount", "1e309"),
        ("claim_amount", "12.345"),
        ("claim_amount", "1_000"),
        ("claim_amount", "12,345.00"),
        ("claim_amount", "¥100"),
        ("claim_amount", "1234567890123456"),
        ("claim_amount", 100),
        ("claim_amount", 100.5),
        ("claim_amount", None),
        ("claim_amount", []),
        ("summary", ""),
        ("summary", None),
        ("summary", "a\x00b"),
        ("respondent", None),
        ("respondent", {"name": "X公司"}),
        ("industry", "mining"),
        ("source", "email"),
    ],
)
def test_bad_filings_get_a_field_error_and_store_nothing(world, api, field, value):
    staff = api(world.staff)
    response = staff.post("/cases", json={**world.filing(), field: value})
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert any(name == field or name.startswith(f"{field}.") for name in error["fields"]), error
    assert staff.get("/cases").get_json()["items"] == []


@pytest.mark.parametrize(
    ("uscc", "fragment"),
    [
        ("91350100M000100Y44", "check"),
        ("91350100m000100y43", "upper"),
        ("9135010", "18"),
        ("", "18"),
    ],
)
def test_bad_credit_codes_are_refused(world, api, uscc, fragment):
    response = api(world.staff).post(
        "/cases",
        json=world.filing(respondent={"name": "某公司", "uscc": uscc}),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert fragment in response.get_json()["error"]["fields"]["respondent.uscc"]


def test_errors_are_in_chinese_by_default_and_english_on_request(world, api):
    staff = api(world.staff)
    chinese = staff.post("/cases", json=world.filing(claim_amount="-1")).get_json()["error"]
    english = staff.post("/cases", json=world.filing(claim_amount="-1"), headers={"Accept-Language": "en"})
    assert chinese["message"] == "请更正标出的填写项。"
    assert english.get_json()["error"]["message"] == "Please correct the marked fields."


@pytest.mark.parametrize(
    "number", [None, "", "2024苏0621民诉前调123号", "(2024)苏0621民诉前调123", "(2024)苏9999民初1号"]
)
def test_a_court_source_needs_a_valid_court_case_number(world, api, number):
    response = api(world.staff).post(
        "/cases", json=world.filing(source="court_commissioned", court_case_number=number)
    )
    assert response.status_code == 422
    assert "court_case_number" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', b"\xff\xfe{}"])
def test_a_body_that_is_not_a_json_object_is_malformed(world, api, body):
    response = api(world.staff).post("/cases", data=body, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"agreed_amount": "-5"}, "agreed_amount"),
        ({"agreed_amount": 500000}, "agreed_amount"),
        ({"agreed_amount": "1e3"}, "agreed_amount"),
        ({"terms": []}, "terms"),
        ({"terms": "pay"}, "terms"),
        ({"terms": ["ok", 5]}, "terms.1"),
        ({"performance_deadline": "31/12/2026"}, "performance_deadline"),
        ({"performance_deadline": "2000-01-01"}, "performance_deadline"),
    ],
)
def test_bad_settlement_data_is_refused_and_changes_nothing(world, api, data, field):
    case_id = world.case("mediated")
    mediator = api(world.mediator)
    response = mediator.fire(
        case_id, "record_agreement", **{**world.trigger_data("record_agreement"), **data}
    )
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"], (
        response.get_json()
    )
    case = mediator.get(f"/cases/{case_id}").get_json()
    assert case["state"] == "mediated" and case["version"] == 3 and case["agreed_amount"] is None


def test_status_codes_for_refused_transitions(world, api):
    case_id = world.case("filed")
    staff, applicant = api(world.staff), api(world.applicant)
    assert applicant.fire(case_id, "assign", mediator_id=world.mediator.id).status_code == 403
    assert (
        staff.fire(case_id, "record_agreement", **world.trigger_data("record_agreement")).status_code == 403
    )
    assert staff.fire(case_id, "settle").status_code == 403  # only the last signature settles
    assert staff.fire(case_id, "refer_to_court", reason="x").status_code == 409
    assert staff.fire(case_id, "fly_away").status_code == 422
    assert staff.fire(case_id, "assign", mediator_id=world.mediator.id, version=7).status_code == 409
    assert staff.fire(case_id, "assign", mediator_id=world.mediator.id, version="1").status_code == 422
    assert staff.get(f"/cases/{case_id}").get_json()["state"] == "filed"


def test_a_replayed_transition_has_one_effect(world, api):
    case_id = world.case("filed")
    staff = api(world.staff)
    first = staff.fire(case_id, "assign", mediator_id=world.mediator.id, version=1)
    replay = staff.fire(case_id, "assign", mediator_id=world.mediator.id, version=1)
    assert (first.status_code, replay.status_code) == (200, 409)
    assert (
        replay.get_json()["error"]["code"] == "conflict"
    )  # the state moved on before the version is checked
    actions = [e["action"] for e in staff.get(f"/cases/{case_id}/events").get_json()]
    # one acceptance, its notices
    assert actions == [
        "file",
        "assign",
        "issue_document",
        "issue_document",
        "store_document",
        "store_document",
    ]


def test_fields_a_role_may_not_set_are_ignored(world, api):
    body = world.filing(
        state="settled",
        mediator_id=world.mediator.id,
        version=99,
        agreed_amount="1.00",
        number="X-1",
        id=12345,
    )
    case = api(world.staff).post("/cases", json=body).get_json()
    assert (case["state"], case["mediator"], case["version"], case["agreed_amount"]) == (
        "filed",
        None,
        1,
        None,
    )
    assert case["id"] != 12345 and case["number"] != "X-1"


@pytest.mark.with_documents
def test_another_enterprises_case_is_answered_as_missing_and_the_attempt_logged(world, api, caplog):
    case_id = world.case("settled")
    outsider = api(world.outsider)
    missing = outsider.get("/cases/999999")
    for path in (f"/cases/{case_id}", f"/cases/{case_id}/events", f"/cases/{case_id}/documents"):
        response = outsider.get(path)
        assert response.status_code == 404 and response.get_json() == missing.get_json()
    document_id = api(world.applicant).get(f"/cases/{case_id}/documents").get_json()[0]["id"]
    assert outsider.get(f"/documents/{document_id}").status_code == 404
    assert outsider.get("/cases").get_json()["items"] == []
    assert outsider.fire(case_id, "withdraw", version=1).status_code == 404
    refusals = [r.getMessage() for r in caplog.records if "not visible" in r.getMessage()]
    probed = (f"case {case_id}", f"document {document_id}")
    assert refusals and all(
        m.startswith(probed) and f" refused to user {world.outsider.id} " in m for m in refusals
    )
    assert any(m.startswith(f"document {document_id} ") for m in refusals)  # the download too


@pytest.mark.with_documents
def test_the_court_does_not_download_an_agreement_before_it_takes_effect(world, api):
    case_id = world.agreed(source="court_delegated", court_case_number="(2024)苏0621民诉前调9号")
    liaison = api(world.liaison)
    assert liaison.get(f"/cases/{case_id}").status_code == 200
    listed = liaison.get(f"/cases/{case_id}/documents").get_json()
    assert [d["kind"] for d in listed] == ["acceptance_notice"]  # not the parties' unsigned agreement
    (agreement,) = [
        d for d in api(world.staff).get(f"/cases/{case_id}/documents").get_json() if d["kind"] == "agreement"
    ]
    assert liaison.get(f"/documents/{agreement['id']}").status_code == 404


def test_lists_are_newest_first_and_keyset_paginated(world, api):
    ids = [world.case("filed") for _ in range(5)]
    staff = api(world.staff)
    first = staff.get("/cases?limit=2").get_json()
    second = staff.get(f"/cases?limit=2&cursor={first['next_cursor']}").get_json()
    third = staff.get(f"/cases?limit=2&cursor={second['next_cursor']}").get_json()
    seen = [c["id"] for page in (first, second, third) for c in page["items"]]
    assert seen == sorted(ids, reverse=True) and third["next_cursor"] is None
    assert staff.get("/cases?state=settled").get_json()["items"] == []
    for bad in ("state=lost", "cursor=abc", "limit=0", "limit=1000"):
        assert staff.get(f"/cases?{bad}").status_code == 422


def test_a_mediator_lists_only_assigned_cases(world, api):
    mine = world.case("assigned")
    world.case("filed")
    listed = [c["id"] for c in api(world.mediator).get("/cases").get_json()["items"]]
    assert listed == [mine]
    assert api(world.other_mediator).get("/cases").get_json()["items"] == []


def test_tokens_authenticate_until_revoked(world, client, api):
    assert client.get("/api/v1/me").status_code == 401
    assert (
        client.post("/api/v1/tokens", json={"email": world.staff.email, "password": "wrong"}).status_code
        == 401
    )
    staff = api(world.staff)
    me = staff.get("/me").get_json()
    assert (me["role"], me["email"]) == ("staff", world.staff.email)
    assert staff.call("DELETE", "/tokens/current").status_code == 204
    response = staff.get("/me")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthenticated"


def test_roster_and_totals_are_for_staff(world, api):
    roster = api(world.staff).get("/mediators").get_json()
    assert {m["id"] for m in roster} == {
        world.mediator.id,
        world.other_mediator.id,
        world.conflicted_mediator.id,
    }
    assert api(world.mediator).get("/mediators").status_code == 403
    assert api(world.applicant).get("/totals").status_code == 403


@pytest.mark.parametrize("state", list(PATHS))
def test_allowed_triggers_follow_the_state_for_staff(world, api, state):
    case = api(world.staff).get(f"/cases/{world.case(state)}").get_json()
    expected = {
        "filed": ["assign", "reject", "withdraw"],
        "assigned": ["decline_mediation", "reassign", "refer_to_court", "withdraw"],
        "mediated": ["reassign", "refer_to_court", "withdraw"],
    }.get(state, [])
    assert case["state"] == state and case["allowed_triggers"] == expected


def test_a_filing_retried_with_the_same_idempotency_key_files_one_case(world, api):
    staff = api(world.staff)
    headers = {"Idempotency-Key": "retry-0001-abcdef"}
    first = staff.post("/cases", json=world.filing(), headers=headers)
    retry = staff.post("/cases", json=world.filing(), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert first.get_json()["id"] == retry.get_json()["id"]
    assert len(staff.get("/cases").get_json()["items"]) == 1
    other = staff.post("/cases", json=world.filing(), headers={"Idempotency-Key": "retry-0002-abcdef"})
    assert other.get_json()["id"] != first.get_json()["id"]
    bad = staff.post("/cases", json=world.filing(), headers={"Idempotency-Key": "x y"})
    assert bad.status_code == 422 and "Idempotency-Key" in bad.get_json()["error"]["fields"]


# Staff give a party's service address, issue its service certificate and record postal service.
STAFF_SERVICE = {"give_service_address", "issue_service_certificate", "record_postal_service"}
# A party's own users and staff appoint and revoke its agents while the case is open.
AGENTS = {"appoint_agent", "revoke_agent"}


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        (
            "filed",
            "staff",
            {"assign", "reject", "withdraw", "upload_evidence", "correct_document", "produce_document_again"}
            | STAFF_SERVICE
            | AGENTS,
        ),
        ("filed", "applicant", {"withdraw", "upload_evidence", "give_service_address"} | AGENTS),
        ("filed", "respondent", {"upload_evidence", "give_service_address"} | AGENTS),
        (
            "assigned",
            "respondent",
            {
                "decline_mediation",
                "record_consent",
                "request_recusal",
                "upload_evidence",
                "give_service_address",
            }
            | AGENTS,
        ),
        (
            "mediated",
            "mediator",
            {
                "record_agreement",
                "refer_to_court",
                "upload_evidence",
                "schedule_session",
                "correct_document",
            },
        ),
        ("settled", "applicant", {"answer_survey", "give_service_address"}),
        (
            "settled",
            "mediator",
            {"record_payment", "record_visit", "correct_document", "apply_for_confirmation"},
        ),
    ],
)
def test_allowed_actions_name_everything_the_caller_may_do_now(world, api, state, role, expected):
    case = api(getattr(world, role)).get(f"/cases/{world.case(state)}").get_json()
    assert set(case["allowed_actions"]) == expected
    assert case["allowed_triggers"] == [a for a in case["allowed_actions"] if a in TRIGGERS]
