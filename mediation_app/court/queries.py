"""Reading what follows mediation: instalments, payments, visits, referrals and
confirmations, always through the cases the viewer may see."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, select, type_coerce
from sqlalchemy.orm import joinedload

from mediation_app.cases.models import Case, Instalment
from mediation_app.cases.queries import get_visible_case, instalments_of, visible_to
from mediation_app.court.models import Confirmation, FollowUpVisit, Payment, Referral
from mediation_app.court.window import ACKNOWLEDGE_WITHIN, is_overdue, window_last_day
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.types import Money
from workflows.case_states import CaseState

ZERO = Decimal("0.00")


def payments_of(case: Case) -> list[Payment]:
    return db.session.scalars(
        select(Payment)
        .where(Payment.case_id == case.id)
        .options(joinedload(Payment.recorded_by))
        .order_by(Payment.paid_on, Payment.id)
    ).all()


def visits_of(case: Case) -> list[FollowUpVisit]:
    return db.session.scalars(
        select(FollowUpVisit)
        .where(FollowUpVisit.case_id == case.id)
        .options(joinedload(FollowUpVisit.recorded_by))
        .order_by(FollowUpVisit.visited_on, FollowUpVisit.id)
    ).all()


def paid_so_far(case: Case) -> Decimal:
    total = select(type_coerce(func.coalesce(func.sum(Payment.amount), 0), Money))
    return db.session.scalar(total.where(Payment.case_id == case.id))


@dataclass
class InstalmentStatus:
    instalment: Instalment
    paid: Decimal  # applied to it, payments taken in due order
    overdue: bool

    @property
    def outstanding(self) -> Decimal:
        return self.instalment.amount - self.paid


@dataclass
class Performance:
    """How far a settled agreement has been performed (履行情况) on ``today``."""

    agreed: Decimal
    paid: Decimal
    instalments: list[InstalmentStatus] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    visits: list[FollowUpVisit] = field(default_factory=list)

    @property
    def owed(self) -> Decimal:
        return self.agreed - self.paid

    @property
    def overdue_amount(self) -> Decimal:
        return sum((s.outstanding for s in self.instalments if s.overdue), ZERO)

    @property
    def in_default(self) -> bool:
        return self.overdue_amount > 0

    @property
    def first_unpaid_overdue(self) -> InstalmentStatus | None:
        return next((s for s in self.instalments if s.overdue and s.outstanding > 0), None)


def performance_of(case: Case, today: date) -> Performance:
    payments = payments_of(case)
    paid = sum((p.amount for p in payments), ZERO)
    remaining, statuses = paid, []
    for instalment in instalments_of(case):
        applied = min(remaining, instalment.amount)
        remaining -= applied
        statuses.append(InstalmentStatus(instalment, applied, is_overdue(instalment.due_on, today)))
    return Performance(case.agreed_amount or ZERO, paid, statuses, payments, visits_of(case))


def _sum_fen(column, *conditions):
    """A correlated SUM over a money column, in fen (0 when there are no rows)."""
    return select(func.coalesce(func.sum(column), 0)).where(*conditions).scalar_subquery()


def in_default(today: date):
    """The WHERE clause of settled cases with an instalment overdue and not fully paid:
    more is due before today than has been paid (payments go to instalments in due order)."""
    due = _sum_fen(Instalment.amount, Instalment.case_id == Case.id, Instalment.due_on < today)
    paid = _sum_fen(Payment.amount, Payment.case_id == Case.id)
    return and_(Case.state == CaseState.SETTLED, due > paid)


def cases_in_default(today: date) -> list[Case]:
    """Every centre's cases in default (for the reminders)."""
    return db.session.scalars(select(Case).where(in_default(today)).order_by(Case.id)).all()


# --- referrals -----------------------------------------------------------------------


def referral_of(case: Case) -> Referral | None:
    return db.session.scalars(select(Referral).where(Referral.case_id == case.id)).first()


def get_visible_referral(user, case_id: int) -> tuple[Referral, Case]:
    """The case's referral, or NotVisible as for a missing case."""
    case = get_visible_case(user, case_id)
    referral = referral_of(case)
    if referral is None:
        raise NotVisible()
    return referral, case


def is_flagged(referral: Referral, now: datetime) -> bool:
    """Not acknowledged by the court more than 3 days after the referral."""
    return referral.acknowledged_at is None and now - referral.referred_at > ACKNOWLEDGE_WITHIN


def referrals_for(user, *, changed_after: tuple[datetime, int | None] | None = None, limit: int = 100):
    """The referrals of the cases ``user`` sees, in the order they last changed
    (oldest first), after the ``(updated_at, id)`` position of a previous page."""
    query = (
        select(Referral)
        .join(Case, Case.id == Referral.case_id)
        .where(visible_to(user))
        .options(joinedload(Referral.case))
    )
    if changed_after is not None:
        moment, last_id = changed_after
        later = Referral.updated_at > moment
        if last_id is not None:  # continuing a page: the same moment, later ids
            later = later | ((Referral.updated_at == moment) & (Referral.id > last_id))
        query = query.where(later)
    return db.session.scalars(query.order_by(Referral.updated_at, Referral.id).limit(limit)).all()


# --- judicial confirmation --------------------------------------------------------------


def confirmation_of(case: Case) -> Confirmation | None:
    return db.session.scalars(select(Confirmation).where(Confirmation.case_id == case.id)).first()


@dataclass
class ConfirmationWindow:
    """Where a settled case stands on judicial confirmation on ``today``."""

    effective_on: date | None
    confirmation: Confirmation | None
    today: date

    @property
    def last_day(self) -> date | None:
        return None if self.effective_on is None else window_last_day(self.effective_on)

    @property
    def days_left(self) -> int | None:
        return None if self.last_day is None else (self.last_day - self.today).days

    @property
    def is_open(self) -> bool:
        return self.days_left is not None and self.days_left >= 0

    @property
    def applied(self) -> bool:
        return self.confirmation is not None and self.confirmation.applied_on is not None

    @property
    def outcome(self) -> str | None:
        return self.confirmation.outcome if self.confirmation else None

    @property
    def enforceable(self) -> bool:
        return self.confirmation is not None and self.confirmation.enforceable


def window_of(case: Case, today: date) -> ConfirmationWindow:
    return ConfirmationWindow(case.agreement_effective_on, confirmation_of(case), today)


# --- the liaison's workspace --------------------------------------------------------------

WORKSPACE_FLAGS = ("unacknowledged", "in_default", "awaiting_confirmation", "enforceable")


@dataclass(frozen=True)
class WorkspaceFilter:
    state: CaseState | None = None
    source: str | None = None
    flag: str | None = None

    def conditions(self, today: date) -> list:
        conditions = []
        if self.state is not None:
            conditions.append(Case.state == self.state)
        if self.source is not None:
            conditions.append(Case.source == self.source)
        if self.flag == "unacknowledged":
            conditions.append(Case.id.in_(select(Referral.case_id).where(Referral.acknowledged_at.is_(None))))
        elif self.flag == "in_default":
            conditions.append(in_default(today))
        elif self.flag == "awaiting_confirmation":
            decided = select(Confirmation.case_id).where(Confirmation.outcome.is_not(None))
            conditions += [
                Case.state == CaseState.SETTLED,
                Case.agreement_effective_on.is_not(None),
                Case.id.not_in(decided),
            ]
        elif self.flag == "enforceable":
            conditions.append(
                Case.id.in_(select(Confirmation.case_id).where(Confirmation.outcome == "confirmed"))
            )
        return conditions


@dataclass
class WorkspaceRow:
    case: Case
    referral: Referral | None
    confirmation: Confirmation | None
    in_default: bool


def court_cases(user):
    """The cases of the workspace: a liaison's court's cases, or for centre staff every
    case a court sent (the staff's view of referrals and confirmations)."""
    return and_(visible_to(user), Case.court_id.is_not(None))


def workspace_rows(
    user, where: WorkspaceFilter, today: date, *, before_id: int | None = None, limit: int = 50
):
    """A page of the cases ``user`` sees (newest first), with their referral, confirmation
    and default flag; and the id to continue before, or None on the last page."""
    query = (
        select(Case)
        .where(court_cases(user), *where.conditions(today))
        .options(
            joinedload(Case.applicant),
            joinedload(Case.respondent),
            joinedload(Case.mediator),
            joinedload(Case.court),
        )
    )
    if before_id is not None:
        query = query.where(Case.id < before_id)
    cases = db.session.scalars(query.order_by(Case.id.desc()).limit(limit + 1)).all()
    page = cases[:limit]
    ids = [c.id for c in page]
    referrals = {r.case_id: r for r in db.session.scalars(select(Referral).where(Referral.case_id.in_(ids)))}
    confirmations = {
        c.case_id: c for c in db.session.scalars(select(Confirmation).where(Confirmation.case_id.in_(ids)))
    }
    defaults = set(db.session.scalars(select(Case.id).where(Case.id.in_(ids), in_default(today))))
    rows = [WorkspaceRow(c, referrals.get(c.id), confirmations.get(c.id), c.id in defaults) for c in page]
    return rows, (page[-1].id if len(cases) > limit else None)


def outcome_counts(user, today: date, now: datetime) -> dict[str, int]:
    """The court's cases by state, and how many wait on the court or are in default."""
    visible = select(Case.id).where(court_cases(user))
    counts = {s.value: 0 for s in CaseState}
    for state, count in db.session.execute(
        select(Case.state, func.count()).where(court_cases(user)).group_by(Case.state)
    ):
        counts[state.value] = count
    unacknowledged = (
        select(func.count())
        .select_from(Referral)
        .where(Referral.case_id.in_(visible), Referral.acknowledged_at.is_(None))
    )
    counts["unacknowledged"] = db.session.scalar(unacknowledged)
    counts["flagged"] = db.session.scalar(
        unacknowledged.where(Referral.referred_at < now - ACKNOWLEDGE_WITHIN)
    )
    counts["in_default"] = db.session.scalar(
        select(func.count()).select_from(Case).where(court_cases(user), in_default(today))
    )
    counts["enforceable"] = db.session.scalar(
        select(func.count())
        .select_from(Confirmation)
        .where(Confirmation.case_id.in_(visible), Confirmation.outcome == "confirmed")
    )
    return counts


def late_referrals(user, now: datetime, limit: int = 10) -> list[Case]:
    """The cases ``user`` sees that were referred to court and not acknowledged within
    ``ACKNOWLEDGE_WITHIN``, oldest referral first (the staff's to-do list)."""
    query = (
        select(Case)
        .join(Referral, Referral.case_id == Case.id)
        .where(
            court_cases(user),
            Referral.acknowledged_at.is_(None),
            Referral.referred_at < now - ACKNOWLEDGE_WITHIN,
        )
        .order_by(Referral.referred_at, Case.id)
        .limit(limit)
    )
    return db.session.scalars(query).all()
