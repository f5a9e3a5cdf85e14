"""``bulk.insert_rows`` on each backend: rows read back as the ORM wrote them (money
exact, defaults filled), and the ids come back in the rows' order."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from mediation_app.bulk import insert_rows
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.cases.timeline import HASHED, digest, event_seal, event_values
from mediation_app.court.models import Payment
from mediation_app.extensions import db

AMOUNTS = [Decimal("0.01"), Decimal("123456789012.34"), Decimal("19.90")]


def test_rows_come_back_exact_with_their_ids_in_order_and_their_defaults(world, ctx):
    case_id = world.case("settled")
    recorder = world.staff.user()
    rows = [
        {"case_id": case_id, "amount": amount, "paid_on": date(2026, 1, 1 + n), "recorded_by_id": recorder.id}
        for n, amount in enumerate(AMOUNTS)
    ]
    ids = insert_rows(Payment.__table__, rows, return_ids=True)
    db.session.commit()
    payments = {p.id: p for p in db.session.scalars(select(Payment))}
    assert [(payments[i].amount, payments[i].paid_on.day) for i in ids] == [
        (amount, 1 + n) for n, amount in enumerate(AMOUNTS)
    ]
    assert {payments[i].note for i in ids} == {""}  # a Python-side default, filled in
    assert all(payments[i].created_at.tzinfo is not None for i in ids)


def test_json_columns_and_enums_read_back_as_written(world, ctx):
    case = db.session.get(Case, world.case("filed"))
    data = {"file": "台账.xlsx", "row": 7, "note": "“引号”与\\t制表符"}
    filed = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).one()
    row = event_values(case, world.staff.user(), "note", prev_hash=filed.hash, to_state=case.state, data=data)
    insert_rows(CaseEvent.__table__, [row])
    db.session.commit()
    events = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id)).all()
    assert [(e.action, e.data, e.to_state) for e in events][-1] == ("note", data, "filed")
    last = events[-1]  # the hash covers exactly what was stored, and is sealed
    assert last.hash == digest(last.prev_hash, {name: getattr(last, name) for name in HASHED})
    assert last.seal == event_seal(last.hash)


def test_no_rows_is_nothing_to_do(ctx):
    assert insert_rows(Payment.__table__, [], return_ids=True) == []
