"""Conflict screening (回避) and ranked mediator suggestions for an assignment.

A mediator is flagged when they belong to the chamber of a party (chambers supply
the mediators), mediated a case of a party concluded within the look-back period,
or have declared a conflict with a party. A flagged mediator can only be assigned
with a recorded override reason.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, Text, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow
from workflows.case_states import OPEN_STATES
from workflows.roles import Role


class ConflictDeclaration(db.Model):
    """A mediator's own statement of a relationship with an enterprise."""

    __tablename__ = "conflict_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    reason: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="declared")
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


def _parties(case: Case):
    return ((_("applicant"), case.applicant), (_("respondent"), case.respondent))


def conflicts_for(mediators: list[User], case: Case) -> dict[int, tuple[str, ...]]:
    """Every reason each mediator should not take the case, in two queries for all."""
    ids = [m.id for m in mediators]
    party_ids = (case.applicant_id, case.respondent_id)
    years = current_app.config["CONFLICT_LOOKBACK_YEARS"]
    since = utcnow() - timedelta(days=365 * years)
    mediated: dict[int, set[int]] = {m: set() for m in ids}
    for mediator_id, applicant_id, respondent_id in db.session.execute(
        select(Case.mediator_id, Case.applicant_id, Case.respondent_id).where(
            Case.mediator_id.in_(ids),
            Case.id != case.id,
            Case.concluded_at >= since,
            or_(Case.applicant_id.in_(party_ids), Case.respondent_id.in_(party_ids)),
        )
    ):
        mediated[mediator_id] |= {applicant_id, respondent_id}
    declared: dict[int, set[int]] = {m: set() for m in ids}
    for mediator_id, organisation_id in db.session.execute(
        select(ConflictDeclaration.mediator_id, ConflictDeclaration.organisation_id).where(
            ConflictDeclaration.mediator_id.in_(ids), ConflictDeclaration.organisation_id.in_(party_ids)
        )
    ):
        declared[mediator_id].add(organisation_id)
    found = {}
    for mediator in mediators:
        reasons = []
        for label, party in _parties(case):
            if mediator.organisation_id and mediator.organisation_id == party.chamber_id:
                reasons.append(_("belongs to the same chamber as the %(party)s", party=label))
            if party.id in mediated[mediator.id]:
                reasons.append(
                    _("has mediated a case of the %(party)s within %(n)d years", party=label, n=years)
                )
            if party.id in declared[mediator.id]:
                reasons.append(_("has declared a conflict with the %(party)s", party=label))
        found[mediator.id] = tuple(reasons)
    return found


def conflicts_of(mediator: User, case: Case) -> tuple[str, ...]:
    return conflicts_for([mediator], case)[mediator.id]


@dataclass(frozen=True)
class Suggestion:
    mediator: User
    open_cases: int
    industry_match: bool
    conflicts: tuple[str, ...]


def suggest_mediators(case: Case) -> list[Suggestion]:
    """The centre's mediators, best first: no conflict, the case's industry as their
    specialty, then the lightest current workload."""
    roster = mediator_roster(case.centre_id)
    conflicts = conflicts_for([m for m, _n in roster], case)
    suggestions = [
        Suggestion(m, n, bool(case.industry) and m.industry == case.industry, conflicts[m.id])
        for m, n in roster
    ]
    return sorted(
        suggestions, key=lambda s: (bool(s.conflicts), not s.industry_match, s.open_cases, s.mediator.name)
    )


def mediator_roster(centre_id: int) -> list[tuple[User, int]]:
    """Active mediators of a centre with their number of open cases."""
    open_cases = (
        select(Case.mediator_id, func.count().label("n"))
        .where(Case.centre_id == centre_id, Case.state.in_(OPEN_STATES))  # ix_cases_centre_state_id
        .group_by(Case.mediator_id)
        .subquery()
    )
    query = (
        select(User, func.coalesce(open_cases.c.n, 0))
        .outerjoin(open_cases, open_cases.c.mediator_id == User.id)
        .where(User.role == Role.MEDIATOR, User.centre_id == centre_id, User.active.is_(True))
        .order_by(User.name)
    )
    return db.session.execute(query).all()
