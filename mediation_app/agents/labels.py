"""Timeline labels of the agents' own events."""

from flask_babel import lazy_gettext as _l

EVENT_LABELS = {
    "appoint_agent": _l("Agent appointed"),
    "revoke_agent": _l("Agent's authorisation revoked"),
}
