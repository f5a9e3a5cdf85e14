"""A court's registered webhook endpoint, each event delivered to it, and each attempt.

A delivery row is written in the business transaction that causes the event (so a
rolled-back transition sends nothing) and sent by a job after commit; its attempts
are the delivery log a court and the centre read when something went missing.
"""

from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class CourtEndpoint(db.Model):
    """Where a court receives the events of its cases at one centre. The secret is kept
    as given out (HMAC signing needs it), shown once when registered or rotated."""

    __tablename__ = "court_endpoints"
    __table_args__ = (UniqueConstraint("centre_id", "court_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    court_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(64))
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    court = relationship("Organisation")


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    DELIVERED = "delivered"  # the endpoint answered 2xx
    FAILED = "failed"  # out of attempts; a person may replay it


class WebhookDelivery(db.Model):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_endpoint_id_id", "endpoint_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("court_endpoints.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    event: Mapped[str] = mapped_column(String(30))  # schemas.EVENTS
    event_id: Mapped[str] = mapped_column(String(36), unique=True)  # the receiver's deduplication key
    occurred_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    # Frozen at the first attempt, so every retry and replay sends the same signed bytes.
    body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        db.Enum(DeliveryStatus, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=DeliveryStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    replays: Mapped[int] = mapped_column(Integer, default=0)  # manual replays asked for
    delivered_at: Mapped[object | None] = mapped_column(UTCDateTime)

    endpoint: Mapped[CourtEndpoint] = relationship()
    log: Mapped[list["DeliveryAttempt"]] = relationship(order_by="DeliveryAttempt.id")


class DeliveryAttempt(db.Model):
    __tablename__ = "webhook_delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    attempted_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)  # None: no answer (network error)
    latency_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
