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
    "decline_mediation": _l("Decline mediation"),
    "reassign": _l("Reassign to another mediator"),
    "record_agreement": _l("Record the agreement for signature"),
    "settle": _l("The agreement took effect"),
    "refer_to_court": _l("Refer to court"),
    "withdraw": _l("Withdraw the application"),
}

# Which inputs each trigger's form shows; final steps also ask for confirmation.
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
    "respondent_consent": _l("The respondent agreed to mediate"),
    "extend_deadline": _l("Time limit extended"),
    "request_recusal": _l("Recusal requested"),
    "decide_recusal": _l("Recusal request decided"),
}

RECUSAL_LABELS = {
    "pending": _l("awaiting the centre's decision"),
    "granted": _l("granted"),
    "refused": _l("refused"),
}
