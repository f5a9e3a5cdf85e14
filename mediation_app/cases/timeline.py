"""Appending to a case's hash-chained timeline (inside the caller's transaction)."""

import hashlib
import json

from sqlalchemy import select

from mediation_app.cases.models import CaseEvent
from mediation_app.extensions import db
from mediation_app.types import utcnow

GENESIS = "0" * 64


def _digest(prev_hash: str, event: CaseEvent) -> str:
    body = json.dumps(
        {
            "case_id": event.case_id,
            "actor_id": event.actor_id,
            "action": event.action,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "data": event.data,
            "remote_addr": event.remote_addr,
            "created_at": event.created_at.isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def record_event(
    case,
    actor,
    action: str,
    *,
    from_state=None,
    to_state=None,
    data: dict | None = None,
    remote_addr: str | None = None,
) -> CaseEvent:
    """Append one event; the case row is already version-locked by the caller, so
    the chain of one case cannot fork."""
    prev_hash = (
        db.session.scalars(
            select(CaseEvent.hash).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc()).limit(1)
        ).first()
        or GENESIS
    )
    event = CaseEvent(
        case_id=case.id,
        actor_id=actor.id if actor else None,
        action=action,
        from_state=from_state.value if from_state else None,
        to_state=to_state.value if to_state else None,
        data=data or {},
        remote_addr=remote_addr,
        created_at=utcnow(),
        prev_hash=prev_hash,
    )
    event.hash = _digest(prev_hash, event)
    db.session.add(event)
    return event


def first_broken_link(events: list[CaseEvent]) -> CaseEvent | None:
    """The first event whose hash or link does not match, or ``None`` if intact."""
    prev_hash = GENESIS
    for event in events:
        if event.prev_hash != prev_hash or event.hash != _digest(prev_hash, event):
            return event
        prev_hash = event.hash
    return None
