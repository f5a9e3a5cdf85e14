"""JSON API: checking a document against the record (public)."""

from flask import jsonify, request

from mediation_app.api_support import api, caller, json_body
from mediation_app.cases.queries import get_visible_case
from mediation_app.documents import signing
from mediation_app.documents.operations import correct_document
from mediation_app.documents.presenters import document_json, signing_status
from mediation_app.documents.verification import verify
from mediation_app.extensions import limiter
from workflows.deadlines import local_date


@api.post("/verifications")
@limiter.limit("60 per hour")
def verification():
    """A code (JSON), or a file with an optional code (multipart): only kind, number and date come back."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        verdict = verify(request.form.get("code") or None, upload.read() if upload else None)
    else:
        verdict = verify(json_body().get("code"))
    if not verdict.match:
        return jsonify({"match": False})
    document = verdict.document
    return jsonify(
        {
            "match": True,
            "kind": document.kind,
            "number": verdict.number,
            "version": document.version,
            "superseded": verdict.superseded,
            "issued_on": local_date(document.created_at).isoformat(),
        }
    )


@api.post("/documents/<int:document_id>/corrections")
def correction(document_id: int):
    """A corrected version of the document (those in charge); the old one remains."""
    document = correct_document(caller(), document_id, json_body(), remote_addr=request.remote_addr)
    return jsonify(document_json(document)), 201


@api.get("/cases/<int:case_id>/signatures")
def signatures(case_id: int):
    user = caller()
    return jsonify(signing_status(get_visible_case(user, case_id)))


@api.post("/cases/<int:case_id>/signatures")
def sign(case_id: int):
    """Multipart: ``method`` drawn (``signature`` image, plus ``seal`` for a party) or
    scan (``scan`` file); staff add ``party`` to record a paper signature."""
    user = caller()
    files = {name: upload.read() for name, upload in request.files.items()}
    signing.sign_agreement(user, case_id, request.form.to_dict(), files, remote_addr=request.remote_addr)
    return jsonify(signing_status(get_visible_case(user, case_id))), 201
