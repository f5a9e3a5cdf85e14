"""Documents as the case page and the API show them."""

from mediation_app.cases.queries import signing_ends_on
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.queries import current_agreement, documents_of, signatures_on, superseded_ids
from mediation_app.documents.schemas import DocumentOut, RefusalOut, SignatureOut, SigningStatusOut
from mediation_app.documents.signing import awaiting, refusals_of


def document_out(document, superseded: set[int] = frozenset()) -> DocumentOut:
    stored = {name: getattr(document, name) for name in DocumentOut.model_fields if name not in _DERIVED}
    return DocumentOut.model_validate(
        stored | {"title": str(KINDS[document.kind].title), "superseded": document.id in superseded}
    )


_DERIVED = {"title", "superseded"}


def document_list(user, case) -> list[DocumentOut]:
    """What ``user`` may read of the case's documents, each marked superseded or current."""
    superseded = superseded_ids(case.id)
    return [document_out(d, superseded) for d in documents_of(user, case)]


def signing_status(case) -> SigningStatusOut:
    """Who has signed the current agreement, who has not, and when it took effect."""
    agreement = current_agreement(case)
    return SigningStatusOut(
        agreement_id=agreement.id if agreement else None,
        effective_on=case.agreement_effective_on,
        sign_by=signing_ends_on(case) if case.agreement_effective_on is None else None,
        signatures=[_signature_out(s) for s in (signatures_on(agreement) if agreement else [])],
        awaiting=awaiting(case),
        refusals=[
            RefusalOut(signer_role=e.data["signer_role"], reason=e.data["reason"], refused_at=e.created_at)
            for e in refusals_of(case, agreement)
        ],
    )


def _signature_out(signature) -> SignatureOut:
    return SignatureOut.model_validate(
        {
            "signer_role": signature.signer_role,
            "method": signature.method,
            "signed_by": signature.signed_by,
            "signed_at": signature.signed_at,
            "sha256": {name: f["sha256"] for name, f in signature.files.items()},
        }
    )
