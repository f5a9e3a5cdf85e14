"""The mediator assigned to a group's members records their agreements at once: one
set of terms, each member its own amount and instalments, each through the case's own
``record_agreement``; all or none, numbered in the order listed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from mediation_app import storage
from mediation_app.documents.capitals import amount_in_capitals as capitals
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.types import utcnow
from tests.groups.support import agreements, in_mediation
from tests.pdf import pdf_text
from workflows.deadlines import local_date


@pytest.fixture
def deadline() -> str:
    return (local_date(utcnow()) + timedelta(days=30)).isoformat()


def _record(api, person, group, body):
    return api(person).post(f"/case-groups/{group['id']}/agreements", json=body)


def _agreement_numbers(case_ids) -> list[str]:
    numbers = dict(
        db.session.execute(
            select(Document.case_id, Document.number).where(
                Document.case_id.in_(case_ids), Document.kind == "agreement"
            )
        ).all()
    )
    return [numbers.get(case_id) for case_id in case_ids]


def test_each_member_gets_its_own_agreement_numbered_in_order(app, world, api, deadline):
    group = in_mediation(world, api, 3)
    answer = _record(api, world.mediator, group, agreements(group, deadline))
    assert answer.status_code == 201, answer.get_json()
    recorded = answer.get_json()["agreements"]
    case_ids = [m["case_id"] for m in group["members"]]
    assert [a["case_id"] for a in recorded] == case_ids
    assert [a["agreed_amount"] for a in recorded] == ["9000.45", "18000.45", "27000.45"]
    for member in group["members"]:
        case = api(world.mediator).get(f"/cases/{member['case_id']}").get_json()
        assert case["state"] == "mediated" and case["agreed_amount"] is not None
    with app.app_context():
        numbers = _agreement_numbers(case_ids)
    assert numbers == [f"({local_date(utcnow()).year})测商调协字第{n:04d}号" for n in (1, 2, 3)]
    shown = api(world.mediator).get(f"/case-groups/{group['id']}").get_json()
    assert [m["agreed_amount"] for m in shown["members"]] == ["9000.45", "18000.45", "27000.45"]


def test_one_bad_member_refuses_the_batch_and_names_every_bad_field(app, world, api, deadline):
    group = in_mediation(world, api, 3)
    body = agreements(
        group,
        deadline,
        {
            0: {"agreed_amount": "12.345"},
            2: {"agreed_amount": "99999.00", "instalments": None},  # above its claim, unexplained
        },
    )
    answer = _record(api, world.mediator, group, body)
    assert answer.status_code == 422
    fields = answer.get_json()["error"]["fields"]
    assert set(fields) == {"members.0.agreed_amount"}  # the schema refuses before any member is fired
    body["members"][0]["agreed_amount"] = "100.00"  # no longer what its instalments add up to
    answer = _record(api, world.mediator, group, body)
    assert answer.status_code == 422
    fields = answer.get_json()["error"]["fields"]
    assert set(fields) == {"members.0.instalments", "members.2.over_claim_reason"}, fields
    with app.app_context():
        assert _agreement_numbers([m["case_id"] for m in group["members"]]) == [None, None, None]
    members = api(world.mediator).get(f"/case-groups/{group['id']}").get_json()["members"]
    assert [m["agreed_amount"] for m in members] == [None, None, None]
    assert [m["version"] for m in members] == [m["version"] for m in group["members"]]


def test_instalments_that_do_not_add_up_are_the_members_own_error(world, api, deadline):
    group = in_mediation(world, api, 2)
    body = agreements(group, deadline, {1: {"instalments": [{"amount": "1.00", "due_on": deadline}]}})
    answer = _record(api, world.mediator, group, body)
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"members.1.instalments"}


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("applicant", 403), ("respondent", 403), ("liaison", 403), ("other_mediator", 404)],
)
def test_only_the_assigned_mediator_records_them(world, api, deadline, who, status):
    group = in_mediation(world, api, 2)
    answer = _record(api, getattr(world, who), group, agreements(group, deadline))
    assert answer.status_code == status
    members = api(world.staff).get(f"/case-groups/{group['id']}").get_json()["members"]
    assert {m["agreed_amount"] for m in members} == {None}


def test_a_member_assigned_to_another_mediator_is_refused(app, world, api, deadline):
    group = in_mediation(world, api, 3)
    moved = group["members"][1]
    with app.app_context():
        world.fire(moved["case_id"], "reassign")  # to the other mediator
    body = agreements(group, deadline)
    answer = _record(api, world.mediator, group, body)
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"members.1.case_id"}


def test_a_retry_with_the_same_key_records_once(app, world, api, deadline):
    group = in_mediation(world, api, 2)
    body, headers = agreements(group, deadline), {"Idempotency-Key": "group-agreements-0001"}
    first = api(world.mediator).post(f"/case-groups/{group['id']}/agreements", json=body, headers=headers)
    again = api(world.mediator).post(f"/case-groups/{group['id']}/agreements", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    with app.app_context():
        assert len(db.session.scalars(select(Document.id).where(Document.kind == "agreement")).all()) == 2


def _page_form(group, deadline, amounts: dict[int, str], **common) -> dict:
    """The page's form with the members at ``amounts`` (index -> amount) ticked."""
    data = {
        "terms": "被申请人按期付清货款。\n申请人放弃其余诉讼请求。",
        "performance_deadline": deadline,
        "payment_method": "bank_transfer",
        "confirm": "y",
        **common,
    }
    for index, member in enumerate(group["members"]):
        data |= {f"members-{index}-case_id": member["case_id"], f"members-{index}-version": member["version"]}
        if index in amounts:
            data |= {f"members-{index}-selected": "y", f"members-{index}-agreed_amount": amounts[index]}
    return data


def test_the_page_records_the_members_ticked(app, world, api, browser, deadline):
    group = in_mediation(world, api, 3)
    mediator = browser(world.mediator)
    mediator.post("/lang/en")
    url = f"/case-groups/{group['id']}/agreements"
    assert url in mediator.get(f"/case-groups/{group['id']}").get_data(as_text=True)
    page = mediator.get(url).get_data(as_text=True)
    assert all(m["number"] in page for m in group["members"])
    refused = mediator.post(url, data=_page_form(group, deadline, {0: "9,000.00", 2: "abc"}))
    assert refused.status_code == 422
    assert "Line 3: " in refused.get_data(as_text=True)
    unconfirmed = mediator.post(url, data=_page_form(group, deadline, {0: "9,000.00"}, confirm=""))
    assert unconfirmed.status_code == 422
    done = mediator.post(url, data=_page_form(group, deadline, {0: "9,000.00", 2: "27000.00"}))
    assert done.status_code == 302, done.get_data(as_text=True)
    members = api(world.mediator).get(f"/case-groups/{group['id']}").get_json()["members"]
    assert [m["agreed_amount"] for m in members] == ["9000.00", None, "27000.00"]


@pytest.mark.parametrize(("who", "status"), [("staff", 403), ("applicant", 403), ("other_mediator", 404)])
def test_the_page_is_refused_to_others(world, api, browser, deadline, who, status):
    group = in_mediation(world, api, 2)
    url = f"/case-groups/{group['id']}/agreements"
    person = browser(getattr(world, who))
    assert person.get(url).status_code == status
    assert person.post(url, data=_page_form(group, deadline, {0: "100.00"})).status_code == status
    members = api(world.staff).get(f"/case-groups/{group['id']}").get_json()["members"]
    assert {m["agreed_amount"] for m in members} == {None}


def test_fifty_members_settled_with_one_template_each_read_back(app, world, api, deadline, request):
    """Each of the 50 agreements, rendered by the documents' jobs and read back, states its
    own parties, amount (figures and capitals), instalments and consecutive number."""
    # 50 PDFs rendered once (SQLite) is the point; on PostgreSQL a few are read back
    size = 5 if "postgresql" in request.node.callspec.id else 50
    group = in_mediation(world, api, size)
    answer = _record(api, world.mediator, group, agreements(group, deadline))
    assert answer.status_code == 201, answer.get_json()
    year = local_date(utcnow()).year
    with app.app_context():
        for serial, member in enumerate(group["members"], start=1):
            document = db.session.scalars(
                select(Document).where(Document.case_id == member["case_id"], Document.kind == "agreement")
            ).one()
            assert document.number == f"({year})测商调协字第{serial:04d}号"
            text = pdf_text(storage.documents.path_of(document.storage_name).read_bytes())
            amount = Decimal(member["claim_amount"]) * Decimal("0.9")
            amount = amount.quantize(Decimal("0.01"))
            first = (amount / 2).quantize(Decimal("0.01"))
            for expected in (
                document.number,
                member["number"],
                member["applicant"]["name"],
                member["respondent"]["name"],
                member["respondent"]["uscc"],
                f"{amount:,}",
                capitals(amount),
                f"{first:,}",
                f"{amount - first:,}",
                "被申请人按期付清货款。",
            ):
                assert expected in text, (serial, expected)


def test_a_member_agreed_above_its_claim_needs_its_reason_on_the_page(app, world, api, browser, deadline):
    group = in_mediation(world, api, 2)  # the first member claims 10000.50
    mediator = browser(world.mediator)
    mediator.post("/lang/en")
    url = f"/case-groups/{group['id']}/agreements"
    assert "Above the claim?" in mediator.get(url).get_data(as_text=True)
    above = _page_form(group, deadline, {0: "12000.00"})
    refused = mediator.post(url, data=above)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Line 1: " in page and '<details class="over-claim" open>' in page
    reasons = {"members-0-over_claim_reason": "含违约金及律师费", "members-0-over_claim_confirmed": "y"}
    done = mediator.post(url, data=above | reasons)
    assert done.status_code == 302, done.get_data(as_text=True)
    members = api(world.mediator).get(f"/case-groups/{group['id']}").get_json()["members"]
    assert [m["agreed_amount"] for m in members] == ["12000.00", None]
