"""JSON API for evidence: upload (multipart), list, download."""

from flask import jsonify

from mediation_app.api_support import api, caller
from mediation_app.cases.queries import get_visible_case
from mediation_app.evidence.delivery import receive_upload, send_evidence
from mediation_app.evidence.presenters import evidence_json
from mediation_app.evidence.queries import evidence_of


@api.post("/cases/<int:case_id>/evidence")
def upload_evidence(case_id: int):
    return jsonify(evidence_json(receive_upload(caller(), case_id))), 201


@api.get("/cases/<int:case_id>/evidence")
def list_evidence(case_id: int):
    user = caller()
    return jsonify([evidence_json(e) for e in evidence_of(user, get_visible_case(user, case_id))])


@api.get("/evidence/<int:evidence_id>")
def download_evidence(evidence_id: int):
    return send_evidence(caller(), evidence_id)
