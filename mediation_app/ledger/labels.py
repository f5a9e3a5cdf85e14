"""Labels of the ledger's pages and of the timeline entry of an imported case."""

from flask_babel import lazy_gettext as _l

EVENT_LABELS = {"import_ledger": _l("Imported from the centre's historical ledger")}

IMPORT_LABELS = {
    "queued": _l("Waiting to start"),
    "validating": _l("Checking the rows"),
    "importing": _l("Importing"),
    "done": _l("Imported"),
    "refused": _l("Not imported"),
    "failed": _l("Failed"),
}
