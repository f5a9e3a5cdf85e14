"""The periods and month asked for, with every rule about them, and what the centre's
totals and statistics look like going out. One schema serves the API, the
dashboard's form and the monthly report."""

from datetime import date
from typing import Self

from flask_babel import lazy_gettext as _l
from pydantic import ConfigDict, Field, ValidationInfo, model_validator

from mediation_app.core.schema import Out, Schema, blame
from mediation_app.core.types import Amount
from mediation_app.reporting.periods import MAX_MONTHS, MONTH_PATTERN, Month, Period, Year, today_of

# Requests (parsed with ``today=`` the local date: a period may reach next year at most)


class StatisticsQuery(Schema):
    """``year``, or a ``from``–``to`` range of whole months (default: the last twelve).
    An inverted, absurd (before 2000, after next year) or over-long (over 120 months)
    period is a 422."""

    year: Year = Field(None, examples=["2026"])
    from_: Month = Field(None, alias="from", examples=["2026-01"])
    to: Month = Field(None, examples=["2026-12"])

    @model_validator(mode="after")
    def _one_period(self, info: ValidationInfo) -> Self:
        if self.year is not None and (self.from_ or self.to):
            raise blame("year", _l("give either a year or a range of months, not both"))
        period = self.period_on(today_of(info))
        if period.length < 1:
            raise blame("to", _l("must not be before the start of the period"))
        if period.length > MAX_MONTHS:
            raise blame("to", _l("the period may span at most %(count)d months", count=MAX_MONTHS))
        return self

    def period_on(self, today: date) -> Period:
        """The months asked for; by default the twelve up to this one."""
        if self.year is not None:
            return Period(date(self.year, 1, 1), date(self.year, 12, 1))
        last = self.to or today.replace(day=1)
        return Period(self.from_, last) if self.from_ else Period.ending(last)


class MonthlyReportQuery(Schema):
    month: Month = Field(examples=["2026-11"])

    @model_validator(mode="after")
    def _given(self) -> Self:
        if self.month is None:
            raise blame("month", _l("is required"))
        return self


# Responses


class TotalsOut(Out):
    """The kept totals of a centre (a court's slice for its liaisons); shared API.md."""

    cases_by_state: dict[str, int]
    concluded: int = Field(description="settled cases")
    resolved_claim_amount: Amount = Field(description="the claims of settled cases")
    agreed_amount: Amount
    performed_amount: Amount = Field(description="paid under settled cases' agreements")
    referred_to_court: int
    received: int = Field(description="every case, whatever its state")


class FiguresOut(Out):
    """Counts as numbers, money and rates as strings (exact decimals)."""

    received: int
    accepted: int
    concluded: int
    settled: int
    referred_to_court: int
    withdrawn: int
    rejected: int
    concluded_late: int
    success_rate: str | None = Field(examples=["66.7"])
    average_days_to_conclude: str | None = Field(examples=["21.5"])
    claim_amount: Amount
    resolved_claim_amount: Amount
    agreed_amount: Amount
    performed_amount: Amount

    @classmethod
    def values_of(cls, figures) -> dict:
        return {
            **{name: getattr(figures, name) for name in cls.model_fields if name in _STORED},
            "concluded": figures.concluded,
            "success_rate": _optional(figures.success_rate),
            "average_days_to_conclude": _optional(figures.average_days),
        }

    @classmethod
    def of(cls, figures, **extra) -> Self:
        return cls.model_validate(cls.values_of(figures) | extra)


_STORED = frozenset(
    {
        "received",
        "accepted",
        "settled",
        "referred_to_court",
        "withdrawn",
        "rejected",
        "concluded_late",
        "claim_amount",
        "resolved_claim_amount",
        "agreed_amount",
        "performed_amount",
    }
)


def _optional(value) -> str | None:
    return None if value is None else str(value)


class HeadlineOut(FiguresOut):
    overdue_now: int
    overdue_now_capped: bool = Field(description="true when overdue_now is a lower bound")


class MonthFiguresOut(FiguresOut):
    month: str = Field(pattern=MONTH_PATTERN)


class BreakdownOut(FiguresOut):
    key: str
    label: str


class PeriodOut(Out):
    model_config = ConfigDict(serialize_by_alias=True, populate_by_name=True)

    from_: str = Field(alias="from", pattern=MONTH_PATTERN)
    to: str = Field(pattern=MONTH_PATTERN)


class StatisticsOut(Out):
    """Whole months: intake counts in the filing month, outcomes in the conclusion month,
    payments in the payment month; mediators get the outcomes of the cases they concluded."""

    period: PeriodOut
    headline: HeadlineOut
    months: list[MonthFiguresOut]
    breakdowns: dict[str, list[BreakdownOut]] = Field(
        description="by source, industry, chamber, mediator and court"
    )

    @classmethod
    def of(cls, stats) -> Self:
        return cls(
            period=PeriodOut(from_=f"{stats.period.first:%Y-%m}", to=f"{stats.period.last:%Y-%m}"),
            headline=HeadlineOut.of(
                stats.headline, overdue_now=stats.overdue_now, overdue_now_capped=stats.overdue_capped
            ),
            months=[MonthFiguresOut.of(figures, month=f"{month:%Y-%m}") for month, figures in stats.trend],
            breakdowns={
                dimension.value: [
                    BreakdownOut.of(member.figures, key=member.key, label=member.label) for member in members
                ]
                for dimension, members in stats.breakdowns.items()
            },
        )
