"""The centre's running totals, kept in the transaction of each transition."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String
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
    # Of those, the ones concluded (结案, ``figures.is_concluded``): all of a settled or
    # referred state, the withdrawn ones that had been accepted, none of the others.
    concluded_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    claim_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
    agreed_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
    performed_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))  # paid under agreements


class MonthlyFigures(db.Model):
    """A centre's figures for one month and one member of a breakdown (one bucket).

    One long table keyed by (centre, scope, month, dimension, key): ``scope`` is the
    whole centre or one court's slice, as for :class:`CaseTally`; ``dimension`` is
    a breakdown (source, industry, chamber, mediator, court) and ``key`` its member
    (a source name, an industry, an id, or "" for none). Each case counts once in
    every dimension, so the centre's figures are the sum over the ``source`` rows.
    Intake figures count in the filing month, outcomes in the conclusion month,
    payments in the payment month; ``reporting.figures`` says exactly which.
    Kept by ``reporting.operations`` in the transaction of every change and checked
    by ``totals verify``.
    """

    __tablename__ = "monthly_figures"

    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month (China)
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    received: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)  # 受理, counted in the filing month
    settled: Mapped[int] = mapped_column(Integer, default=0)
    referred_to_court: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    concluded: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 结案
    days_to_conclude: Mapped[int] = mapped_column(Integer, default=0)  # sum over the concluded, for averages
    concluded_late: Mapped[int] = mapped_column(Integer, default=0)
    claim_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
    resolved_claim_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
    agreed_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
    performed_amount = mapped_column(Money, nullable=False, default=Decimal("0.00"))
