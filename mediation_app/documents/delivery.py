"""Sending a stored document to someone allowed to have it (both faces)."""

from flask import send_file

from mediation_app import storage
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.queries import get_visible_document


def send_document(user, document_id: int):
    document, case = get_visible_document(user, document_id)
    version = f"-v{document.version}" if document.version > 1 else ""
    name = f"{KINDS[document.kind].title}-{case.number}{version}.pdf"
    response = send_file(
        storage.documents.path_of(document.storage_name),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=name,
        max_age=0,
    )
    response.headers["X-Content-SHA256"] = document.sha256
    return response
