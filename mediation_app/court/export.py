"""The columns of the liaison's Excel export (one row per case)."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.labels import SOURCE_LABELS, STATE_LABELS
from mediation_app.court.labels import OUTCOME_LABELS
from mediation_app.court.queries import WorkspaceRow
from workflows.deadlines import CHINA

EXPORT_HEADINGS = [
    _l("Number"),
    _l("Court case number"),
    _l("Source"),
    _l("Applicant"),
    _l("Respondent"),
    _l("Claim amount (yuan)"),
    _l("State"),
    _l("Mediator"),
    _l("Deadline"),
    _l("Agreed amount (yuan)"),
    _l("Filing number"),
    _l("Judicial confirmation"),
    _l("In default"),
    _l("Filed on"),
]


def export_row(row: WorkspaceRow) -> list:
    case = row.case
    return [
        case.number,
        case.court_case_number,
        str(SOURCE_LABELS[case.source.value]),
        case.applicant.name,
        case.respondent.name,
        case.claim_amount,
        str(STATE_LABELS[case.state.value]),
        case.mediator.name if case.mediator else None,
        case.deadline,
        case.agreed_amount,
        row.referral.filing_number if row.referral else None,
        str(OUTCOME_LABELS[row.confirmation.outcome])
        if row.confirmation and row.confirmation.outcome
        else None,
        str(_l("yes")) if row.in_default else None,
        case.created_at.astimezone(CHINA).date(),
    ]
