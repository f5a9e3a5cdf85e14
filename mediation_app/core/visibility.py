"""The shape every confidentiality rule shares, as one SQL predicate: those in charge
of a case see everything on it, a party (its own users, or its agent in that case) the
shared records and its own, the court the shared records, anyone else nothing.

Positive and NULL-safe: every comparison answers true or false, never NULL (a record
of the mediator or staff belongs to no party), so callers select what it admits and
never negate it to find what is hidden (``NOT (false OR NULL)`` is NULL).
"""

from dataclasses import dataclass

from sqlalchemy import and_, false, or_, true

from mediation_app.core.hooks import Hook
from workflows.roles import Role

IN_CHARGE = (Role.MEDIATOR, Role.STAFF)


@dataclass(frozen=True)
class Agency:
    """A personal account acting for a party in one case (委托代理人), as its standing
    appointment says."""

    case_id: int
    party: str  # "applicant" or "respondent"
    organisation_id: int  # the party it acts for
    special: bool  # 特别授权: may settle (sign the agreement); a general one may not


#: The standing appointments of a personal account: ``finder(user) -> [Agency, …]``
#: (attached in ``wiring``; the agents domain stands above those that read it).
agencies_found = Hook("agencies_found", ("user",))


def is_personal_account(user) -> bool:
    """An enterprise-role account of no company: a person (a lawyer, a relative) who
    reaches a case only as a party's agent."""
    return user.role is Role.ENTERPRISE and user.organisation_id is None and user.verified_at is not None


def agencies(user) -> dict[int, Agency]:
    """The cases ``user`` acts in as an agent, by case id (none for any other account:
    no statement is run for them)."""
    if not is_personal_account(user):
        return {}
    return {agency.case_id: agency for found in agencies_found(user=user) for agency in found}


def shared_or_own(user, shared, party_column, case_column):
    """``shared``: the clause of the records every side may see; ``party_column``: the
    party a record belongs to (NULL when it belongs to none); ``case_column``: its case
    (an agent's own records are its party's in the cases it acts in, no others)."""
    if user.role in IN_CHARGE:
        return true()
    if user.role is Role.ENTERPRISE and user.organisation_id is not None:
        return or_(shared, and_(party_column.is_not(None), party_column == user.organisation_id))
    if user.role is Role.ENTERPRISE:
        own = [
            and_(case_column == agency.case_id, party_column == agency.organisation_id)
            for agency in agencies(user).values()
        ]
        return or_(shared, *own) if own else false()
    if user.role is Role.COURT_LIAISON:
        return shared
    return false()
