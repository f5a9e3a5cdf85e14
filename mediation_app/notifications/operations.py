"""Queueing e-mails in the business transaction, sending them afterwards, and the
person's inbox in the app.

``notify`` tells a person: it adds their inbox row and, beside it, the outbox row of
the e-mail (``queue_email``) to the caller's session and never commits, so both are
written if and only if the operation that causes them commits. With mail off
(``MAIL_ENABLED``), for a person who wants no e-mail copies (``NoticePreference``) or an
address that cannot take mail, the inbox row alone is the notice.
``send_pending`` runs apart from any business transaction (``flask notifications
send``, a worker, a timer), in short transactions of its own:

1. claim a few due rows: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
   concurrent senders pick disjoint rows without waiting; then on every backend
   a compare-and-set ``UPDATE … WHERE attempts = :seen AND next_attempt_at <= :now``
   that counts the attempt and leases the row (moves ``next_attempt_at`` past the
   send), which alone suffices on SQLite, where ``FOR UPDATE`` is ignored;
2. commit, then talk SMTP with no transaction open;
3. record the outcome: ``sent``, or back to ``pending`` with an exponential
   backoff, or ``failed`` once refused for good or after too many attempts.

A sender that dies between 1 and 3 leaves the row leased; it is retried when the
lease runs out. Delivery is therefore at least once, never silently lost.
"""

import logging
import mimetypes
import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.notifications.mailer import (
    Deferred,
    Envelope,
    Mailer,
    ServerUnavailable,
    SmtpSettings,
    Undeliverable,
    build_message,
    describe,
)
from mediation_app.notifications.models import MessageStatus, NoticePreference, Notification, OutboxMessage
from mediation_app.notifications.render import InvalidMessage, check_header, check_recipient, render
from mediation_app.notifications.schemas import NoticePreferences
from mediation_app.transactions import committed
from mediation_app.types import utcnow

logger = logging.getLogger(__name__)

BATCH = 10  # rows claimed per transaction
LEASE = timedelta(minutes=15)  # longer than BATCH sends at SMTP_TIMEOUT each
MAX_BACKOFF = timedelta(hours=6)
DEFAULT_MAX_ATTEMPTS = 12  # with 60 s doubling up to 6 h: about 20 hours of trying
DEFAULT_RETRY_SECONDS = 60
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
_MIME_WORD = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*"
_CONTENT_TYPE = re.compile(
    rf"{_MIME_WORD}/{_MIME_WORD}(?:\s*;\s*{_MIME_WORD}=(?:{_MIME_WORD}|\"[^\"\\\r\n]*\"))*"
)
_EXTRA_TYPES = {".ics": "text/calendar"}


@dataclass(frozen=True)
class Attachment:
    """A file sent with the message; ``content_type`` is guessed from the name when omitted."""

    filename: str
    content: bytes | str
    content_type: str | None = None


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0  # failed this time, pending again with a later next_attempt_at
    failed: int = 0  # given up for good

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed


def _attachment_columns(attachment: Attachment | None) -> dict:
    if attachment is None:
        return {}
    filename = check_header("attachment filename", attachment.filename)
    if not filename or len(filename) > 200 or any(c in filename for c in '/\\"'):
        raise InvalidMessage("attachment filename must be a plain file name of at most 200 characters")
    content_type = attachment.content_type
    if content_type is None:
        suffix = filename[filename.rfind(".") :].lower() if "." in filename else ""
        content_type = _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(filename)[0]
        content_type = content_type or "application/octet-stream"
    check_header("attachment content type", content_type)
    if len(content_type) > 100 or not _CONTENT_TYPE.fullmatch(content_type):
        raise InvalidMessage("attachment content type is not a MIME type")
    content = attachment.content
    if isinstance(content, str):
        content = content.encode("utf-8")
    if not isinstance(content, bytes) or len(content) > ATTACHMENT_MAX_BYTES:
        raise InvalidMessage(f"attachment must be text or bytes of at most {ATTACHMENT_MAX_BYTES} bytes")
    return {
        "attachment_filename": filename,
        "attachment_content_type": content_type,
        "attachment_data": content,
    }


def queue_email(
    recipient: str,
    kind: str,
    context: dict,
    *,
    case_id: int | None = None,
    attachment: Attachment | None = None,
) -> OutboxMessage:
    """Add a ``kind`` e-mail to ``recipient`` to the current transaction; the caller commits.

    Raises :class:`InvalidMessage` (nothing added) for a recipient that is not one
    plain address, a subject or file name with a line break (header injection),
    an unknown kind, a context value that is not plain or a template value missing.
    """
    check_recipient(recipient)
    subject, body = render(kind, context)
    return _outbox_row(recipient, kind, subject, body, case_id, attachment)


def _outbox_row(recipient, kind, subject, body, case_id, attachment) -> OutboxMessage:
    columns = _attachment_columns(attachment)
    now = utcnow()
    message = OutboxMessage(
        kind=kind,
        case_id=case_id,
        recipient=recipient,
        subject=subject,
        body=body,
        status=MessageStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        **columns,
    )
    db.session.add(message)
    return message


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_ENABLED", True))


def notify(
    user_id: int,
    address: str,
    kind: str,
    context: dict,
    *,
    case_id: int | None = None,
    attachment: Attachment | None = None,
) -> Notification:
    """Tell the person ``user_id``: a ``kind`` message in their inbox and, when mail is
    on and ``address`` can take it, the same message by e-mail; both in the current
    transaction, which the caller commits.

    Raises :class:`InvalidMessage` (nothing added) for a message that cannot render.
    An address or attachment the outbox refuses costs the e-mail only: the inbox row
    is written all the same, so nobody misses a notice for want of a mail server.
    """
    subject, body = render(kind, context)
    message = None
    if mail_enabled() and wants_email(user_id):
        try:
            message = _outbox_row(check_recipient(address), kind, subject, body, case_id, attachment)
        except InvalidMessage as error:
            logger.warning("notice %s for user %d: in the inbox only, no e-mail (%s)", kind, user_id, error)
    return _inbox_row(user_id, kind, subject, body, case_id, message)


def write_to_inbox(user_id: int, kind: str, context: dict, *, case_id: int | None = None) -> Notification:
    """A ``kind`` message in the inbox of ``user_id`` only, with no e-mail beside it (a
    message whose e-mail is sent, and accounted for, apart); the caller commits."""
    subject, body = render(kind, context)
    return _inbox_row(user_id, kind, subject, body, case_id, None)


def _inbox_row(user_id, kind, subject, body, case_id, message) -> Notification:
    notification = Notification(
        user_id=user_id,
        kind=kind,
        case_id=case_id,
        subject=subject,
        body=body,
        outbox_message=message,
        created_at=utcnow(),
    )
    db.session.add(notification)
    return notification


def wants_email(user_id: int) -> bool:
    """Whether the person wants e-mail copies of notices (the default: yes)."""
    return db.session.scalar(select(NoticePreference.email).where(NoticePreference.user_id == user_id)) in (
        None,
        True,
    )


def set_notice_preferences(user, data: dict) -> NoticePreference:
    """The person's own choice of channels for notices."""
    chosen = NoticePreferences.parse(data)
    with committed(reload=False):
        preference = db.session.get(NoticePreference, user.id) or NoticePreference(user_id=user.id)
        preference.email, preference.updated_at = chosen.email, utcnow()
        db.session.add(preference)
    return preference


def _own(user, notification_id: int) -> Notification:
    """One of ``user``'s notifications; anyone else's is answered as missing."""
    notification = db.session.scalar(
        select(Notification).where(Notification.id == notification_id, Notification.user_id == user.id)
    )
    if notification is None:
        raise NotVisible()
    return notification


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read; marking it again keeps the first time."""
    with committed(reload=False):
        notification = _own(user, notification_id)
        if notification.read_at is None:
            notification.read_at = utcnow()
    return notification


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; the number marked."""
    with committed():
        done = db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    return done.rowcount


def _due(now):
    return (OutboxMessage.status == MessageStatus.PENDING) & (OutboxMessage.next_attempt_at <= now)


def _candidates(session: Session, size: int, now) -> list[tuple[int, int]]:
    """(id, attempts) of up to ``size`` due messages, oldest first."""
    return session.execute(
        select(OutboxMessage.id, OutboxMessage.attempts)
        .where(_due(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(size)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite renders no FOR UPDATE
    ).all()


def _take(session: Session, candidates, now) -> list[Envelope]:
    """Claim each candidate still as it was read, then commit: the claim is the lease."""
    claimed = []
    for message_id, attempts in candidates:
        won = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.attempts == attempts, _due(now))
            .values(attempts=attempts + 1, next_attempt_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount == 1:  # 0: another sender claimed it since we read it
            claimed.append(message_id)
    rows = (
        session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id))
        if claimed
        else []
    )
    envelopes = [
        Envelope(
            id=row.id,
            kind=row.kind,
            recipient=row.recipient,
            subject=row.subject,
            body=row.body,
            attachment_filename=row.attachment_filename,
            attachment_content_type=row.attachment_content_type,
            attachment_data=row.attachment_data,
            created_at=row.created_at,
            attempts=row.attempts,
        )
        for row in rows
    ]
    session.commit()
    return envelopes


def _claim(session: Session, size: int) -> list[Envelope]:
    """Up to ``size`` due messages, each counted as an attempt and leased to this sender."""
    now = utcnow()
    return _take(session, _candidates(session, size, now), now)


def backoff(attempts: int, base_seconds: int = DEFAULT_RETRY_SECONDS) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: base, 2×base, 4×base, … up to 6 hours."""
    return min(timedelta(seconds=base_seconds) * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _record(session: Session, envelope: Envelope, values: dict) -> bool:
    done = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == envelope.id,
            OutboxMessage.status == MessageStatus.PENDING,
            OutboxMessage.attempts == envelope.attempts,  # still our claim
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return done.rowcount == 1


def _record_failure(session: Session, envelope: Envelope, detail: str, *, permanent: bool, result) -> None:
    config = current_app.config
    max_attempts = int(config.get("MAIL_MAX_ATTEMPTS") or DEFAULT_MAX_ATTEMPTS)
    base = int(config.get("MAIL_RETRY_SECONDS") or DEFAULT_RETRY_SECONDS)
    give_up = permanent or envelope.attempts >= max_attempts
    now = utcnow()
    _record(
        session,
        envelope,
        {
            "status": MessageStatus.FAILED if give_up else MessageStatus.PENDING,
            "next_attempt_at": now if give_up else now + backoff(envelope.attempts, base),
            "last_error": detail,
        },
    )
    logger.warning(
        "e-mail %s (%s) attempt %d %s: %s",
        envelope.id,
        envelope.kind,
        envelope.attempts,
        "failed for good" if give_up else "will be retried",
        detail,
    )
    if give_up:
        result.failed += 1
    else:
        result.retrying += 1


def send_pending(limit: int = 100) -> SendResult:
    """Send up to ``limit`` due messages; safe to run in several processes at once.

    Stops early when the mail server cannot be reached: the messages claimed so
    far are put back with their attempt counted and a later ``next_attempt_at``.
    """
    settings = SmtpSettings.from_config(current_app.config)
    result = SendResult()
    with Session(db.engine) as session, Mailer(settings) as mailer:
        while result.attempted < limit:
            batch = _claim(session, min(BATCH, limit - result.attempted))
            if not batch:
                break
            for index, envelope in enumerate(batch):
                try:
                    mailer.send(build_message(envelope, settings, utcnow()))
                except Undeliverable as error:
                    _record_failure(session, envelope, error.detail, permanent=True, result=result)
                except ServerUnavailable as error:
                    for untried in batch[index:]:
                        _record_failure(session, untried, error.detail, permanent=False, result=result)
                    return result
                except Deferred as error:
                    _record_failure(session, envelope, error.detail, permanent=False, result=result)
                except Exception as error:  # a bug must not strand the rest of the batch
                    logger.exception("e-mail %s (%s) could not be sent", envelope.id, envelope.kind)
                    detail = describe(error, settings)
                    _record_failure(session, envelope, detail, permanent=False, result=result)
                else:
                    _record(
                        session,
                        envelope,
                        {"status": MessageStatus.SENT, "sent_at": utcnow(), "last_error": None},
                    )
                    result.sent += 1
    return result
