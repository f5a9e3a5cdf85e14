"""Receiving an upload and sending a stored file back, for both faces."""

from flask import request, send_file

from mediation_app import storage
from mediation_app.errors import Gone
from mediation_app.evidence import operations
from mediation_app.evidence.queries import get_visible_evidence

_TRUE, _FALSE = {"true", "1", "on", "yes", "y"}, {"false", "0", "off", "no", ""}


def _flag(raw):
    """A form checkbox or multipart field as bool; anything else is passed on to be refused."""
    if raw is None:
        return False
    value = raw.strip().lower()
    return True if value in _TRUE else False if value in _FALSE else raw


def receive_upload(user, case_id: int):
    """The multipart request's file and fields, handed to the one upload operation."""
    upload = request.files.get("file")
    return operations.upload_evidence(
        user,
        case_id,
        file_name=upload.filename if upload else None,
        content=upload.read() if upload else b"",
        category=request.form.get("category"),
        description=request.form.get("description"),
        mediator_only=_flag(request.form.get("mediator_only")),
        remote_addr=request.remote_addr,
    )


def send_evidence(user, evidence_id: int):
    evidence, _case = get_visible_evidence(user, evidence_id)
    if evidence.destroyed_at is not None:
        raise Gone()
    # send_file writes the Chinese name as RFC 6266 filename*=UTF-8''…, with an ASCII fallback.
    response = send_file(
        storage.evidence.path_of(evidence.storage_name),
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.original_name,
        max_age=0,
    )
    response.headers["X-Content-SHA256"] = evidence.sha256
    return response
