"""Arranging a case's sessions (added to ``cases.actions``) and acting on one session
(``SESSION``); who sees which session and which minutes is ``sessions.queries``."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import in_charge_of
from mediation_app.core.actions import Actions
from mediation_app.sessions.models import SessionStatus
from workflows.case_states import CaseState

SCHEDULING_STATES = frozenset({CaseState.ASSIGNED, CaseState.MEDIATED})
CLOSED = _l("Sessions can only be arranged while the case is accepted or in mediation.")

# Those in charge of the case (its mediator, centre staff), while it is accepted or in mediation.
CASE.add(
    "schedule_session",
    who=in_charge_of,
    when=lambda case: case.state in SCHEDULING_STATES,
    not_now=CLOSED,
)

SESSION = Actions("session")


def _in_charge(user, session) -> bool:
    return in_charge_of(user, session.case)


def _open(session) -> bool:
    """Scheduled (not cancelled), and its minutes not yet final."""
    final = session.minutes is not None and session.minutes.is_final
    return session.status is SessionStatus.SCHEDULED and not final


# Reschedule or cancel: while the case allows sessions at all.
SESSION.add(
    "change_session",
    who=_in_charge,
    when=lambda session: session.case.state in SCHEDULING_STATES and _open(session),
    not_now=_l("Only a scheduled session that has no final minutes can be changed."),
)
# Minutes, until final; also after the case ends (the last session's minutes are often
# completed after the agreement is signed).
for _name in ("write_minutes", "finalise_minutes"):
    SESSION.add(
        _name,
        who=_in_charge,
        when=_open,
        not_now=_l("These minutes can no longer be changed (finalised, or the session was cancelled)."),
    )
