"""Appending to a case's hash-chained timeline (inside the caller's transaction).

Each entry's hash covers its fields and the hash before it (public: anyone can check
the links); its seal is an HMAC of that hash under ``AUDIT_KEY``, which only the
application holds. The case's :class:`ChainHead` (entries, last hash, sealed) moves
with every entry, so the end of a chain is as fixed as its middle (``cases.audit``).
"""

import hashlib
import hmac
import json

from flask import current_app
from sqlalchemy import select

from mediation_app.cases.models import CaseEvent, ChainHead
from mediation_app.extensions import db
from mediation_app.types import utcnow
from mediation_app.upsert import upsert

GENESIS = "0" * 64  # the link before a case's first event
HASHED = ("case_id", "actor_id", "action", "from_state", "to_state", "data", "remote_addr", "created_at")


def digest(prev_hash: str, fields: dict) -> str:
    body = json.dumps(
        fields | {"created_at": fields["created_at"].isoformat()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _keyed(message: str) -> str:
    return hmac.new(current_app.config["AUDIT_KEY"].encode(), message.encode(), hashlib.sha256).hexdigest()


def event_seal(event_hash: str) -> str:
    return _keyed(f"event:{event_hash}")


def head_seal(case_id: int, count: int, last_hash: str) -> str:
    return _keyed(f"head:{case_id}:{count}:{last_hash}")


def head_values(case_id: int, count: int, last_hash: str) -> dict:
    """The columns of a case's chain head after ``count`` entries ending in ``last_hash``."""
    return {
        "case_id": case_id,
        "count": count,
        "hash": last_hash,
        "seal": head_seal(case_id, count, last_hash),
    }


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
    first event by default), hash and seal included."""
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
    link = digest(prev_hash, fields)
    return fields | {"prev_hash": prev_hash, "hash": link, "seal": event_seal(link)}


def record_event(case, actor, action: str, **details) -> CaseEvent:
    """Append one event (``details`` as for :func:`event_values`) and move the case's
    chain head to it. The head is read FOR UPDATE: a second writer on the same case (a
    rendering job beside a transition) waits for the first to commit and links to its
    entry; the chain's unique (case, previous hash) stays as the last guard."""
    head = db.session.execute(
        select(ChainHead.hash, ChainHead.count).where(ChainHead.case_id == case.id).with_for_update()
    )
    prev_hash, count = head.first() or (GENESIS, 0)
    event = CaseEvent(**event_values(case, actor, action, prev_hash=prev_hash, **details))
    db.session.add(event)
    moved = head_values(case.id, count + 1, event.hash)
    db.session.execute(upsert(ChainHead, moved, ["case_id"], lambda excluded: moved))
    return event
