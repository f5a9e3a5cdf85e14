"""Who a user is to a case (the lifecycle's actor, those in charge); what they may do
with it now is ``cases.actions``."""

from sqlalchemy import false, true

from mediation_app.cases.models import Case
from mediation_app.core.visibility import agencies
from workflows import Actor
from workflows.roles import Role


def actor_for(user, case, *, signs_last: bool = False) -> Actor:
    """The user as the lifecycle sees them, relative to this case (``signs_last``: as the
    one whose signature makes the agreement take effect)."""
    party = party_of(user, case)
    return Actor(
        role=user.role,
        is_assigned_mediator=case.mediator_id is not None and case.mediator_id == user.id,
        is_applicant=party == "applicant",
        is_respondent=party == "respondent",
        signs_last=signs_last,
    )


#: The two sides of a case, as records that concern one of them name it.
PARTIES = ("applicant", "respondent")


def party_of(user, case) -> str | None:
    """The side of the case ``user`` speaks for, as a party's own user or as its agent
    in this case (None: neither)."""
    if user.role is not Role.ENTERPRISE:
        return None
    if user.organisation_id is None:
        agency = agencies(user).get(case.id)
        return agency.party if agency else None
    if user.organisation_id == case.applicant_id:
        return "applicant"
    if user.organisation_id == case.respondent_id:
        return "respondent"
    return None


def may_settle(user, case) -> bool:
    """Settling for a party (signing its agreement) takes the party's own user, or an
    agent with special authority (特别授权, 民事诉讼法 art. 62); a general one may not."""
    agency = agencies(user).get(case.id)
    return agency is None or agency.special


def organisation_of(case, party: str):
    """The organisation on ``party``'s side of the case."""
    return case.applicant if party == "applicant" else case.respondent


def files_for_itself(user) -> bool:
    """An enterprise files (a case, a group) once the centre has verified it, for its own
    company; an agent's personal account files nothing, it acts where it is appointed."""
    if user.role is not Role.ENTERPRISE:
        return True
    return user.verified_at is not None and user.organisation_id is not None


def in_charge_of(user, case) -> bool:
    """Centre staff and the case's own mediator run the case's mediation."""
    return user.role is Role.STAFF or (user.role is Role.MEDIATOR and case.mediator_id == user.id)


def in_charge_clause(user):
    """:func:`in_charge_of` as a WHERE clause over ``cases``, for a query that joins them."""
    if user.role is Role.STAFF:
        return true()
    if user.role is Role.MEDIATOR:
        return Case.mediator_id == user.id
    return false()
