"""What a user may do in the court linkage of a case they can see: the single
source for buttons, checks and access tests (cf. cases.permissions)."""

from mediation_app.cases.permissions import in_charge_of
from workflows.case_states import CaseState
from workflows.roles import Role


def is_liaison_of(user, court_id: int | None) -> bool:
    return user.role is Role.COURT_LIAISON and court_id is not None and user.organisation_id == court_id


def may_attach_delegation_letter(user, case) -> bool:
    """The court's letter of delegation (委派函 / 委托函): its liaison, or staff on its behalf."""
    return case.source.from_court and (user.role is Role.STAFF or is_liaison_of(user, case.court_id))


def may_record_performance(user, case) -> bool:
    """Payments and follow-up visits: the case's mediator or staff, once it is settled."""
    return in_charge_of(user, case) and case.state is CaseState.SETTLED


def may_apply_for_confirmation(user, case, window) -> bool:
    """Those in charge record the parties' joint application once the agreement is in effect."""
    return (
        in_charge_of(user, case)
        and case.state is CaseState.SETTLED
        and window.effective_on is not None
        and not window.applied
        and window.outcome is None
    )


def may_record_confirmation(user, case) -> bool:
    """The court's decision: recorded by its liaison (staff for a court without one)."""
    return user.role is Role.STAFF or is_liaison_of(user, case.court_id)


def may_download_package(user, case) -> bool:
    """The referral package goes to the court; those in charge may check what it holds."""
    return in_charge_of(user, case) or is_liaison_of(user, case.court_id)


def may_acknowledge(user, referral) -> bool:
    return is_liaison_of(user, referral.court_id) and referral.acknowledged_at is None
