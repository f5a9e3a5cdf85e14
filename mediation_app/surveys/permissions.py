"""Who is offered the satisfaction survey of a case, and when."""

from workflows.case_states import CaseState
from workflows.roles import Role

# Cases that went through mediation and ended: settled, failed (referred to court,
# including a respondent's refusal) or withdrawn. A case refused at screening was
# never mediated, so there is nothing to rate.
CONCLUDED = frozenset({CaseState.SETTLED, CaseState.REFERRED_TO_COURT, CaseState.WITHDRAWN})


def party_of(user, case) -> int | None:
    """The party (organisation id) ``user`` answers for on ``case``, if any."""
    if user.role is not Role.ENTERPRISE or user.organisation_id is None:
        return None
    return user.organisation_id if user.organisation_id in (case.applicant_id, case.respondent_id) else None
