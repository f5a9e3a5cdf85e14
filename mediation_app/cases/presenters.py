"""Cases as their response schema, shared by the API and the CLI."""

from mediation_app.cases.actions import available_actions, available_triggers
from mediation_app.cases.audit import verify_case
from mediation_app.cases.schemas import CaseOut
from mediation_app.types import utcnow
from workflows.case_workflow import TRIGGERS


def case_out(case, viewer, *, listed: bool = False, verify: bool = False) -> CaseOut:
    """The case as ``viewer`` sees it. In a list (``listed``) ``allowed_actions`` is left
    out: some actions ask the database whether they apply now (a pending recusal, an
    agreement awaiting signatures), which a page of cases would pay once per case.
    Only a read of the case (``verify``) checks its whole audit trail; the answer to
    a change leaves ``timeline_verified`` out rather than re-read what it just wrote."""
    now = utcnow()
    actions = None if listed else available_actions(viewer, case)
    return CaseOut.model_validate(
        {
            **{name: getattr(case, name) for name in _STORED},
            "extension_days": list(case.extension_days or []),
            "deadline_status": case.clock.status(now).value,
            "days_left": case.clock.days_left(now),
            "allowed_actions": actions,
            "timeline_verified": verify_case(case.id) is None if verify else None,
            "allowed_triggers": available_triggers(viewer, case)
            if actions is None
            else [name for name in actions if name in TRIGGERS],
        }
    )


# The response's fields computed here; the others are read straight from the row
# (relationships included).
_COMPUTED = {
    "extension_days",
    "deadline_status",
    "days_left",
    "allowed_actions",
    "allowed_triggers",
    "timeline_verified",
}
_STORED = tuple(name for name in CaseOut.model_fields if name not in _COMPUTED)
