"""JSON API for evidence: upload (multipart), list, download."""

from mediation_app.api_support import api, caller, endpoint, present
from mediation_app.cases.queries import get_visible_case
from mediation_app.evidence.delivery import receive_upload, send_evidence
from mediation_app.evidence.presenters import evidence_out
from mediation_app.evidence.queries import evidence_of
from mediation_app.evidence.schemas import EvidenceOut


@api.post("/cases/<int:case_id>/evidence")
@endpoint(ok=EvidenceOut, status=201)
def upload_evidence(case_id: int):
    """Add an evidence file (multipart: file, category, description, mediator_only).

    Form fields: ``file`` (PDF, PNG, JPEG, Word or Excel, checked by content), ``category``
    (contract, invoice, delivery, payment, correspondence, identity or other),
    ``description`` (optional, at most 1000 characters) and ``mediator_only`` (true or false)."""
    return present(evidence_out(receive_upload(caller(), case_id)), 201)


@api.get("/cases/<int:case_id>/evidence")
@endpoint(ok=list[EvidenceOut])
def list_evidence(case_id: int):
    """The evidence files the caller may see."""
    user = caller()
    return present([evidence_out(e) for e in evidence_of(user, get_visible_case(user, case_id))])


@api.get("/evidence/<int:evidence_id>")
@endpoint(description="The file, its original name in Content-Disposition, its SHA-256 in X-Content-SHA256")
def download_evidence(evidence_id: int):
    """Download an evidence file."""
    return send_evidence(caller(), evidence_id)
