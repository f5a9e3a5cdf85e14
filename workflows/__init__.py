"""The case lifecycle as pure Python: states, triggers, guards and deadlines.

Nothing here imports Flask, SQLAlchemy or ``mediation_app``; the application
binds these rules to its database rows through :func:`fire`.
"""

from workflows.case_states import CaseState
from workflows.case_workflow import (
    Actor,
    TransitionForbidden,
    TransitionNotAllowed,
    UnknownTrigger,
    WorkflowError,
    allowed_triggers,
    check,
    fire,
    triggers_from,
)
from workflows.guards import GuardRejected

__all__ = [
    "Actor",
    "CaseState",
    "GuardRejected",
    "TransitionForbidden",
    "TransitionNotAllowed",
    "UnknownTrigger",
    "WorkflowError",
    "allowed_triggers",
    "check",
    "fire",
    "triggers_from",
]
