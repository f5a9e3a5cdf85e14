"""Human labels of states and triggers, shared by every page."""

from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "filed": _l("Filed"),
    "assigned": _l("Accepted, mediator assigned"),
    "mediated": _l("In mediation"),
    "settled": _l("Settled"),
    "referred_to_court": _l("Referred to court"),
    "rejected": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
}

TRIGGER_LABELS = {
    "assign": _l("Accept and assign a mediator"),
    "reject": _l("Refuse to accept"),
    "start_mediation": _l("Start mediation"),
    "reassign": _l("Reassign to another mediator"),
    "settle": _l("Record the settlement"),
    "refer_to_court": _l("Refer to court"),
    "withdraw": _l("Withdraw the application"),
}

# Which inputs each trigger's form shows; final steps also ask for confirmation.
TRIGGER_FIELDS = {
    "assign": ("mediator_id",),
    "reassign": ("mediator_id",),
    "reject": ("reason",),
    "refer_to_court": ("reason",),
    "withdraw": ("reason",),
    "start_mediation": ("respondent_consent",),
    "settle": ("agreed_amount", "terms", "performance_deadline"),
}
FINAL_TRIGGERS = frozenset({"reject", "settle", "refer_to_court", "withdraw"})

SOURCE_LABELS = {
    "direct": _l("Direct application"),
    "court_delegated": _l("Court-delegated (委派)"),
    "court_commissioned": _l("Court-commissioned (委托)"),
}

# Timeline entries that are not triggers.
EVENT_LABELS = {
    "file": _l("Case filed"),
    "issue_document": _l("Document issued"),
    "upload_evidence": _l("Evidence added"),
}
