"""Timeline labels of the documents' own events."""

from flask_babel import lazy_gettext as _l

EVENT_LABELS = {
    "sign_agreement": _l("Agreement signed"),
    "agreement_effective": _l("The agreement took effect"),
    "store_document": _l("Document produced and fingerprinted"),
    "produce_document_again": _l("Document sent to be produced again"),
}
