"""Appending to a case's hash-chained timeline (inside the caller's transaction)."""

import hashlib
import json

from sqlalchemy import select

from mediation_app.cases.models import CaseEvent
from mediation_app.extensions import db
from mediation_app.types import utcnow

GENESIS = "0" * 64  # the link before a case's first event
HASHED = ("case_id", "actor_id", "action", "from_state", "to_state", "data", "remote_addr", "created_at")


def _digest(prev_hash: str, fields: dict) -> str:
    body = json.dumps(
        fields | {"created_at": fields["created_at"].isoformat()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def event_values(
    case,
    actor,
    action: str,
    *,
    prev_hash: str = GENESIS,
    from_state=None,
    to_state=None,
    data: dict | None = None,
    remote_addr: str | None = None,
) -> dict:
    """The columns of the event that follows ``prev_hash`` on ``case``'s chain (its
    first event by default), hash included."""
    fields = {
        "case_id": case.id,
        "actor_id": actor.id if actor else None,
        "action": action,
        "from_state": from_state.value if from_state else None,
        "to_state": to_state.value if to_state else None,
        "data": data or {},
        "remote_addr": remote_addr,
        "created_at": utcnow(),
    }
    return fields | {"prev_hash": prev_hash, "hash": _digest(prev_hash, fields)}


def record_event(case, actor, action: str, **details) -> CaseEvent:
    """Append one event (``details`` as for :func:`event_values`); the case row is
    already version-locked by the caller, so the chain of one case cannot fork."""
    prev_hash = (
        db.session.scalars(
            select(CaseEvent.hash).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc()).limit(1)
        ).first()
        or GENESIS
    )
    event = CaseEvent(**event_values(case, actor, action, prev_hash=prev_hash, **details))
    db.session.add(event)
    return event


def first_broken_link(events: list[CaseEvent]) -> CaseEvent | None:
    """The first event whose hash or link does not match, or ``None`` if intact."""
    prev_hash = GENESIS
    for event in events:
        fields = {name: getattr(event, name) for name in HASHED}
        if event.prev_hash != prev_hash or event.hash != _digest(prev_hash, fields):
            return event
        prev_hash = event.hash
    return None
