"""What a user may do with a case now (``core.actions``): every trigger of the
lifecycle, and the case's own actions besides. Other domains add theirs (evidence,
sessions, documents, the court linkage, surveys) in their own ``actions`` modules.
"""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.permissions import actor_for, files_for_itself, in_charge_of
from mediation_app.cases.queries import pending_recusal
from mediation_app.core.actions import Actions
from mediation_app.core.workspace import WORKSPACE
from workflows.case_states import CaseState
from workflows.case_workflow import TRIGGERS, may_fire, triggers_from
from workflows.roles import Role

CASE = Actions("case")


def _trigger(trigger: str) -> None:
    CASE.add(
        trigger,
        who=lambda user, case: may_fire(actor_for(user, case), trigger),
        when=lambda case: trigger in triggers_from(case.state),
    )


for _name in TRIGGERS:
    _trigger(_name)


def _respondent(user, case) -> bool:
    return user.role is Role.ENTERPRISE and actor_for(user, case).is_respondent


def _party(user, case) -> bool:
    actor = actor_for(user, case)
    return user.role is Role.ENTERPRISE and (actor.is_applicant or actor.is_respondent)


# The respondent answers the invitation once, after acceptance (mediation is voluntary);
# staff record an answer given on paper or by phone.
CASE.add(
    "record_consent",
    who=lambda user, case: _respondent(user, case) or user.role is Role.STAFF,
    when=lambda case: case.state is CaseState.ASSIGNED and case.respondent_consent is None,
    not_now=_l("The respondent's answer can be given once, after acceptance and before mediation."),
)
# A party asks that the mediator withdraw (申请回避), one request at a time; staff decide.
CASE.add(
    "request_recusal",
    who=_party,
    when=lambda case: (
        case.state in (CaseState.ASSIGNED, CaseState.MEDIATED) and pending_recusal(case) is None
    ),
    not_now=_l("A recusal can be requested once at a time, while a mediator is assigned."),
)
CASE.add(
    "decide_recusal",
    who=lambda user, case: user.role is Role.STAFF,
    when=lambda case: pending_recusal(case) is not None,
    not_now=_l("There is no pending recusal request on this case."),
)
# Those in charge record an extension the parties agreed to, while the clock runs.
CASE.add(
    "extend_deadline",
    who=in_charge_of,
    when=lambda case: not case.state.is_final and case.clock_started_at is not None,
    not_now=_l("The time limit can only be extended while it runs on an open case."),
)

# Beyond any one case (``core.workspace``).
# Enterprises (once the centre has verified them), court liaisons and staff file cases.
WORKSPACE.add(
    "file_case",
    roles={Role.ENTERPRISE, Role.COURT_LIAISON, Role.STAFF},
    who=lambda user, _nothing: files_for_itself(user),
)
# A federation sees its centres' figures, never a case.
WORKSPACE.add("list_cases", roles=set(Role) - {Role.FEDERATION})
# Staff at intake: the mediators suggested for a case, its possible duplicates, the roster.
WORKSPACE.add("manage_intake", roles={Role.STAFF})
WORKSPACE.add("work_queue", roles={Role.MEDIATOR})
WORKSPACE.add("declare_conflict", roles={Role.MEDIATOR})


def available_actions(user, case) -> list[str]:
    """Every action ``user`` may take on ``case`` now (the case JSON's ``allowed_actions``)."""
    return CASE.available(user, case)


def available_triggers(user, case) -> list[str]:
    """The triggers among them (``allowed_triggers``, kept for existing clients)."""
    return [name for name in TRIGGERS if CASE.allows(user, case, name)]
