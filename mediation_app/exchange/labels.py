"""Human labels of the court exchange's events and delivery states."""

from flask_babel import lazy_gettext as _l

EVENT_LABELS = {
    "accepted": _l("Accepted"),
    "referred_back": _l("Referred back to court"),
    "settled": _l("Settled (agreement in effect)"),
    "confirmation_applied": _l("Judicial confirmation applied for"),
}

DELIVERY_LABELS = {
    "pending": _l("Sending"),
    "delivered": _l("Delivered"),
    "failed": _l("Failed"),
}
