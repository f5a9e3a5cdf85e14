"""Reading cases, always through what the viewer may see."""

import logging
from datetime import date, timedelta

from sqlalchemy import false, or_, select
from sqlalchemy.orm import joinedload

from mediation_app.cases.models import Case, CaseEvent
from mediation_app.documents.models import Document
from mediation_app.errors import NotVisible
from mediation_app.evidence.models import EvidenceFile
from mediation_app.evidence.permissions import readable_by
from mediation_app.extensions import db
from workflows.case_states import OPEN_STATES, CaseState
from workflows.deadlines import DUE_SOON_DAYS
from workflows.roles import Role

MAX_PAGE = 100
log = logging.getLogger(__name__)


def visible_to(user):
    """The WHERE clause of the cases ``user`` may see: the one rule for every list and lookup."""
    if user.role is Role.STAFF:
        return Case.centre_id == user.centre_id
    if user.role is Role.MEDIATOR:
        return Case.mediator_id == user.id
    if user.role is Role.ENTERPRISE and user.organisation_id:
        return or_(Case.applicant_id == user.organisation_id, Case.respondent_id == user.organisation_id)
    if user.role is Role.COURT_LIAISON and user.organisation_id:
        return Case.court_id == user.organisation_id
    return false()


def get_visible_case(user, case_id: int) -> Case:
    """The case, or :class:`NotVisible` whether it is missing or someone else's."""
    query = (
        select(Case)
        .where(Case.id == case_id, visible_to(user))
        .options(joinedload(Case.applicant), joinedload(Case.respondent), joinedload(Case.mediator))
    )
    case = db.session.scalars(query).first()
    if case is None:
        if db.session.get(Case, case_id) is not None:
            # Answered exactly like a missing case, but recorded: it may be probing.
            log.warning("case %d refused to user %d (%s): not visible", case_id, user.id, user.role.value)
        raise NotVisible()
    return case


def list_cases(
    user, *, state: CaseState | None = None, before_id: int | None = None, limit: int = 20
) -> tuple[list[Case], int | None]:
    """Newest first, keyset-paginated on id; returns the page and the next cursor."""
    limit = max(1, min(limit, MAX_PAGE))
    query = (
        select(Case)
        .where(visible_to(user))
        .options(joinedload(Case.applicant), joinedload(Case.respondent), joinedload(Case.mediator))
    )
    if state is not None:
        query = query.where(Case.state == state)
    if before_id is not None:
        query = query.where(Case.id < before_id)
    rows = db.session.scalars(query.order_by(Case.id.desc()).limit(limit + 1)).all()
    page = rows[:limit]
    return page, (page[-1].id if len(rows) > limit else None)


def timeline(case: Case, viewer) -> list[CaseEvent]:
    """The case's events as ``viewer`` may see them: entries about files they may not
    read (another party's mediator-only evidence) are left out."""
    query = (
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id)
        .options(joinedload(CaseEvent.actor))
        .order_by(CaseEvent.id)
    )
    hidden = set(
        db.session.scalars(
            select(EvidenceFile.id).where(EvidenceFile.case_id == case.id, ~readable_by(viewer))
        )
    )
    return [e for e in db.session.scalars(query) if e.data.get("evidence_id") not in hidden]


def documents_of(case: Case) -> list[Document]:
    return db.session.scalars(select(Document).where(Document.case_id == case.id).order_by(Document.id)).all()


def get_visible_document(user, document_id: int) -> tuple[Document, Case]:
    """A document and its case; a document is visible exactly when its case is."""
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotVisible()
    return document, get_visible_case(user, document.case_id)


def _urgent(today: date):
    return (
        Case.state.in_(OPEN_STATES),
        Case.deadline.is_not(None),
        Case.deadline <= today + timedelta(days=DUE_SOON_DAYS),
    )


def overdue_or_due_soon(today: date) -> list[Case]:
    """Every centre's open cases that are overdue or due soon (for the reminders)."""
    return db.session.scalars(select(Case).where(*_urgent(today)).order_by(Case.deadline, Case.id)).all()


def deadline_watch(user, today: date, limit: int = 50) -> list[Case]:
    """Open cases whose time limit has passed or ends within the due-soon window,
    most urgent first (ix_cases_centre_id_deadline)."""
    query = (
        select(Case)
        .where(visible_to(user), *_urgent(today))
        .options(joinedload(Case.applicant), joinedload(Case.respondent), joinedload(Case.mediator))
        .order_by(Case.deadline, Case.id)
        .limit(limit)
    )
    return db.session.scalars(query).all()
