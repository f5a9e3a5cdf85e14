"""Arranging a case's sessions (``cases.actions``); who sees which session and which
minutes is ``sessions.queries``."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import in_charge_of
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
