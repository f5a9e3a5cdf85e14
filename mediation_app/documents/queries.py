"""Reading documents: who may read which, versions, and signatures."""

from sqlalchemy import and_, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from mediation_app.cases.permissions import in_charge_of
from mediation_app.cases.queries import get_visible_case
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.models import Document, Signature
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.sessions.models import MediationSession, SessionMinutes
from mediation_app.sessions.queries import visible_minutes
from workflows.roles import Role

COURT_KINDS = tuple(key for key, kind in KINDS.items() if kind.court_may_read)


def visible_documents(user, case):
    """The WHERE clause of the documents of ``case`` (which ``user`` sees) they may read.

    Those in charge read all. The parties read every document but minutes they may
    not read: a minutes document (one with a ``session_id``) is visible exactly when
    its minutes are (``sessions.queries.visible_minutes``), so the minutes of a private
    session (背对背) stay with the mediator and staff. The court reads what it needs
    (``Kind.court_may_read``), by the same minutes rule. Positive and NULL-safe:
    callers select what it admits.
    """
    if in_charge_of(user, case):
        return true()
    if user.role not in (Role.ENTERPRISE, Role.COURT_LIAISON):
        return false()
    readable_minutes = exists().where(
        SessionMinutes.session_id == Document.session_id,
        MediationSession.id == SessionMinutes.session_id,
        visible_minutes(user),
    )
    clause = or_(Document.session_id.is_(None), readable_minutes)
    if user.role is Role.COURT_LIAISON:
        return and_(clause, Document.kind.in_(COURT_KINDS))
    return clause


def documents_of(user, case) -> list[Document]:
    """Every version the user may read, oldest first."""
    return db.session.scalars(
        select(Document)
        .where(Document.case_id == case.id, visible_documents(user, case))
        .order_by(Document.id)
    ).all()


def get_visible_document(user, document_id: int):
    """A document and its case, or :class:`NotVisible` as for a missing one."""
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotVisible()
    case = get_visible_case(user, document.case_id)
    readable = db.session.scalar(
        select(Document.id).where(Document.id == document.id, visible_documents(user, case))
    )
    if readable is None:
        raise NotVisible()
    return document, case


def superseded_ids(case_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(Document.supersedes_id).where(
                Document.case_id == case_id, Document.supersedes_id.is_not(None)
            )
        )
    )


def is_superseded(document: Document) -> bool:
    successor = aliased(Document)
    return db.session.scalar(select(exists().where(successor.supersedes_id == document.id)))


def current_agreement(case) -> Document | None:
    """The version of the agreement the parties sign: the latest, not superseded."""
    return db.session.scalars(
        select(Document)
        .where(Document.case_id == case.id, Document.kind == "agreement")
        .order_by(Document.version.desc())
        .limit(1)
    ).first()


def signatures_on(document: Document) -> list[Signature]:
    return db.session.scalars(
        select(Signature).where(Signature.document_id == document.id).order_by(Signature.id)
    ).all()
