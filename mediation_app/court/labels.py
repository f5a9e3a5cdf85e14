"""Human labels of the court linkage's timeline entries and outcomes."""

from flask_babel import lazy_gettext as _l

EVENT_LABELS = {
    "attach_delegation_letter": _l("Delegation letter attached"),
    "record_payment": _l("Payment recorded"),
    "record_visit": _l("Follow-up visit recorded"),
    "acknowledge_referral": _l("The court acknowledged the referral"),
    "apply_for_confirmation": _l("Joint application for judicial confirmation"),
    "record_confirmation": _l("Judicial confirmation decided"),
}

OUTCOME_LABELS = {
    "confirmed": _l("Confirmed by the court: enforceable"),
    "not_confirmed": _l("Not confirmed by the court"),
}

FLAG_LABELS = {
    "unacknowledged": _l("Referred, not yet acknowledged"),
    "in_default": _l("In default"),
    "awaiting_confirmation": _l("Awaiting judicial confirmation"),
    "enforceable": _l("Confirmed (enforceable)"),
}
