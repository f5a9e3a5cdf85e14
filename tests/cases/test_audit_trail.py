"""The audit trail holds end to end: tamper trials on a real case's timeline, each
found by ``verify_case`` (and ``flask audit verify``) at the entry where it was made;
the API says ``timeline_verified`` and the case page warns."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from mediation_app.cases.audit import verify_case
from mediation_app.cases.models import CaseEvent, ChainHead
from mediation_app.cases.timeline import GENESIS, HASHED, digest, event_seal
from mediation_app.extensions import db


@pytest.fixture
def chain(world, ctx):
    """A settled case (at least four entries) beside another case; the entries' ids."""
    case_id = world.case("settled")
    world.case("filed")
    ids = db.session.scalars(
        select(CaseEvent.id).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
    ).all()
    assert len(ids) >= 4 and verify_case(case_id) is None
    return case_id, ids


def _set(event_id: int, **values) -> None:
    db.session.execute(update(CaseEvent).where(CaseEvent.id == event_id).values(**values))
    db.session.commit()


def _rehash_from(case_id: int, first_id: int, *, head: bool = True) -> None:
    """What someone with the database but not the key does after editing: recompute
    every hash from ``first_id`` on with the public algorithm, and the head's."""
    entries = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
    ).all()
    prev_hash = GENESIS
    for entry in entries:
        if entry.id >= first_id:
            entry.prev_hash = prev_hash
            entry.hash = digest(prev_hash, {name: getattr(entry, name) for name in HASHED})
            db.session.flush()  # one at a time: the chain's hashes are unique
        prev_hash = entry.hash
    if head:
        db.session.execute(
            update(ChainHead).where(ChainHead.case_id == case_id).values(hash=prev_hash, count=len(entries))
        )
    db.session.commit()


EDITS = {
    "actor_id": lambda e: None,
    "action": lambda e: "reject",
    "from_state": lambda e: "rejected",  # states no entry of a settled case has
    "to_state": lambda e: "withdrawn",
    "data": lambda e: {**e.data, "forged": True},
    "remote_addr": lambda e: "203.0.113.9",
    "created_at": lambda e: e.created_at - timedelta(days=30),
}


@pytest.mark.parametrize("field", sorted(EDITS))
def test_an_edited_field_is_found_at_its_entry(chain, field):
    case_id, ids = chain
    entry = db.session.get(CaseEvent, ids[2])
    _set(entry.id, **{field: EDITS[field](entry)})
    found = verify_case(case_id)
    assert found.event_id == ids[2] and "edited" in found.reason


@pytest.mark.parametrize("field", sorted(EDITS))
def test_an_edit_re_hashed_with_the_public_algorithm_is_found_at_its_entry(chain, field):
    case_id, ids = chain
    entry = db.session.get(CaseEvent, ids[1])
    _set(entry.id, **{field: EDITS[field](entry)})
    _rehash_from(case_id, ids[1])
    found = verify_case(case_id)
    assert found.event_id == ids[1] and "seal" in found.reason


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_a_deleted_entry_is_found_where_it_was(chain, position):
    case_id, ids = chain
    index = {"first": 0, "middle": 2, "last": len(ids) - 1}[position]
    db.session.execute(delete(CaseEvent).where(CaseEvent.id == ids[index]))
    db.session.commit()
    found = verify_case(case_id)
    if position == "last":
        assert (
            found.event_id is None
            and found.reason == f"1 of its {len(ids)} entries are missing after event {ids[-2]}"
        )
    else:
        assert found.event_id == ids[index + 1] and "does not follow" in found.reason


def test_a_deleted_tail_with_its_head_rewritten_is_found(chain):
    case_id, ids = chain
    db.session.execute(delete(CaseEvent).where(CaseEvent.id == ids[-1]))
    _rehash_from(case_id, ids[-1])  # the head now names the new last entry
    found = verify_case(case_id)
    assert found.event_id is None and "head's seal" in found.reason


def test_an_inserted_entry_is_found(chain):
    case_id, ids = chain
    last = db.session.get(CaseEvent, ids[-1])
    fields = {name: getattr(last, name) for name in HASHED} | {"action": "settle", "data": {"forged": True}}
    forged = CaseEvent(**fields, prev_hash=last.hash, hash=digest(last.hash, fields), seal="0" * 64)
    db.session.add(forged)
    db.session.commit()
    _rehash_from(case_id, forged.id)
    found = verify_case(case_id)
    assert found.event_id == forged.id and "seal" in found.reason


def test_two_entries_swapped_are_found_at_the_first(chain):
    case_id, ids = chain
    first, second = (db.session.get(CaseEvent, i) for i in ids[1:3])
    swapped = [
        {name: getattr(entry, name) for name in (*HASHED, "prev_hash", "hash", "seal")}
        for entry in (second, first)
    ]
    _set(first.id, hash="x" * 64, prev_hash="x" * 64)  # out of the way of the unique hashes
    for entry, values in zip((second, first), swapped[::-1], strict=True):
        _set(entry.id, **values)
    found = verify_case(case_id)
    assert found.event_id == ids[1] and "does not follow" in found.reason


def test_the_command_and_the_api_and_the_page_say_so(app, world, api, browser):
    case_id = world.case("settled")
    world.case("filed")
    with app.app_context():
        ids = db.session.scalars(
            select(CaseEvent.id).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        ).all()
    party, staff = api(world.applicant), api(world.staff)  # tokens first: the pages log in by cookie
    runner = app.test_cli_runner()
    intact = runner.invoke(args=["audit", "verify"])
    assert intact.exit_code == 0 and "2 chain(s) checked, 0 broken" in intact.output
    assert party.get(f"/cases/{case_id}").get_json()["timeline_verified"] is True
    page = browser(world.applicant).get(f"/cases/{case_id}").get_data(as_text=True)
    assert "审计记录未能通过校验" not in page

    with app.app_context():
        _set(ids[2], data={"claim_amount": "1.00"})
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert f"case {case_id}: event {ids[2]}: its content does not match its hash (edited)" in broken.output
    assert runner.invoke(args=["audit", "verify", "--case", str(case_id)]).exit_code == 1
    assert party.get(f"/cases/{case_id}").get_json()["timeline_verified"] is False
    listed = staff.get("/cases").get_json()["items"]
    assert {c["timeline_verified"] for c in listed} == {None}  # lists do not pay for it
    page = browser(world.applicant).get(f"/cases/{case_id}").get_data(as_text=True)
    assert "审计记录未能通过校验" in page and f"event {ids[2]}" not in page  # the detail is for staff
    assert f"event {ids[2]}" in browser(world.staff).get(f"/cases/{case_id}").get_data(as_text=True)


def test_chains_from_before_seals_are_sealed_once_and_never_again(chain, app):
    case_id, ids = chain
    db.session.execute(update(CaseEvent).values(seal=None))
    db.session.execute(update(ChainHead).values(seal=None))
    db.session.commit()
    assert "not sealed" in verify_case(case_id).reason
    runner = app.test_cli_runner()
    sealed = runner.invoke(args=["audit", "seal"])
    assert sealed.exit_code == 0 and "2 chain(s) sealed, 0 refused" in sealed.output
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    # Stripping a seal to have a re-hashed chain sealed again is refused.
    entry = db.session.get(CaseEvent, ids[1])
    _set(entry.id, data={"forged": True}, seal=None)
    _rehash_from(case_id, ids[1])
    refused = runner.invoke(args=["audit", "seal"])
    assert refused.exit_code == 1 and f"case {case_id}: not sealed" in refused.output
    assert verify_case(case_id).event_id == ids[1]
    assert db.session.get(CaseEvent, ids[1]).seal is None
    assert event_seal(db.session.get(CaseEvent, ids[0]).hash) == db.session.get(CaseEvent, ids[0]).seal
