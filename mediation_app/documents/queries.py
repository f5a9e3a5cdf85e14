"""Reading documents: who may read which, versions, and signatures."""

import logging

from sqlalchemy import and_, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from mediation_app.cases.models import Case
from mediation_app.cases.permissions import in_charge_clause, in_charge_of
from mediation_app.cases.queries import visible_to
from mediation_app.core.visibility import agencies
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.models import Document, DocumentStatus, Signature
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.sessions.models import MediationSession, SessionMinutes
from mediation_app.sessions.queries import visible_minutes
from workflows.roles import Role

COURT_KINDS = tuple(key for key, kind in KINDS.items() if kind.court_may_read)
log = logging.getLogger(__name__)


def visible_documents(user, case=None):
    """The WHERE clause of the documents of ``case`` (which ``user`` sees) they may read;
    without ``case``, of documents joined to their case (``cases``), which the caller
    restricts to the cases ``user`` sees (``cases.queries.visible_to``).

    Those in charge read all. The parties read every document but minutes they may
    not read: a minutes document (one with a ``session_id``) is visible exactly when
    its minutes are (``sessions.queries.visible_minutes``), so the minutes of a private
    session (背对背) stay with the mediator and staff. The court reads what it needs
    (``Kind.court_may_read``), by the same minutes rule. Positive and NULL-safe:
    callers select what it admits.
    """
    if user.role not in (Role.ENTERPRISE, Role.COURT_LIAISON):  # in charge, or no reader
        if case is None:
            return in_charge_clause(user)
        return true() if in_charge_of(user, case) else false()
    readable_minutes = exists().where(
        SessionMinutes.session_id == Document.session_id,
        MediationSession.id == SessionMinutes.session_id,
        visible_minutes(user),
    )
    clause = or_(Document.session_id.is_(None), readable_minutes)
    if user.role is Role.COURT_LIAISON:
        return and_(clause, Document.kind.in_(COURT_KINDS))
    return and_(clause, _own_or_shared(user, case))


def _own_or_shared(user, case):
    """A party's documents: those of every party, and those that concern it alone
    (``case``'s, or the joined case's)."""
    if user.organisation_id is None:  # an agent: its party's, in the cases it acts in
        own = [
            and_(Document.case_id == agency.case_id, Document.party == agency.party)
            for agency in agencies(user).values()
        ]
        return or_(Document.party.is_(None), *own)
    parties = case if case is not None else Case
    return or_(
        Document.party.is_(None),
        and_(Document.party == "applicant", parties.applicant_id == user.organisation_id),
        and_(Document.party == "respondent", parties.respondent_id == user.organisation_id),
    )


def documents_of(user, case) -> list[Document]:
    """Every version the user may read, oldest first."""
    return db.session.scalars(
        select(Document)
        .where(Document.case_id == case.id, visible_documents(user, case))
        .order_by(Document.id)
    ).all()


def get_visible_document(user, document_id: int):
    """A document and its case, or :class:`NotVisible` as for a missing one: one
    statement, with the case's rule and the document's."""
    found = db.session.execute(
        select(Document, Case)
        .join(Case, Case.id == Document.case_id)
        .where(Document.id == document_id, visible_to(user), visible_documents(user))
    ).first()
    if found is None:
        if db.session.get(Document, document_id) is not None:
            # Answered exactly like a missing document, but recorded: it may be probing.
            log.warning(
                "document %d refused to user %d (%s): not visible", document_id, user.id, user.role.value
            )
        raise NotVisible()
    return found.Document, found.Case


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


def failed_documents(user, limit: int = 10) -> list[tuple[int, str, object]]:
    """(case id, case number, what the document is) of the documents whose production gave up, on the
    cases ``user`` sees, newest first: staff send them again from the case page."""
    query = (
        select(Case.id, Case.number, Document.kind)
        .join(Document, Document.case_id == Case.id)
        .where(visible_to(user), Document.status == DocumentStatus.FAILED)
        .order_by(Document.id.desc())
        .limit(limit)
    )
    return [(case_id, number, KINDS[kind].title) for case_id, number, kind in db.session.execute(query)]
