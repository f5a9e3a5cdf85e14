"""Who a user is to a court's cases (its liaison) and who may handle its papers; the
court linkage's actions on a case are ``court.actions``."""

from mediation_app.cases.permissions import in_charge_of
from workflows.roles import Role


def is_liaison_of(user, court_id: int | None) -> bool:
    return user.role is Role.COURT_LIAISON and court_id is not None and user.organisation_id == court_id


def may_attach_delegation_letter(user, case) -> bool:
    """The court's letter of delegation (委派函 / 委托函): its liaison, or staff on its behalf."""
    return case.source.from_court and (user.role is Role.STAFF or is_liaison_of(user, case.court_id))


def may_download_package(user, case) -> bool:
    """The referral package goes to the court; those in charge may check what it holds."""
    return in_charge_of(user, case) or is_liaison_of(user, case.court_id)
