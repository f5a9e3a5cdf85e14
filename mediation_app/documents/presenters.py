"""Documents as the case page and the API show them."""

from mediation_app.api_support import iso
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.queries import current_agreement, documents_of, signatures_on, superseded_ids
from mediation_app.documents.signing import awaiting


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


def signing_status(case) -> dict:
    """Who has signed the current agreement, who has not, and when it took effect."""
    agreement = current_agreement(case)
    return {
        "agreement_id": agreement.id if agreement else None,
        "effective_on": case.agreement_effective_on.isoformat() if case.agreement_effective_on else None,
        "signatures": [
            {
                "signer_role": s.signer_role.value,
                "method": s.method.value,
                "signed_by": {"id": s.signed_by.id, "name": s.signed_by.name},
                "signed_at": iso(s.signed_at),
                "sha256": {name: f["sha256"] for name, f in s.files.items()},
            }
            for s in (signatures_on(agreement) if agreement else [])
        ],
        "awaiting": [role.value for role in awaiting(case)],
    }
