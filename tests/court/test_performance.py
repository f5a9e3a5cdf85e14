"""Performance follow-up (履行回访): instalments from the agreement, payments and visits,
the performed amount in the totals, and the default flag with its notice."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest

from mediation_app.cases.queries import instalments_of
from mediation_app.court.operations import record_payment, send_court_reminders
from mediation_app.court.queries import cases_in_default, performance_of
from mediation_app.errors import StaleCase, ValidationFailed
from mediation_app.extensions import db
from mediation_app.reporting.queries import totals, totals_differences
from mediation_app.types import utcnow
from tests.court.conftest import in_days, today


def _instalments(*pairs):
    return [{"amount": amount, "due_on": due_on} for amount, due_on in pairs]


def test_settling_with_instalments_stores_them_in_due_order(world, api, court):
    case_id = court.case("mediated")
    plan = _instalments(("300000.00", in_days(20)), ("200000.00", in_days(10)))
    response = api(world.mediator).fire(
        case_id, "record_agreement", **world.trigger_data("record_agreement"), instalments=plan
    )
    assert response.status_code == 200, response.get_json()
    with world.app.app_context():
        stored = [(i.sequence, i.amount, i.due_on.isoformat()) for i in instalments_of(world.load(case_id))]
    assert stored == [(1, Decimal("200000.00"), in_days(10)), (2, Decimal("300000.00"), in_days(20))]
    settle = next(
        e
        for e in api(world.mediator).get(f"/cases/{case_id}/events").get_json()
        if e["action"] == "record_agreement"
    )
    assert settle["data"]["instalments"] == [
        {"amount": "200000.00", "due_on": in_days(10)},
        {"amount": "300000.00", "due_on": in_days(20)},
    ]


def test_without_instalments_the_whole_amount_is_due_on_the_performance_deadline(world, court):
    case_id = court.settled()
    with world.app.app_context():
        (only,) = instalments_of(world.load(case_id))
        assert (only.amount, only.due_on.isoformat()) == (Decimal("500000.00"), in_days(30))


@pytest.mark.parametrize(
    "plan",
    [
        _instalments(("250000.00", in_days(5)), ("200000.00", in_days(6))),  # short of the agreed amount
        _instalments(("500000.00", in_days(31))),  # after the performance deadline
        _instalments(("500000.00", in_days(-1))),  # already past
        _instalments(("-500000.00", in_days(5))),
        _instalments(("500000", "next week")),
        [{"amount": 500000, "due_on": in_days(5)}],  # a JSON number for money
        ["500000.00"],
        "500000.00",
    ],
)
def test_bad_instalments_are_refused_and_change_nothing(world, api, court, plan):
    case_id = court.case("mediated")
    mediator = api(world.mediator)
    response = mediator.fire(
        case_id, "record_agreement", **world.trigger_data("record_agreement"), instalments=plan
    )
    fields = response.get_json()["error"]["fields"]
    assert response.status_code == 422 and any(f.split(".")[0] == "instalments" for f in fields), fields
    assert mediator.get(f"/cases/{case_id}").get_json()["state"] == "mediated"
    with world.app.app_context():
        assert instalments_of(world.load(case_id)) == []


def test_instalment_due_dates_at_their_boundaries_are_accepted(world, api, court):
    case_id = court.case("mediated")
    plan = _instalments(("1.00", in_days(0)), ("499999.00", in_days(30)))  # today, and the deadline itself
    response = api(world.mediator).fire(
        case_id, "record_agreement", **world.trigger_data("record_agreement"), instalments=plan
    )
    assert response.status_code == 200, response.get_json()


def test_a_payment_adds_to_the_performed_amount_of_the_centre_and_the_court(world, api, court):
    case_id = court.settled()
    response = api(world.mediator).post(
        f"/cases/{case_id}/payments", json={"amount": "120000.50", "paid_on": in_days(0), "note": "银行转账"}
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["amount"] == "120000.50"
    staff_payment = api(world.staff).post(
        f"/cases/{case_id}/payments", json={"amount": "0.50", "paid_on": in_days(0)}
    )
    assert staff_payment.status_code == 201
    with world.app.app_context():
        assert totals(world.centre_id).performed_amount == Decimal("120001.00")
        assert totals(None, court_id=world.court).performed_amount == Decimal("120001.00")
        assert totals_differences(world.centre_id) == []
    performance = api(world.liaison).get(f"/cases/{case_id}/performance").get_json()
    assert (performance["paid"], performance["owed"], performance["in_default"]) == (
        "120001.00",
        "379999.00",
        False,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "-1", "paid_on": in_days(0)}, "amount"),
        ({"amount": "0", "paid_on": in_days(0)}, "amount"),
        ({"amount": 100, "paid_on": in_days(0)}, "amount"),
        ({"amount": "500000.01", "paid_on": in_days(0)}, "amount"),  # more than still owed
        ({"amount": "100.00", "paid_on": in_days(1)}, "paid_on"),  # tomorrow
        ({"amount": "100.00", "paid_on": in_days(-1)}, "paid_on"),  # before the settlement
        ({"amount": "100.00", "paid_on": "yesterday"}, "paid_on"),
        ({"amount": "100.00", "paid_on": in_days(0), "note": "a\x00b"}, "note"),
    ],
)
def test_bad_payments_are_refused_and_change_nothing(world, api, court, body, field):
    case_id = court.settled()
    response = api(world.mediator).post(f"/cases/{case_id}/payments", json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"], (
        response.get_json()
    )
    with world.app.app_context():
        assert totals(world.centre_id).performed_amount == Decimal("0.00")
    assert api(world.staff).get(f"/cases/{case_id}/performance").get_json()["payments"] == []


def test_a_payment_of_exactly_what_is_owed_is_accepted_and_then_nothing_more(world, api, court):
    case_id = court.settled()
    mediator = api(world.mediator)
    assert (
        mediator.post(
            f"/cases/{case_id}/payments", json={"amount": "499999.99", "paid_on": in_days(0)}
        ).status_code
        == 201
    )
    assert (
        mediator.post(
            f"/cases/{case_id}/payments", json={"amount": "0.01", "paid_on": in_days(0)}
        ).status_code
        == 201
    )
    again = mediator.post(f"/cases/{case_id}/payments", json={"amount": "0.01", "paid_on": in_days(0)})
    assert again.status_code == 422 and "0.00" in again.get_json()["error"]["fields"]["amount"]


def test_who_may_record_payments_and_visits(world, api, court):
    settled, mediated = court.settled(), court.case("mediated")
    body = {"amount": "1.00", "paid_on": in_days(0)}
    for person, status in (
        (world.applicant, 403),
        (world.liaison, 403),
        (world.other_liaison, 404),
        (world.other_mediator, 404),
        (world.outsider, 404),
    ):
        assert api(person).post(f"/cases/{settled}/payments", json=body).status_code == status
        assert api(person).post(f"/cases/{settled}/follow-up-visits", json={}).status_code == status
    assert api(world.staff).post(f"/cases/{mediated}/payments", json=body).status_code == 409


def test_follow_up_visits_are_recorded_with_a_note_and_a_past_date(world, api, court):
    case_id = court.settled()
    mediator = api(world.mediator)
    bad = mediator.post(f"/cases/{case_id}/follow-up-visits", json={"visited_on": in_days(1), "note": ""})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"visited_on", "note"}
    good = mediator.post(
        f"/cases/{case_id}/follow-up-visits",
        json={"visited_on": in_days(0), "note": "电话回访，对方承诺月底付款。"},
    )
    assert good.status_code == 201, good.get_json()
    visits = api(world.applicant).get(f"/cases/{case_id}/performance").get_json()["visits"]
    assert [v["note"] for v in visits] == ["电话回访，对方承诺月底付款。"]


def test_an_instalment_is_overdue_from_the_day_after_its_due_date(world, api, court):
    plan = _instalments(("200000.00", in_days(10)), ("300000.00", in_days(20)))
    case_id = court.settled(instalments=plan)
    due = today() + timedelta(days=10)
    with world.app.app_context():
        case = world.load(case_id)
        assert not performance_of(case, due).in_default
        assert cases_in_default(due) == []
        late = performance_of(case, due + timedelta(days=1))
        assert late.in_default and late.overdue_amount == Decimal("200000.00")
        assert [c.id for c in cases_in_default(due + timedelta(days=1))] == [case_id]
    # A part payment leaves the rest of the instalment in arrears; paying it in full clears it.
    mediator = api(world.mediator)
    mediator.post(f"/cases/{case_id}/payments", json={"amount": "150000.00", "paid_on": in_days(0)})
    with world.app.app_context():
        assert performance_of(world.load(case_id), due + timedelta(days=1)).overdue_amount == Decimal(
            "50000.00"
        )
        assert [c.id for c in cases_in_default(due + timedelta(days=1))] == [case_id]
    mediator.post(f"/cases/{case_id}/payments", json={"amount": "50000.00", "paid_on": in_days(0)})
    with world.app.app_context():
        assert not performance_of(world.load(case_id), due + timedelta(days=1)).in_default
        assert cases_in_default(due + timedelta(days=1)) == []


def test_default_tells_the_applicant_once_that_it_may_sue(world, court):
    case_id = court.settled(instalments=_instalments(("500000.00", in_days(3))))
    after_due = utcnow() + timedelta(days=4)
    with world.app.app_context():
        assert send_court_reminders(utcnow() + timedelta(days=3)) == 0
        assert send_court_reminders(after_due) == 1
        assert send_court_reminders(after_due) == 0
    (notice,) = court.outbox("performance_default")
    assert notice.recipient == world.applicant.email and notice.case_id == case_id
    assert "提起诉讼" in notice.body and "强制执行" not in notice.body


def test_concurrent_payments_of_the_whole_amount_leave_exactly_one(world, court):
    case_id = court.settled()
    barrier, outcomes = threading.Barrier(5), []

    def pay():
        with world.app.app_context():
            barrier.wait()
            try:
                record_payment(world.mediator.user(), case_id, {"amount": "500000.00", "paid_on": in_days(0)})
                outcomes.append("ok")
            except StaleCase:
                outcomes.append("stale")
            except ValidationFailed:
                outcomes.append("nothing owed")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=pay) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and len(outcomes) == 5
    with world.app.app_context():
        assert totals(world.centre_id).performed_amount == Decimal("500000.00")
        assert totals_differences(world.centre_id) == []
