"""Timeline labels of the service's own events."""

from flask_babel import lazy_gettext as _l

EVENT_LABELS = {
    "give_service_address": _l("Service address confirmed"),
    "open_served_document": _l("Served document opened by its recipient"),
    "record_postal_service": _l("Postal service recorded"),
}
