"""The outbox (one row per e-mail) and the inbox (one row per message a person reads in
the app), both written in the business transaction that causes them."""

from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class MessageStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt (also while a sender holds it)
    SENT = "sent"
    FAILED = "failed"  # given up: too many attempts, or refused for good by the server


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The sender's query: pending rows whose next attempt is due, oldest first.
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_messages_case_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # the template: case_accepted, session_scheduled, …
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    attachment_filename: Mapped[str | None] = mapped_column(String(200))
    attachment_content_type: Mapped[str | None] = mapped_column(String(100))
    attachment_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[MessageStatus] = mapped_column(
        db.Enum(MessageStatus, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=MessageStatus.PENDING,
    )
    # Counted when a sender claims the message, so a sender that dies mid-send counts too.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))  # truncated, credentials redacted
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[object | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status.value}>"


class Notification(db.Model):
    """A message in a person's inbox in the app. A sibling of its outbox row rather than a
    column of it: the inbox belongs to an account (the outbox only knows an address, which
    may be unusable or change), its read mark is the person's while the senders lease and
    update the outbox row, and a centre without a mail server has only this row."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The top bar's unread count on every page: one index-only COUNT.
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        # The inbox, newest first, a page at a time (keyset on id).
        Index("ix_notifications_user_id_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))  # the template, as in the outbox
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The e-mail sent with it; None when mail is off or the address cannot take one.
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[object | None] = mapped_column(UTCDateTime)

    outbox_message: Mapped[OutboxMessage | None] = relationship()

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} for user {self.user_id}>"


class NoticePreference(db.Model):
    """How a person wants the notices of the app (not statutory service, which follows the
    party's service address): the inbox always; an e-mail copy unless they turned it off.
    No row: the default, every channel."""

    __tablename__ = "notice_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
