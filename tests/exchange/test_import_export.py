"""The court exchange format: a court's cases out (one, or a period in pages) and
delegated cases in (all or nothing, once per court case number)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.types import utcnow
from tests.exchange.conftest import COURT_NUMBER, delegated
from workflows.deadlines import local_date

BATCH = "court-exchange/1"


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case))


def test_a_settled_court_case_exports_with_its_outcome_and_documents(world, api):
    case_id = world.case("settled", source="court_delegated", court_case_number=COURT_NUMBER.format(n=1))
    exported = api(world.liaison).get(f"/court-exchange/cases/{case_id}")
    assert exported.status_code == 200
    body = exported.get_json()
    assert body["format"] == BATCH
    assert body["court"] == {"code": "苏0621", "name": "海安市人民法院"}
    assert (body["court_case_number"], body["claim_amount"]) == (COURT_NUMBER.format(n=1), "580000.00")
    outcome = body["outcome"]
    assert (outcome["state"], outcome["agreed_amount"], outcome["performed_amount"]) == (
        "settled",
        "500000.00",
        "0.00",
    )
    today = local_date(utcnow()).isoformat()
    assert outcome["accepted_on"] == outcome["concluded_on"] == outcome["agreement_effective_on"] == today


@pytest.mark.with_documents
def test_the_exported_documents_carry_the_hashes_of_the_files(world, api):
    case_id = world.case("assigned", source="court_delegated", court_case_number=COURT_NUMBER.format(n=2))
    liaison = api(world.liaison)
    documents = liaison.get(f"/court-exchange/cases/{case_id}").get_json()["documents"]
    listed = liaison.get(f"/cases/{case_id}/documents").get_json()
    assert documents and {(d["kind"], d["sha256"]) for d in documents} <= {
        (d["kind"], d["sha256"]) for d in listed
    }


def test_only_the_courts_liaisons_and_staff_export_a_court_case(world, api):
    case_id = world.case("filed", source="court_delegated", court_case_number=COURT_NUMBER.format(n=3))
    direct_id = world.case("filed")
    expected = {"staff": 200, "liaison": 200, "other_liaison": 404, "applicant": 403, "mediator": 403}
    for name, status in expected.items():
        assert api(getattr(world, name)).get(f"/court-exchange/cases/{case_id}").status_code == status
    assert api(world.staff).get(f"/court-exchange/cases/{direct_id}").status_code == 404  # no court's


def test_a_period_of_a_courts_cases_comes_in_pages(world, api):
    ids = [
        world.case("filed", source="court_delegated", court_case_number=COURT_NUMBER.format(n=n))
        for n in range(10, 13)
    ]
    world.case("filed")  # a direct case: no court's
    liaison, today = api(world.liaison), local_date(utcnow())
    query = f"/court-exchange/cases?court=苏0621&from={today}&to={today}&limit=2"
    first = liaison.get(query).get_json()
    rest = liaison.get(f"{query}&cursor={first['next_cursor']}").get_json()
    numbers = [c["court_case_number"] for c in first["items"] + rest["items"]]
    assert numbers == [COURT_NUMBER.format(n=n) for n in range(10, 13)] and rest["next_cursor"] is None
    tomorrow = today + timedelta(days=1)
    assert liaison.get(f"/court-exchange/cases?court=苏0621&from={tomorrow}").get_json()["items"] == []
    assert len(ids) == 3


@pytest.mark.parametrize(
    ("who", "court", "status"),
    [("other_liaison", "苏0621", 422), ("liaison", "苏9999", 422), ("staff", "苏0682", 200)],
)
def test_a_liaison_exports_only_its_own_court(world, api, who, court, status):
    assert api(getattr(world, who)).get(f"/court-exchange/cases?court={court}").status_code == status


def test_an_import_files_every_case_once(app, world, api):
    liaison = api(world.liaison)
    batch = {"format": BATCH, "cases": [delegated(20), delegated(21, claim_amount="1000.50")]}
    first = liaison.post("/court-exchange/cases", json=batch)
    assert first.status_code == 201
    items = first.get_json()["items"]
    assert [(i["index"], i["created"]) for i in items] == [(0, True), (1, True)]
    again = liaison.post("/court-exchange/cases", json=batch)
    assert again.status_code == 201
    assert [(i["case_id"], i["created"]) for i in again.get_json()["items"]] == [
        (i["case_id"], False) for i in items
    ]
    assert _count(app) == 2
    case = liaison.get(f"/cases/{items[1]['case_id']}").get_json()
    assert (case["source"], case["claim_amount"], case["state"]) == ("court_delegated", "1000.50", "filed")


def test_an_exported_case_imports_as_itself(world, api):
    case_id = world.case("filed", source="court_delegated", court_case_number=COURT_NUMBER.format(n=22))
    liaison = api(world.liaison)
    exported = liaison.get(f"/court-exchange/cases/{case_id}").get_json()
    answer = liaison.post("/court-exchange/cases", json={"format": BATCH, "cases": [exported]})
    assert answer.status_code == 201 and answer.get_json()["items"][0] == {
        "index": 0,
        "case_id": case_id,
        "centre_case_number": exported["centre_case_number"],
        "court_case_number": exported["court_case_number"],
        "created": False,
    }


def test_one_bad_case_imports_nothing_and_is_named_by_index(app, world, api):
    """Each case passes the case's own filing rules; their refusals come together."""
    same_party = {"name": "海安华达锦纶有限公司", "uscc": world.respondent_uscc}
    foreign = "(2026)苏0682民诉前调1号"  # of the other court
    batch = {
        "format": BATCH,
        "cases": [
            delegated(30),
            delegated(31, applicant=same_party),
            delegated(32, court_case_number=foreign),
        ],
    }
    answer = api(world.liaison).post("/court-exchange/cases", json=batch)
    assert answer.status_code == 422
    fields = answer.get_json()["error"]["fields"]
    assert set(fields) == {"cases.1.respondent.uscc", "cases.2.court_case_number"}
    assert _count(app) == 0


def test_a_different_payload_for_an_imported_number_is_a_conflict(app, world, api):
    liaison = api(world.liaison)
    assert (
        liaison.post("/court-exchange/cases", json={"format": BATCH, "cases": [delegated(40)]}).status_code
        == 201
    )
    changed = {"format": BATCH, "cases": [delegated(41), delegated(40, claim_amount="1.00")]}
    answer = liaison.post("/court-exchange/cases", json=changed)
    assert answer.status_code == 409
    assert set(answer.get_json()["error"]["fields"]) == {"cases.1.court_case_number"}
    assert _count(app) == 1  # the new case in the batch went with it


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"format": "court-exchange/2", "cases": [delegated(50)]},
        {"format": BATCH, "cases": []},
        {"format": BATCH, "cases": "x"},
        {"format": BATCH, "cases": [delegated(51, claim_amount=580000)]},  # money is a string
    ],
)
def test_a_malformed_batch_is_refused(app, world, api, body):
    assert api(world.staff).post("/court-exchange/cases", json=body).status_code == 422
    assert _count(app) == 0


def test_the_format_publishes_its_json_schema(world, api):
    schema = api(world.liaison).get("/court-exchange/schema.json").get_json()
    assert schema["$id"] == BATCH
    assert set(schema["$defs"]) == {"ImportBatch", "ExchangeCase", "WebhookEvent"}
