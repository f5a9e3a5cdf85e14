"""Rendering documents after the transaction that recorded them (``jobs``).

The job lays out the document's recorded HTML, signs it for the case's centre, stores
the PDF once, hashes it, marks the document issued and puts the hash on the case's
timeline, all in one commit: a second run of the job finds the document issued and
does nothing, and a run that fails or dies leaves it pending (its stored file removed
with the rollback) to be rendered again. A document whose job gives up is marked
failed, for staff to send again.
"""

from flask import current_app
from sqlalchemy import select, update

from mediation_app import storage
from mediation_app.cases.timeline import record_event
from mediation_app.documents import render
from mediation_app.documents.centre_signature import signer_for
from mediation_app.documents.hooks import document_stored
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.extensions import db
from mediation_app.jobs.models import Job
from mediation_app.jobs.runner import retry
from mediation_app.jobs.tasks import Permanent, later, task


def _job_key(document_id: int) -> str:
    return f"document:{document_id}"


def schedule_rendering(document: Document) -> None:
    """Render ``document`` once the transaction that recorded it commits."""
    later("render_document", _job_key(document.id), document_id=document.id)


def _given_up(document_id: int) -> None:
    db.session.execute(
        update(Document)
        .where(Document.id == document_id, Document.status == DocumentStatus.PENDING)
        .values(status=DocumentStatus.FAILED)
    )


@task("render_document", queue="documents", max_attempts=5, retry_seconds=5, on_give_up=_given_up)
def render_document(document_id: int) -> None:
    document = db.session.get(Document, document_id)
    if document is None:
        raise Permanent(f"document {document_id} does not exist")
    if document.status is DocumentStatus.ISSUED:
        return  # a second run: rendered already
    images = {
        name: storage.documents.path_of(stored).read_bytes()
        for name, stored in (document.images or {}).items()
    }
    pdf = render.html_to_pdf(
        document.html,
        images,
        signer=signer_for(document.case.centre),
        timeout=current_app.config["DOCUMENT_RENDER_TIMEOUT"],
    )
    document.storage_name, document.sha256 = storage.documents.store(db.session, pdf, ".pdf")
    document.size, document.status = len(pdf), DocumentStatus.ISSUED
    document.html = document.images = None
    data = {"document_id": document.id, "sha256": document.sha256}
    if document.session is not None:  # hidden as the minutes are (sessions.queries.visible_minutes)
        data |= {"session_id": document.session_id, "minutes_id": document.session.minutes.id}
    record_event(document.case, None, "store_document", data=data)
    document_stored(document=document)


def send_again(document: Document) -> None:
    """A failed document's job, given a new round of attempts; commits."""
    job_id = db.session.scalar(select(Job.id).where(Job.key == _job_key(document.id)))
    document.status = DocumentStatus.PENDING
    db.session.flush()
    retry(job_id)
