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

# Why a case ended without settlement (cases.schemas.OUTCOME_CODES).
ENDING_LABELS = {
    "withdrawn_by_applicant": _l("Withdrawn by the applicant"),
    "respondent_declined": _l("The respondent declined mediation"),
    "no_agreement": _l("No agreement was reached"),
    "party_unreachable": _l("A party could not be reached"),
    "party_absent": _l("A party did not attend"),
    "other": _l("Other (see the reason)"),
}

# What the page says once a trigger has fired: what happened, and who was told
# (cases.notices); %(mediator)s is the case's mediator after the step.
TRIGGER_DONE = {
    "assign": _l("Accepted; both parties have been told, and %(mediator)s is assigned as mediator."),
    "reject": _l("The application was not accepted; the reason is on the case."),
    "start_mediation": _l("Mediation has started; the time limit now runs."),
    "decline_mediation": _l("Mediation was declined; the parties and the court have been told."),
    "reassign": _l("The case is reassigned to %(mediator)s, who has been told."),
    "record_agreement": _l("The agreement is recorded and sent to both parties for signature."),
    "settle": _l("The agreement took effect; the case is settled and the parties have been told."),
    "refer_to_court": _l("The case is referred to court; the parties and the court have been told."),
    "withdraw": _l("The application is withdrawn; the case is closed."),
}

# The case page's main action is the first of these the user may take now (the action
# registry decides which they may), with what happens next said beside it.
NEXT_STEP = {
    "assign": _l(
        "Accepting tells both parties and invites the respondent to mediate; "
        "the mediator you choose takes the case."
    ),
    "record_consent": _l("Once the respondent agrees, the mediator can start mediation."),
    "start_mediation": _l("Starting mediation starts the time limit; schedule the first session next."),
    "sign_agreement": _l("The agreement takes effect with the last signature; the case is then settled."),
    "record_agreement": _l(
        "The agreement is sent to both parties for signature; it takes effect with the last signature."
    ),
    "settle": _l(
        "The case is settled and counts as concluded; the parties may then apply for judicial confirmation."
    ),
    "apply_for_confirmation": _l("The joint application is issued for the parties to take to the court."),
}
# Those main actions whose form is in another part of the page, and their names.
ACTION_PLACES = {
    "sign_agreement": "documents",
    "apply_for_confirmation": "court",
}
ACTION_LABELS = {
    "record_consent": _l("Invitation to mediate"),
    "sign_agreement": _l("Sign the agreement"),
    "apply_for_confirmation": _l("Record the joint application"),
}

# Steps that end a case against the way it was going: set apart on the case page and
# confirmed before they fire.
DESTRUCTIVE = ("reject", "decline_mediation", "refer_to_court", "withdraw")

PARTY_LABELS = {"applicant": _l("Applicant"), "respondent": _l("Respondent")}

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
