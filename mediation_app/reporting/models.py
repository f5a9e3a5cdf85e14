"""The centre's running totals, kept in the transaction of each transition."""

from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.extensions import db
from mediation_app.types import Money

CENTRE_SCOPE = "centre"


def court_scope(court_id: int) -> str:
    return f"court:{court_id}"


class CaseTally(db.Model):
    """Cases and amounts in one state, for the whole centre or one court's slice.

    Reading the totals is a handful of primary-key rows whatever the number of
    cases; ``totals verify`` recomputes them from the cases.
    """

    __tablename__ = "case_tallies"

    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)  # "centre" or "court:<id>"
    state: Mapped[str] = mapped_column(String(20), primary_key=True)
    case_count: Mapped[int] = mapped_column(Integer, default=0)
    claim_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
    agreed_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
    performed_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))  # paid under agreements
