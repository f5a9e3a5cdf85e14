"""Verifying a case's audit trail end to end (``flask audit verify``, the case page
and the API): every link, every entry's content against its hash, every seal, and
the sealed head, so an edit, an insertion, a reordering, a deletion anywhere (the
last entry included) and a chain re-hashed with the public algorithm are all found,
at the entry where the chain first goes wrong."""

import hmac
from dataclasses import dataclass

from sqlalchemy import select

from mediation_app.cases.models import CaseEvent, ChainHead
from mediation_app.cases.timeline import GENESIS, HASHED, digest, event_seal, head_seal, head_values
from mediation_app.extensions import db
from mediation_app.transactions import committed


@dataclass(frozen=True)
class Break:
    """Where a chain first fails: the entry (``None`` for its end) and why."""

    event_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.reason}" if self.event_id else self.reason


def _matches(seal: str | None, expected: str) -> bool:
    return seal is not None and hmac.compare_digest(seal, expected)


def _entries(case_id: int) -> list[CaseEvent]:
    return db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
    ).all()


def _links(entries: list[CaseEvent], *, sealed: bool = True) -> Break | None:
    """The first entry whose link, content or (``sealed``) seal does not hold."""
    prev_hash = GENESIS
    for entry in entries:
        if entry.prev_hash != prev_hash:
            return Break(entry.id, "does not follow the entry before it (one was removed, added or moved)")
        if entry.hash != digest(prev_hash, {name: getattr(entry, name) for name in HASHED}):
            return Break(entry.id, "its content does not match its hash (edited)")
        if sealed and entry.seal is None:
            return Break(entry.id, "not sealed (run `flask audit seal` once after upgrading)")
        if sealed and not _matches(entry.seal, event_seal(entry.hash)):
            return Break(entry.id, "its seal does not match its hash (written or re-hashed without the key)")
        prev_hash = entry.hash
    return None


def _end(case_id: int, entries: list[CaseEvent], head: ChainHead | None) -> Break | None:
    last = entries[-1] if entries else None
    if head is None:
        return Break(None, "no chain head is recorded") if entries else None
    if not _matches(head.seal, head_seal(case_id, head.count, head.hash)):
        return Break(None, "the chain head's seal does not match (written without the key)")
    if head.count != len(entries) or head.hash != (last.hash if last else None):
        after = f"after event {last.id}" if last else "at its start"
        return Break(None, f"{head.count - len(entries)} of its {head.count} entries are missing {after}")
    return None


def verify_case(case_id: int) -> Break | None:
    """Where the case's chain first fails, or ``None`` when all of it holds."""
    entries = _entries(case_id)
    return _links(entries) or _end(case_id, entries, db.session.get(ChainHead, case_id))


def chains() -> list[int]:
    """Every case with a timeline, by id."""
    return db.session.scalars(select(CaseEvent.case_id).distinct().order_by(CaseEvent.case_id)).all()


def seal_unsealed(case_id: int) -> bool:
    """Seal a chain written before seals existed (the upgrade's one-time step), after
    checking its links, contents and head; ``False`` (and nothing sealed) when they do
    not hold or when any of it is sealed already: a chain whose seals were stripped
    after it was re-hashed must stay broken, not be sealed again."""
    entries = _entries(case_id)
    head = db.session.get(ChainHead, case_id)
    if (
        not entries
        or any(entry.seal is not None for entry in entries)
        or (head is not None and head.seal is not None)
        or _links(entries, sealed=False)
        or (head is not None and (head.count, head.hash) != (len(entries), entries[-1].hash))
    ):
        return False
    with committed():
        for entry in entries:
            entry.seal = event_seal(entry.hash)
        db.session.merge(ChainHead(**head_values(case_id, len(entries), entries[-1].hash)))
    return True
