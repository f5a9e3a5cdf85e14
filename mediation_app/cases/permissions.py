"""What a user may do with a case: the single source for buttons, checks and access tests."""

from workflows import Actor, allowed_triggers
from workflows.roles import Role


def actor_for(user, case) -> Actor:
    """The user as the lifecycle sees them, relative to this case."""
    return Actor(
        role=user.role,
        is_assigned_mediator=case.mediator_id is not None and case.mediator_id == user.id,
        is_applicant=user.organisation_id is not None and user.organisation_id == case.applicant_id,
        is_respondent=user.organisation_id is not None and user.organisation_id == case.respondent_id,
    )


def available_triggers(user, case) -> list[str]:
    return allowed_triggers(case.state, actor_for(user, case))


def in_charge_of(user, case) -> bool:
    """Centre staff and the case's own mediator run the case's mediation."""
    return user.role is Role.STAFF or (user.role is Role.MEDIATOR and case.mediator_id == user.id)


def may_extend_deadline(user, case) -> bool:
    """Those in charge record an extension the parties agreed to, while the case is
    open and its clock running."""
    return in_charge_of(user, case) and not case.state.is_final and case.clock_started_at is not None


def may_file(user) -> bool:
    """Enterprises (once the centre has verified them), court liaisons and staff."""
    if user.role is Role.ENTERPRISE:
        return user.verified_at is not None
    return user.role in {Role.COURT_LIAISON, Role.STAFF}


def may_record_consent(user, case) -> bool:
    """The respondent answers the invitation once, after acceptance; staff may record
    an answer given on paper or by phone."""
    respondent = user.role is Role.ENTERPRISE and user.organisation_id == case.respondent_id
    return (
        (respondent or user.role is Role.STAFF)
        and case.state.value == "assigned"
        and case.respondent_consent is None
    )


def may_request_recusal(user, case) -> bool:
    """A party may ask that the mediator withdraw while one works the case."""
    party = user.role is Role.ENTERPRISE and user.organisation_id in (case.applicant_id, case.respondent_id)
    return party and case.state.value in ("assigned", "mediated")
