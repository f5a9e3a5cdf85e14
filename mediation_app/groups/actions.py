"""What a user may do with a group (``core.actions``). Filing one is filing cases
(``file_case``); reading one is reading its members, as far as the viewer sees them
(``groups.queries``); each member's own actions stay the case's (``cases.actions``)."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import files_for_itself
from mediation_app.core.actions import Actions
from mediation_app.core.workspace import WORKSPACE
from workflows.case_states import CaseState
from workflows.roles import Role

GROUP = Actions("case_group")

# Staff accept the members still waiting and assign them one mediator, in one step; each
# member is still checked and screened for conflicts on its own (``operations.assign_group``).
GROUP.add(
    "assign_group",
    roles={Role.STAFF},
    when=lambda seen: any(case.state is CaseState.FILED for case in seen.members),
    not_now=_l("No member of this group is waiting for a mediator."),
)

# The mediator assigned to members in mediation records their agreements at once, each
# through the case's own ``record_agreement`` (``operations.record_group_agreements``).
RECORD = CASE["record_agreement"]
GROUP.add(
    "record_group_agreements",
    roles={Role.MEDIATOR},
    who=lambda user, seen: any(RECORD.may(user, case) for case in seen.members),
    when=lambda seen: any(RECORD.when(case) for case in seen.members),
    not_now=_l("No member of this group of yours is in mediation."),
)


def recordable(user, seen) -> list:
    """The members ``user`` may record an agreement for now."""
    return [case for case in seen.members if CASE.allows(user, case, "record_agreement")]


# Beyond any one group (``core.workspace``): enterprises (once verified) and staff file a
# group; a court delegates its cases one by one, each with its own court case number.
WORKSPACE.add(
    "file_case_group",
    roles={Role.ENTERPRISE, Role.STAFF},
    who=lambda user, _nothing: files_for_itself(user),
)
# The centre's groups with their figures, for staff.
WORKSPACE.add("list_case_groups", roles={Role.STAFF})
