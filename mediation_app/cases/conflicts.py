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
from sqlalchemy import ForeignKey, String, Text, exists, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Mapped, joinedload, mapped_column

from mediation_app.auth.models import User
from mediation_app.cases.models import Case, MediatorWorkload
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.types import UTCDateTime, utcnow
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


MEDIATED, DECLARED = "mediated", "declared"


def _screening(ids: list[int], cases: list[Case], since):
    """One statement: (mediator id, party id, reason) for each conflict found between the
    mediators ``ids`` and the parties of ``cases``, and only those. Whether a mediator
    concluded a case of a party (other than ``cases``) within the look-back period is one
    index probe per mediator and party (ix_cases_{applicant,respondent}_id_mediator_id_
    concluded_at), so the cost does not grow with the parties' history."""
    party_ids = sorted({party for case in cases for party in (case.applicant_id, case.respondent_id)})
    party = select(Organisation.id.label("party_id")).where(Organisation.id.in_(party_ids)).subquery()

    def concluded_with(column):
        return exists().where(
            Case.mediator_id == User.id,
            column == party.c.party_id,
            Case.concluded_at >= since,
            Case.id.not_in([case.id for case in cases]),
        )

    mediated = (
        select(User.id, party.c.party_id, literal(MEDIATED))
        .select_from(User)
        .join(party, true())
        .where(User.id.in_(ids), or_(concluded_with(Case.applicant_id), concluded_with(Case.respondent_id)))
    )
    declared = (
        select(ConflictDeclaration.mediator_id, ConflictDeclaration.organisation_id, literal(DECLARED))
        .where(ConflictDeclaration.mediator_id.in_(ids), ConflictDeclaration.organisation_id.in_(party_ids))
        .distinct()
    )
    return union_all(mediated, declared)


def _found(mediators: list[User], cases: list[Case]) -> set[tuple[int, int, str]]:
    since = utcnow() - timedelta(days=365 * current_app.config["CONFLICT_LOOKBACK_YEARS"])
    return set(db.session.execute(_screening([m.id for m in mediators], cases, since)).tuples())


def _reasons(mediator: User, case: Case, found: set) -> tuple[str, ...]:
    """Every reason ``mediator`` should not take ``case``: the database has answered for
    the case history and the declarations (``found``); the chamber is known from the rows."""
    years = current_app.config["CONFLICT_LOOKBACK_YEARS"]
    reasons = []
    for label, party in _parties(case):
        if mediator.organisation_id and mediator.organisation_id == party.chamber_id:
            reasons.append(_("belongs to the same chamber as the %(party)s", party=label))
        if (mediator.id, party.id, MEDIATED) in found:
            reasons.append(_("has mediated a case of the %(party)s within %(n)d years", party=label, n=years))
        if (mediator.id, party.id, DECLARED) in found:
            reasons.append(_("has declared a conflict with the %(party)s", party=label))
    return tuple(reasons)


def conflicts_for(mediators: list[User], case: Case) -> dict[int, tuple[str, ...]]:
    """Every reason each mediator should not take the case (one statement)."""
    if not mediators:
        return {}
    found = _found(mediators, [case])
    return {mediator.id: _reasons(mediator, case, found) for mediator in mediators}


def conflicts_of(mediator: User, case: Case) -> tuple[str, ...]:
    return conflicts_for([mediator], case)[mediator.id]


@dataclass(frozen=True)
class Suggestion:
    mediator: User
    open_cases: int
    industry_match: bool
    conflicts: tuple[str, ...]
    preferred: bool = False  # named by the filer (from the centre's register)


def _best_first(suggestion: Suggestion) -> tuple:
    """No conflict (else the fewest), preferred by the filer (a preference never outranks
    a conflict), the case's industry as their specialty, then the lightest workload."""
    return (
        len(suggestion.conflicts),
        not suggestion.preferred,
        not suggestion.industry_match,
        suggestion.open_cases,
        suggestion.mediator.name,
    )


def suggest_mediators(case: Case) -> list[Suggestion]:
    """The centre's mediators for a case, best first (:func:`_best_first`)."""
    roster = mediator_roster(case.centre_id)
    conflicts = conflicts_for([m for m, _n in roster], case)
    preferred = set(case.preferred_mediator_ids or ())
    suggestions = [
        Suggestion(
            m, n, bool(case.industry) and m.industry == case.industry, conflicts[m.id], m.id in preferred
        )
        for m, n in roster
    ]
    return sorted(suggestions, key=_best_first)


def suggest_for_cases(cases: list[Case]) -> list[Suggestion]:
    """The centre's mediators for several cases at once (a group's members waiting for
    one), best first: a mediator's conflict is how many of the cases it is in conflict
    with (one statement for them all, however many)."""
    if not cases:
        return []
    roster = mediator_roster(cases[0].centre_id)
    found = _found([m for m, _n in roster], cases)
    industries = {case.industry for case in cases if case.industry}
    ranked = []
    for mediator, open_cases in roster:
        conflicted = sum(1 for case in cases if _reasons(mediator, case, found))
        conflicts = (
            (_("in conflict with %(n)d of the %(total)d members", n=conflicted, total=len(cases)),)
            if conflicted
            else ()
        )
        suggestion = Suggestion(mediator, open_cases, mediator.industry in industries, conflicts)
        ranked.append((conflicted, suggestion))
    ranked.sort(key=lambda pair: (pair[0], *_best_first(pair[1])[1:]))
    return [suggestion for _conflicted, suggestion in ranked]


def mediator_roster(centre_id: int) -> list[tuple[User, int]]:
    """Active mediators of a centre (with their chamber) and their number of open
    cases, as kept by ``cases.workloads``: one row each, however many cases there are."""
    query = (
        select(User, func.coalesce(MediatorWorkload.open_cases, 0))
        .outerjoin(MediatorWorkload, MediatorWorkload.mediator_id == User.id)
        .where(User.role == Role.MEDIATOR, User.centre_id == centre_id, User.active.is_(True))
        .options(joinedload(User.organisation))
        .order_by(User.name, User.id)
    )
    return db.session.execute(query).all()
