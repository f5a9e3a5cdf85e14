"""What a case's court linkage lets a user do (added to ``cases.actions``): the
delegation letter, the performance follow-up, judicial confirmation; and what may be
done with a referral back to court (``REFERRAL``)."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import in_charge_of
from mediation_app.core.actions import Actions
from mediation_app.core.workspace import WORKSPACE
from mediation_app.court.permissions import is_liaison_of, may_attach_delegation_letter
from mediation_app.court.queries import window_of
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date
from workflows.roles import Role


def _settled(case) -> bool:
    return case.state is CaseState.SETTLED


def _open_for_application(case) -> bool:
    """A settled agreement in effect, not yet applied for, with no decision yet."""
    if not _settled(case) or case.agreement_effective_on is None:
        return False
    window = window_of(case, local_date(utcnow()))
    return not window.applied and window.outcome is None


CASE.add("attach_delegation_letter", who=may_attach_delegation_letter)
# Payments and follow-up visits (履行回访): the case's mediator or staff, once it is settled.
for _name in ("record_payment", "record_visit"):
    CASE.add(
        _name,
        who=in_charge_of,
        when=_settled,
        not_now=_l("Performance is followed up on settled cases only."),
    )
# Judicial confirmation (司法确认): those in charge record the parties' joint application;
# the court's liaison (staff for a court without one) records the decision.
CASE.add(
    "apply_for_confirmation",
    who=in_charge_of,
    when=_open_for_application,
    not_now=_l("An application can be recorded once, for a settled agreement that has taken effect."),
)
CASE.add(
    "record_confirmation",
    who=lambda user, case: user.role is Role.STAFF or is_liaison_of(user, case.court_id),
    when=lambda case: _settled(case) and case.agreement_effective_on is not None,
    not_now=_l("Only a settled case's agreement that has taken effect can be confirmed."),
)

REFERRAL = Actions("referral")
# The court's liaison confirms receipt once, with the court's filing number (立案号).
REFERRAL.add(
    "acknowledge_referral",
    who=lambda user, referral: is_liaison_of(user, referral.court_id),
    when=lambda referral: referral.acknowledged_at is None,
    not_now=_l("This referral has already been acknowledged."),
)

# The court's cases, referrals and outcomes: its liaisons, and the centre's staff for every court.
WORKSPACE.add("court_workspace", roles={Role.COURT_LIAISON, Role.STAFF})
