"""Sending a stored document to someone allowed to have it (both faces)."""

from flask import send_file

from mediation_app import storage
from mediation_app.cases.permissions import may_download_documents
from mediation_app.cases.queries import get_visible_document
from mediation_app.errors import Forbidden

DOWNLOAD_NAMES = {"agreement": "调解协议书"}


def send_document(user, document_id: int):
    document, case = get_visible_document(user, document_id)
    if not may_download_documents(user, case):
        raise Forbidden()
    name = f"{DOWNLOAD_NAMES.get(document.kind, document.kind)}-{case.number}.pdf"
    response = send_file(
        storage.documents.path_of(document.storage_name),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=name,
        max_age=0,
    )
    response.headers["X-Content-SHA256"] = document.sha256
    return response
