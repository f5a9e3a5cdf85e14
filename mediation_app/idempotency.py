"""Retried API requests that create a record (``Idempotency-Key``): the key is written
in the same transaction as the record it created, and the first answer beside it, so
a retry has one effect and gets that answer again, and the same key sent with another
request is refused. Keys belong to their caller (a user, or anyone anonymous) and are
kept for :data:`KEPT`."""

import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, Text, UniqueConstraint, delete, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.types import UTCDateTime, utcnow

HEADER = "Idempotency-Key"
KEY = re.compile(r"[A-Za-z0-9._:-]{8,64}")
KEPT = timedelta(days=1)
# The claim of this request's key, written by the next commit (the one creating the
# record); then the key it wrote, whose row is to get the answer.
_CLAIM, _CLAIMED = "idempotency.claim", "idempotency.claimed"


class IdempotentRequest(db.Model):
    __tablename__ = "idempotent_requests"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))  # "user:<id>", or "anonymous"
    key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))  # of the method, path and body
    status: Mapped[int | None] = mapped_column(Integer)  # the answer; NULL until it is kept
    response: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, index=True)


class KeyReused(Conflict):
    code = "idempotency_key_in_use"
    default_message = _l(
        "A request with this Idempotency-Key is being carried out, or was carried out without "
        "its answer being kept; read the record before trying again."
    )


def parse_key(raw: str) -> str:
    if not KEY.fullmatch(raw):
        raise ValidationFailed(fields={HEADER: _l("must be 8 to 64 letters, digits or . _ : -")})
    return raw


def scope_of(user) -> str:
    return f"user:{user.id}" if user is not None else "anonymous"


def earlier(scope: str, key: str, fingerprint: str) -> IdempotentRequest | None:
    """The request sent before with this key, if any; the same key with another
    request is refused, and one whose answer is not kept yet is a conflict."""
    found = db.session.scalars(
        select(IdempotentRequest).where(IdempotentRequest.scope == scope, IdempotentRequest.key == key)
    ).first()
    if found is None:
        return None
    if found.fingerprint != fingerprint:
        raise ValidationFailed(fields={HEADER: _l("was used for a different request")})
    if found.status is None:
        raise KeyReused()
    return found


def claim(scope: str, key: str, fingerprint: str) -> None:
    """Write the key with the next commit of this request's session. A concurrent
    twin commits the same key: the unique constraint refuses the later one whole."""
    db.session.info[_CLAIM] = {"scope": scope, "key": key, "fingerprint": fingerprint, "created_at": utcnow()}


def keep_answer(status: int, body: str) -> None:
    """Keep the answer of the request whose commit wrote its key (if one did)."""
    claimed = db.session.info.pop(_CLAIMED, None)
    if claimed is None:
        return
    scope, key = claimed
    with committed():
        db.session.execute(
            update(IdempotentRequest)
            .where(IdempotentRequest.scope == scope, IdempotentRequest.key == key)
            .values(status=status, response=body)
        )


def forget_old_keys() -> int:
    """Delete the keys older than :data:`KEPT` (recurring)."""
    with committed():
        old = IdempotentRequest.created_at < utcnow() - KEPT
        done = db.session.execute(delete(IdempotentRequest).where(old))
    return done.rowcount


@event.listens_for(Session, "before_commit")
def _write_claim(session: Session) -> None:
    claimed = session.info.pop(_CLAIM, None)
    if claimed is not None:
        session.execute(insert(IdempotentRequest).values(**claimed))
        session.info[_CLAIMED] = (claimed["scope"], claimed["key"])


@event.listens_for(Session, "after_rollback")
def _drop_claim(session: Session) -> None:
    session.info.pop(_CLAIM, None)
    session.info.pop(_CLAIMED, None)
