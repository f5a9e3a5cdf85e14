"""JSON API: checking a document against the record (public)."""

from flask import jsonify, request

from mediation_app.api_support import api, json_body
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
