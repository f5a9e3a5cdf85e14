"""Court linkage (诉调对接): what happens after a case leaves mediation.

Referrals back to court, judicial confirmation (司法确认) of agreements, and the
performance of settled agreements: payments and follow-up visits (the agreement's
instalments are the case's: ``cases.models.Instalment``).
"""

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.types import Money, UTCDateTime, utcnow


class Payment(db.Model):
    """A payment made under a settled case's agreement (履行), as recorded by the centre.

    The centre's performed amount is the sum of these; ``totals verify`` checks it.
    """

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="payment_amount_positive"),
        Index("ix_payments_case_id_id", "case_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    amount = mapped_column(Money, nullable=False)
    paid_on: Mapped[object] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User] = relationship()


class FollowUpVisit(db.Model):
    """A follow-up visit or call on a settled case's performance (履行回访)."""

    __tablename__ = "follow_up_visits"
    __table_args__ = (Index("ix_follow_up_visits_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    visited_on: Mapped[object] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User] = relationship()


class Referral(db.Model):
    """A court case that failed in mediation, sent back to its court (转立案).

    ``updated_at`` moves on every change, so a court system can ask for the
    referrals changed since its last poll (``ix_referrals_court_id_updated_at``).
    """

    __tablename__ = "referrals"
    __table_args__ = (
        UniqueConstraint("court_id", "filing_number"),
        Index("ix_referrals_court_id_updated_at", "court_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    referred_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[object | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filing_number: Mapped[str | None] = mapped_column(String(60))  # 立案号, given by the court
    updated_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])


class Confirmation(db.Model):
    """Judicial confirmation (司法确认) of a settled case's agreement: the parties' joint
    application and the court's outcome. A confirmed agreement is enforceable."""

    __tablename__ = "confirmations"
    __table_args__ = (
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('confirmed', 'not_confirmed')", name="confirmation_outcome"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    applied_on: Mapped[object | None] = mapped_column(Date)  # the joint application, China date
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    application_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    # Why an application or outcome comes after the 30-day window (required then).
    late_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))
    confirmation_number: Mapped[str | None] = mapped_column(String(60))  # 诉前调确 case number
    decided_on: Mapped[object | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)  # why not confirmed
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[object | None] = mapped_column(UTCDateTime)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def enforceable(self) -> bool:
        return self.outcome == "confirmed"
