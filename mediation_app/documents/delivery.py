"""Sending a stored document to someone allowed to have it (both faces)."""

from collections.abc import Callable

from flask import send_file
from flask_babel import gettext as _

from mediation_app import storage
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.documents.queries import get_visible_document
from mediation_app.errors import Unavailable

RETRY_AFTER = 3  # seconds: a document renders in about one


def send_document(user, document_id: int, *, while_pending: Callable[[Document], object]):
    """The PDF; ``while_pending(document)`` answers while it is still being produced."""
    document, case = get_visible_document(user, document_id)
    return file_response(document, case, while_pending=while_pending)


def file_response(document: Document, case, *, while_pending: Callable[[Document], object]):
    """The PDF of a document its caller may hand out (a visible one, or one served by link)."""
    if document.status is DocumentStatus.PENDING:
        return while_pending(document)
    if document.status is DocumentStatus.FAILED:
        raise Unavailable(_("This document could not be produced; the centre's staff can produce it again."))
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
