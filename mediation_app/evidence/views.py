"""Uploading and downloading evidence from the case page."""

from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.views import submit
from mediation_app.evidence.delivery import receive_upload, send_evidence
from mediation_app.evidence.forms import EvidenceForm


@login_required
def upload(case_id: int):
    return submit(
        case_id,
        "evidence",
        EvidenceForm(),  # CSRFProtect has checked the token; the operation checks the rest
        lambda _form: receive_upload(current_user, case_id),
        lambda evidence: _("%(name)s has been added to the case.", name=evidence.original_name),
    )


@login_required
def download(evidence_id: int):
    return send_evidence(current_user, evidence_id)
