"""Court linkage (诉调对接): what happens after a case leaves mediation."""

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

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
