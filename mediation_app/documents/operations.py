"""Issuing documents; runs inside the transaction of the action that causes them."""

from mediation_app import storage
from mediation_app.documents import render, verification
from mediation_app.documents.context import agreement_context
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.types import utcnow

CONTEXT_BUILDERS = {"agreement": agreement_context}


def issue_document(case, kind: str, actor) -> Document:
    """Render, store once under a generated name, and record the hash.

    Does not commit: the caller's transaction decides, and on rollback the
    stored file is removed again (see ``storage``).
    """
    issued_at = utcnow()
    code = verification.new_code()
    pdf = render.render_pdf(kind, {**CONTEXT_BUILDERS[kind](case, issued_at), "verification_code": code})
    storage_name, sha256 = storage.documents.store(db.session, pdf, ".pdf")
    document = Document(
        case_id=case.id,
        kind=kind,
        storage_name=storage_name,
        sha256=sha256,
        verification_code=code,
        size=len(pdf),
        template_version=render.template_version(kind),
        created_by_id=actor.id,
        created_at=issued_at,
    )
    db.session.add(document)
    db.session.flush()
    return document
