"""The payloads of the mediator register: a mediator's entry, a training record, and
what the public register shows (never contact details)."""

from datetime import date, timedelta
from typing import Literal, Self

from flask_babel import lazy_gettext as _l
from pydantic import Field, model_validator

from mediation_app.cases.schemas import DISPUTE_TYPES, Optional
from mediation_app.core.schema import Out, Schema, blame
from mediation_app.core.types import Day, DayOut, Id, Items, Tenths, TenthsOut, Text, Timestamp

MAX_COURSE_HOURS = 200
TERM_YEARS = 2  # the federation's rules and the courts' registers appoint for two years


HoursIn = Tenths(0, MAX_COURSE_HOURS, above_low=True)


class RegisterEntryIn(Schema):
    """A mediator's entry in the register, as staff keep it. A term given only its start
    ends two years later (the day before the anniversary)."""

    dispute_types: Items(Literal[DISPUTE_TYPES], max_items=len(DISPUTE_TYPES)) = Field(
        default_factory=list, description="the kinds of dispute they mediate"
    )
    languages: Text(200, required=False) = Field("", examples=["普通话、南通话、英语"])
    qualifications: Text(2000, multiline=True, required=False) = Field(
        "", description="e.g. 律师执业证、仲裁员、高级经济师"
    )
    term_starts_on: Optional(Day) = None
    term_ends_on: Optional(Day) = None
    active: bool = Field(True, description="listed on the public register")

    @model_validator(mode="after")
    def _term(self) -> Self:
        if self.term_ends_on is not None and self.term_starts_on is None:
            raise blame("term_starts_on", _l("is required when the term has an end"))
        if self.term_ends_on is not None and self.term_ends_on < self.term_starts_on:
            raise blame("term_ends_on", _l("must not be before the start of the term"))
        return self

    def term_end(self) -> date | None:
        if self.term_ends_on is not None or self.term_starts_on is None:
            return self.term_ends_on
        return _years_later(self.term_starts_on, TERM_YEARS) - timedelta(days=1)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year: the term runs to its last day
        return date(day.year + years, 3, 1)


class TrainingIn(Schema):
    course: Text(200)
    held_on: Day
    hours: HoursIn


class TrainingOut(Out):
    id: Id
    course: str
    held_on: DayOut
    hours: TenthsOut
    recorded_at: Timestamp


class RegisterEntryOut(Out):
    """A mediator as the public register shows them: no e-mail, no phone."""

    id: Id
    name: str
    chamber: str | None = Field(description="the chamber of commerce they come from")
    industry: str = Field(description="their industry specialty (cases.industry); empty: none")
    dispute_types: list[str]
    languages: str
    qualifications: str
    term_starts_on: DayOut | None
    term_ends_on: DayOut | None


class StaffRegisterEntryOut(RegisterEntryOut):
    """The entry as staff see it: also whether it is listed, the term's state and training."""

    active: bool
    term_ending_soon: bool = Field(description="the term ends within 60 days")
    training_hours_this_year: TenthsOut
    trainings: list[TrainingOut]
