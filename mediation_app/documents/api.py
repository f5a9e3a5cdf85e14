"""JSON API for documents: checking one against the record (public), corrections and
the signing of an agreement."""

from flask import request

from mediation_app.api_support import api, caller, endpoint, json_body, present
from mediation_app.cases.queries import get_visible_case
from mediation_app.documents import signing
from mediation_app.documents.delivery import RETRY_AFTER, send_document
from mediation_app.documents.operations import correct_document
from mediation_app.documents.presenters import document_list, document_out, signing_status
from mediation_app.documents.schemas import (
    DigitalSignatureOut,
    DocumentCorrection,
    DocumentOut,
    DocumentPending,
    SignatureRefusal,
    SigningStatusOut,
    VerificationMatch,
    VerificationMismatch,
    VerificationOut,
    VerificationRequest,
)
from mediation_app.documents.verification import verify
from mediation_app.extensions import limiter
from workflows.deadlines import local_date


@api.get("/cases/<int:case_id>/documents")
@endpoint(ok=list[DocumentOut])
def documents(case_id: int):
    """The case's documents the caller may read, each marked superseded or current."""
    user = caller()
    case = get_visible_case(user, case_id)
    return present(document_list(user, case))


@api.get("/documents/<int:document_id>")
@endpoint(
    description="The PDF (application/pdf), its SHA-256 in X-Content-SHA256", also={202: DocumentPending}
)
def download(document_id: int):
    """A document's PDF; 202 with ``Retry-After`` while it is still being produced."""
    return send_document(caller(), document_id, while_pending=_pending)


def _pending(_document):
    response, status = present(DocumentPending(status="pending", retry_after=RETRY_AFTER), 202)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response, status


@api.post("/verifications")
@endpoint(body=VerificationRequest, ok=VerificationOut, public=True)
@limiter.limit("60 per hour")
def verification():
    """Check a document by its code, or by the PDF itself: only kind, number, date and the
    centre's digital signature on its stored copy come back.

    JSON ``{"code": ...}``; or multipart with the PDF as ``file`` and an optional ``code``
    (both must then point to the same record)."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        verdict = verify(request.form.get("code") or None, upload.read() if upload else None)
    else:
        verdict = verify(VerificationRequest.parse(json_body()).code)
    if not verdict.match:
        return present(VerificationOut(VerificationMismatch(match=False)))
    document = verdict.document
    return present(
        VerificationOut(
            VerificationMatch(
                match=True,
                kind=document.kind,
                number=verdict.number,
                version=document.version,
                superseded=verdict.superseded,
                issued_on=local_date(document.created_at),
                signature=verdict.signature and DigitalSignatureOut.model_validate(verdict.signature),
            )
        )
    )


@api.post("/documents/<int:document_id>/corrections")
@endpoint(body=DocumentCorrection, ok=DocumentOut, status=201)
def correction(document_id: int):
    """Issue a corrected version (staff, the case's mediator); the old one stays, superseded.

    A signed agreement cannot be corrected (409)."""
    document = correct_document(caller(), document_id, json_body(), remote_addr=request.remote_addr)
    return present(document_out(document), 201)


@api.get("/cases/<int:case_id>/signatures")
@endpoint(ok=SigningStatusOut)
def signatures(case_id: int):
    """Who has signed the agreement, who has not, and when it took effect."""
    user = caller()
    return present(signing_status(get_visible_case(user, case_id)))


@api.post("/cases/<int:case_id>/signatures")
@endpoint(ok=SigningStatusOut, status=201)
def sign(case_id: int):
    """Sign the agreement: each party, then the mediator; the last signature makes it effective.

    Multipart: ``method`` ``drawn`` (a ``signature`` image, PNG or JPEG, plus the company
    ``seal`` image for a party) or ``scan`` (the signed and sealed agreement as ``scan``:
    PDF, PNG or JPEG); staff record a party's paper signature as a scan, naming the
    ``party`` (applicant or respondent). The last signature issues the signed copy."""
    user = caller()
    files = {name: upload.read() for name, upload in request.files.items()}
    signing.sign_agreement(user, case_id, request.form.to_dict(), files, remote_addr=request.remote_addr)
    return present(signing_status(get_visible_case(user, case_id)), 201)


@api.post("/cases/<int:case_id>/signatures/refusal")
@endpoint(body=SignatureRefusal, ok=SigningStatusOut, status=201)
def refuse_to_sign(case_id: int):
    """A party will not sign the agreement, and says why (staff record one given on paper,
    naming the ``party``). The mediator is told and may end the mediation as not settled
    (``refer_to_court``)."""
    user = caller()
    case = signing.refuse_to_sign(user, case_id, json_body(), remote_addr=request.remote_addr)
    return present(signing_status(case), 201)
