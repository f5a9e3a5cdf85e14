"""A party's service addresses, version by version, and the service records of the
documents served on it."""

from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


def _values(enum):
    return [m.value for m in enum]


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"  # a text message through the SMS gateway (service.sms)
    IN_APP = "in_app"  # the party's inbox in this system
    PAPER = "paper"  # by post (EMS) to the postal address: the fallback


class ServiceState(StrEnum):
    AWAITING = "awaiting"  # paper: waiting for staff to post it
    SENT = "sent"
    DELIVERED = "delivered"  # reached the recipient's system: the date of service
    OPENED = "opened"  # 已阅知
    FAILED = "failed"


class ServiceAddress(db.Model):
    """One version of a party's 送达地址确认书 in one case: the channels it consents to
    and where. A change is a new version; the old ones stay, as does each one's document."""

    __tablename__ = "service_addresses"
    __table_args__ = (UniqueConstraint("case_id", "party", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    party: Mapped[str] = mapped_column(String(10))  # applicant / respondent
    version: Mapped[int] = mapped_column(Integer)
    channels: Mapped[list] = mapped_column(JSON)  # Channel values, the paper one always possible
    email: Mapped[str] = mapped_column(String(254), default="")
    mobile: Mapped[str] = mapped_column(String(20), default="")  # for SMS
    # The account whose inbox receives in-app service: the party's user who confirmed.
    inbox_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    postal_recipient: Mapped[str] = mapped_column(String(100))
    postal_address: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(20))  # for the postman; shown masked elsewhere
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    given_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    given_by = relationship("User", foreign_keys=[given_by_id])
    inbox_user = relationship("User", foreign_keys=[inbox_user_id])


class ServiceRecord(db.Model):
    """One document served on one party by one channel. An e-mail's delivery is its
    outbox message's (delivered when the mail server accepted it): read from there,
    never copied, so the two cannot disagree."""

    __tablename__ = "service_records"
    __table_args__ = (
        Index("ix_service_records_case_id_document_id", "case_id", "document_id"),
        # The desk's list: records still undelivered, oldest first.
        Index("ix_service_records_delivered_at_created_at", "delivered_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    party: Mapped[str] = mapped_column(String(10))
    channel: Mapped[Channel] = mapped_column(
        db.Enum(Channel, native_enum=False, length=10, values_callable=_values)
    )
    address: Mapped[str] = mapped_column(String(400))  # e-mail, account, or postal address
    service_address_id: Mapped[int | None] = mapped_column(ForeignKey("service_addresses.id"))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))
    # SMS: the gateway's id of the message, by which its delivery report finds the record.
    gateway_message_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    failure: Mapped[str | None] = mapped_column(String(200))  # SMS: why it was not delivered
    tracking_number: Mapped[str | None] = mapped_column(String(40))  # paper: the EMS number
    received_on: Mapped[object | None] = mapped_column(Date)  # paper: the day on the receipt
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[object | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[object | None] = mapped_column(UTCDateTime)  # in-app and paper
    opened_at: Mapped[object | None] = mapped_column(UTCDateTime)

    document = relationship("Document")
    outbox_message = relationship("OutboxMessage")
    notification = relationship("Notification")


class ServiceAttempt(db.Model):
    """One attempt to hand a record's message to its gateway (SMS), with what came of it;
    written apart from the job's transaction, so a failed attempt is kept too."""

    __tablename__ = "service_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("service_records.id"), index=True)
    attempted_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(10))  # sending / accepted / error
    detail: Mapped[str] = mapped_column(String(200), default="")
