"""Labels of the timeline entries sessions write, added to the case page's table of
entry labels (cases.labels.EVENT_LABELS) when this package is loaded."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.labels import EVENT_LABELS

SESSION_EVENT_LABELS = {
    "schedule_session": _l("Session scheduled"),
    "reschedule_session": _l("Session rescheduled"),
    "cancel_session": _l("Session cancelled"),
    "save_minutes": _l("Minutes saved"),
    "finalise_minutes": _l("Minutes finalised"),
}

EVENT_LABELS.update(SESSION_EVENT_LABELS)
