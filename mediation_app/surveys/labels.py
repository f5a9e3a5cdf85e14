"""The timeline entry of a survey answer (its score stays out of the timeline)."""

from flask_babel import lazy_gettext as _l

EVENT_LABELS = {"answer_survey": _l("Satisfaction survey answered")}
