"""The periods and month asked for, with every rule about them, and what the centre's
totals and statistics look like going out. One schema serves the API, the
dashboard's form and the monthly report."""

from datetime import date
from typing import Self

from flask_babel import lazy_gettext as _l
from pydantic import ConfigDict, Field, ValidationInfo, model_validator

from mediation_app.core.schema import Out, Schema, blame
from mediation_app.core.types import Amount
from mediation_app.errors import ValidationFailed
from mediation_app.reporting.periods import (
    MAX_MONTHS,
    MONTH_PATTERN,
    Month,
    Period,
    Quarter,
    Year,
    today_of,
)

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

    @classmethod
    def period_or_default(cls, args, today: date) -> tuple[Period, dict[str, str]]:
        """The period ``args`` ask for, or, when it is refused, the default one with the
        field errors (a page shows them beside the default period's figures)."""
        try:
            return cls.parse(args, today=today).period_on(today), {}
        except ValidationFailed as error:
            errors = {field: str(message) for field, message in error.fields.items()}
            return cls.parse({}, today=today).period_on(today), errors

    def period_on(self, today: date) -> Period:
        """The months asked for; by default the twelve up to this one."""
        if self.year is not None:
            return Period(date(self.year, 1, 1), date(self.year, 12, 1))
        last = self.to or today.replace(day=1)
        return Period(self.from_, last) if self.from_ else Period.ending(last)


class PeriodQuery(StatisticsQuery):
    """One ``month``, one ``quarter`` (``2026-Q4``), one ``year`` or a ``from``–``to``
    range of months (default: the last twelve); two kinds at once are a 422."""

    month: Month = Field(None, examples=["2026-11"])
    quarter: Quarter = Field(None, examples=["2026-Q4"])

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        given = [name for name in ("month", "quarter") if getattr(self, name) is not None]
        if len(given) + (self.year is not None or bool(self.from_ or self.to)) > 1:
            raise blame(given[-1], _l("give one period only: a month, a quarter, a year or a range"))
        return self

    def period_on(self, today: date) -> Period:
        if self.month is not None:
            return Period(self.month, self.month)
        if self.quarter is not None:
            return Period(self.quarter, self.quarter.replace(month=self.quarter.month + 2))
        return super().period_on(today)


class MonthlyReportQuery(Schema):
    month: Month = Field(examples=["2026-11"])

    @model_validator(mode="after")
    def _given(self) -> Self:
        if self.month is None:
            raise blame("month", _l("is required"))
        return self


# Responses


SETTLED = "调解成功 (settled): cases whose agreement took effect, every signature in"
CONCLUDED = (
    "结案 (concluded): every ending after acceptance: settled, referred to court, "
    "withdrawn after acceptance (never a rejected case or one withdrawn before acceptance)"
)
SUCCESS_RATE = "settled_count / concluded_count, in per cent with one decimal; null with nothing concluded"


class TotalsOut(Out):
    """The kept totals of a centre (a court's slice for its liaisons); shared API.md.
    ``settled_count`` and ``concluded_count`` mean what they mean in every figure of
    the API (statistics, reports, the federation's roll-up)."""

    cases_by_state: dict[str, int]
    concluded: int = Field(
        description="API.md's first name for the settled count, kept as it was: equal to settled_count; "
        "for 结案 read concluded_count"
    )
    settled_count: int = Field(description=SETTLED)
    concluded_count: int = Field(description=CONCLUDED)
    success_rate: str | None = Field(description=SUCCESS_RATE, examples=["66.7"])
    resolved_claim_amount: Amount = Field(description="the claims of settled cases")
    agreed_amount: Amount
    performed_amount: Amount = Field(description="paid under settled cases' agreements")
    referred_to_court: int
    received: int = Field(description="every case, whatever its state")

    @classmethod
    def of(cls, totals) -> Self:
        same_name = {name: getattr(totals, name) for name in cls.model_fields if hasattr(totals, name)}
        return cls.model_validate(
            same_name
            | {
                "concluded": totals.settled,  # API.md's first meaning
                "settled_count": totals.settled,
                "concluded_count": totals.concluded,
                "success_rate": _optional(totals.success_rate),
            }
        )


class FiguresOut(Out):
    """Counts as numbers, money and rates as strings (exact decimals)."""

    received: int
    accepted: int
    concluded: int = Field(description=CONCLUDED)
    settled: int = Field(description=SETTLED)
    settled_count: int = Field(description="the same as settled: the name every figure of the API shares")
    concluded_count: int = Field(description="the same as concluded: the name every figure of the API shares")
    referred_to_court: int
    withdrawn: int
    rejected: int
    concluded_late: int
    success_rate: str | None = Field(description=SUCCESS_RATE, examples=["66.7"])
    average_days_to_conclude: str | None = Field(description="over the concluded cases", examples=["21.5"])
    claim_amount: Amount
    resolved_claim_amount: Amount
    agreed_amount: Amount
    performed_amount: Amount

    @classmethod
    def values_of(cls, figures) -> dict:
        return {
            **{name: getattr(figures, name) for name in cls.model_fields if name in _STORED},
            "concluded": figures.concluded,
            "settled_count": figures.settled,
            "concluded_count": figures.concluded,
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
        description=(
            "by source, industry, chamber, mediator, court and ending "
            "(how cases ended: settled, rejected, or the outcome code)"
        )
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
