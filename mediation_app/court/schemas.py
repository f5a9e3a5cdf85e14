"""The payloads of the court linkage: what a payment, a follow-up visit, an
acknowledgement, an application and a court's decision carry in, and what
performance, referrals and judicial confirmation look like going out."""

import base64
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import AfterValidator, Field, PlainValidator, WithJsonSchema, create_model

from mediation_app.cases.schemas import Actor, Optional
from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import MAX_ID, Amount, CourtCaseNumber, Day, DayOut, Money, Text, Timestamp
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date

OUTCOMES = ("confirmed", "not_confirmed")
MAX_PAGE = 100
MAX_CURSOR = 200
NOTE_LENGTH = 2000


def _not_future(day: date) -> date:
    if day > local_date(utcnow()):
        raise ValueError(_l("must not be in the future"))
    return day


#: A day that has come (China calendar): a payment, a visit or a court's decision.
PastDay = Annotated[Day, AfterValidator(_not_future)]
Note = Text(NOTE_LENGTH, multiline=True)
OptionalNote = Text(NOTE_LENGTH, multiline=True, required=False)


# Requests


class NewPayment(Schema):
    """A payment under the agreement: positive, at most what is still owed, made
    between the settlement and today."""

    amount: Money
    paid_on: PastDay
    note: OptionalNote = ""


class NewVisit(Schema):
    """A follow-up visit or call on the agreement's performance (履行回访)."""

    visited_on: PastDay
    note: Note


class Acknowledgement(Schema):
    filing_number: CourtCaseNumber = Field(description="the court's filing number (立案号)")


class ConfirmationApplication(Schema):
    late_reason: OptionalNote = Field("", description="required after the 30-day window")


class ConfirmationOutcome(Schema):
    """The court's decision: confirmed with its 诉前调确 number, or not confirmed with the reason."""

    outcome: Literal[OUTCOMES]
    decided_on: PastDay
    confirmation_number: Optional(str) = Field(
        None,
        max_length=100,
        description="confirmed: the 诉前调确 number",
        examples=["(2026)苏0621民诉前调确12号"],
    )
    reason: OptionalNote = Field("", description="not confirmed: why")
    late_reason: OptionalNote = Field(
        "", description="required when neither the application nor today is within the window"
    )


def _moment(raw: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(_("must be a time in ISO 8601 with its offset, e.g. 2026-12-01T08:00:00+08:00"))
    return moment


def _cursor(raw: Any) -> tuple[datetime, int]:
    """The (updated_at, id) of the last referral of the previous page."""
    try:
        if len(raw) > MAX_CURSOR:
            raise ValueError("too long")
        text = base64.urlsafe_b64decode(raw.encode()).decode()
        moment, _sep, last_id = text.partition("|")
        if not (len(last_id) <= 10 and last_id.isascii() and last_id.isdigit() and int(last_id) <= MAX_ID):
            raise ValueError(last_id)
        return _moment(moment), int(last_id)
    except (ValueError, UnicodeError, AttributeError, TypeError):
        raise ValueError(_("is not a cursor this list gave out")) from None


def _page_size(raw: Any) -> int:
    if isinstance(raw, str) and len(raw) <= 3 and raw.isascii() and raw.isdigit():
        raw = int(raw)
    if type(raw) is not int or not 1 <= raw <= MAX_PAGE:
        raise ValueError(_("must be between 1 and %(n)d", n=MAX_PAGE))
    return raw


def referral_cursor(referral) -> str:
    """Opaque: the (updated_at, id) of the last referral of a page."""
    text = f"{referral.updated_at.isoformat()}|{referral.id}"
    return base64.urlsafe_b64encode(text.encode()).decode()


Moment = Annotated[
    datetime, PlainValidator(_moment), WithJsonSchema({"type": "string", "format": "date-time"})
]
ReferralCursor = Annotated[
    tuple[datetime, int], PlainValidator(_cursor), WithJsonSchema({"type": "string", "maxLength": MAX_CURSOR})
]
PageSize = Annotated[
    int,
    PlainValidator(_page_size),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 50}),
]


class ReferralListQuery(Schema):
    """``cursor`` continues a list; else ``since`` starts strictly after a moment."""

    since: Optional(Moment) = Field(None, description="ISO 8601 with offset")
    cursor: Optional(ReferralCursor) = Field(None, description="next_cursor of the previous page")
    limit: PageSize = 50

    @property
    def position(self) -> tuple[datetime, int | None] | None:
        """Where to continue: after the cursor's referral, or strictly after ``since``."""
        if self.cursor is not None:
            return self.cursor
        return None if self.since is None else (self.since, None)


# Responses


class PaymentOut(Out):
    id: int
    case_id: int
    amount: Amount
    paid_on: DayOut
    note: str
    recorded_by: Actor | None
    created_at: Timestamp


class FollowUpVisitOut(Out):
    id: int
    case_id: int
    visited_on: DayOut
    note: str
    recorded_by: Actor | None
    created_at: Timestamp


class InstalmentStatusOut(Out):
    sequence: int
    amount: Amount
    due_on: DayOut
    paid: Amount = Field(description="payments applied to it, in due order")
    outstanding: Amount
    overdue: bool = Field(description="past due (from the day after) and not fully paid")

    @classmethod
    def of(cls, status) -> Self:
        instalment = status.instalment
        return cls(
            sequence=instalment.sequence,
            amount=instalment.amount,
            due_on=instalment.due_on,
            paid=status.paid,
            outstanding=status.outstanding,
            overdue=status.overdue and status.outstanding > 0,
        )


class PerformanceOut(Out):
    """Payments go to instalments in due order; an instalment is overdue from the day
    after its due date (China calendar days); a case with an overdue, unpaid instalment
    is in default."""

    agreed_amount: Amount
    paid: Amount
    owed: Amount
    overdue_amount: Amount
    in_default: bool
    instalments: list[InstalmentStatusOut]
    payments: list[PaymentOut]
    visits: list[FollowUpVisitOut]

    @classmethod
    def of(cls, performance) -> Self:
        return cls(
            agreed_amount=performance.agreed,
            paid=performance.paid,
            owed=performance.owed,
            overdue_amount=performance.overdue_amount,
            in_default=performance.in_default,
            instalments=[InstalmentStatusOut.of(s) for s in performance.instalments],
            payments=[PaymentOut.model_validate(p) for p in performance.payments],
            visits=[FollowUpVisitOut.model_validate(v) for v in performance.visits],
        )


class ReferralOut(Out):
    id: int
    case_id: int
    case_number: str
    court_case_number: str | None
    reason: str
    outcome_code: str | None = Field(description="why mediation ended (the case's outcome_code)")
    referred_at: Timestamp
    acknowledged_at: Timestamp | None
    filing_number: str | None = Field(description="立案号")
    unacknowledged_over_3_days: bool
    updated_at: Timestamp

    @classmethod
    def of(cls, referral, flagged: bool) -> Self:
        case = referral.case
        return cls(
            id=referral.id,
            case_id=referral.case_id,
            case_number=case.number,
            court_case_number=case.court_case_number,
            reason=referral.reason,
            outcome_code=case.outcome_code,
            referred_at=referral.referred_at,
            acknowledged_at=referral.acknowledged_at,
            filing_number=referral.filing_number,
            unacknowledged_over_3_days=flagged,
            updated_at=referral.updated_at,
        )


class ReferralPage(Out):
    items: list[ReferralOut]
    next_cursor: str | None


class ConfirmationOut(Out):
    """Judicial confirmation (司法确认): the parties apply jointly within 30 days of the
    agreement taking effect (the last day is effective date + 30, inclusive)."""

    agreement_effective_on: DayOut | None
    window_last_day: DayOut | None
    days_left: int | None
    window_open: bool
    applied_on: DayOut | None
    application_document_id: int | None
    late_reason: str | None
    outcome: Literal[OUTCOMES] | None
    confirmation_number: str | None
    decided_on: DayOut | None
    reason: str | None
    enforceable: bool

    @classmethod
    def of(cls, window) -> Self:
        confirmation = window.confirmation
        return cls(
            agreement_effective_on=window.effective_on,
            window_last_day=window.last_day,
            days_left=window.days_left,
            window_open=window.is_open,
            applied_on=confirmation and confirmation.applied_on,
            application_document_id=confirmation and confirmation.application_document_id,
            late_reason=confirmation and confirmation.late_reason,
            outcome=window.outcome,
            confirmation_number=confirmation and confirmation.confirmation_number,
            decided_on=confirmation and confirmation.decided_on,
            reason=confirmation and confirmation.reason,
            enforceable=window.enforceable,
        )


#: Cases by state of the caller's court (staff: every court's), and those waiting on it.
CourtOutcomes = create_model(
    "CourtOutcomes",
    __base__=Out,
    __doc__="Cases by state, with the referrals awaiting acknowledgement (flagged: over 3 days), "
    "the enforceable and the defaulting cases.",
    **{state.value: (int, ...) for state in CaseState},
    unacknowledged=(int, Field(description="referrals not yet acknowledged")),
    flagged=(int, Field(description="of those, referred over 3 days ago")),
    in_default=(int, ...),
    enforceable=(int, Field(description="agreements the court confirmed")),
)
