"""Documents as the case page and the API show them."""

from mediation_app.api_support import iso
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.queries import documents_of, superseded_ids


def document_json(document, superseded: set[int] = frozenset()) -> dict:
    return {
        "id": document.id,
        "kind": document.kind,
        "title": KINDS[document.kind].title,
        "number": document.number,
        "version": document.version,
        "supersedes_id": document.supersedes_id,
        "superseded": document.id in superseded,
        "reason": document.reason,
        "sha256": document.sha256,
        "size": document.size,
        "template_version": document.template_version,
        "created_at": iso(document.created_at),
    }


def document_list(user, case) -> list[dict]:
    """What ``user`` may read of the case's documents, each marked superseded or current."""
    superseded = superseded_ids(case.id)
    return [document_json(d, superseded) for d in documents_of(user, case)]
