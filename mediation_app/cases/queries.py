"""Reading cases, always through what the viewer may see."""

import logging
from dataclasses import replace
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import joinedload

from mediation_app.auth.models import User
from mediation_app.cases.hooks import TIMELINE_REFERENCES, timeline_rules
from mediation_app.cases.models import Case, CaseEvent, Instalment, RecusalRequest
from mediation_app.cases.search import NEWEST, PARTY_IDS_INLINE, CaseSearch, Cursor, organisations_named
from mediation_app.core.visibility import agencies
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from workflows.case_states import OPEN_STATES, CaseState
from workflows.deadlines import DUE_SOON_DAYS, local_date
from workflows.roles import Role

MAX_PAGE = 100
log = logging.getLogger(__name__)


def visible_to(user):
    """The WHERE clause of the cases ``user`` may see: the one rule for every list and lookup.

    Tenancy first: a user sees only cases of their own centre (an enterprise or a court
    with cases at two centres has an account at each); then the role's own rule."""
    if user.centre_id is None:
        return false()
    of_centre = Case.centre_id == user.centre_id
    if user.role is Role.STAFF:
        return of_centre
    if user.role is Role.MEDIATOR:
        return and_(of_centre, Case.mediator_id == user.id)
    if user.role is Role.ENTERPRISE and user.organisation_id and user.verified_at is not None:
        return and_(
            of_centre,
            or_(Case.applicant_id == user.organisation_id, Case.respondent_id == user.organisation_id),
        )
    if user.role is Role.ENTERPRISE and (acting := agencies(user)):
        return and_(of_centre, Case.id.in_(list(acting)))  # an agent: the cases it acts in
    if user.role is Role.COURT_LIAISON and user.organisation_id:
        return and_(of_centre, Case.court_id == user.organisation_id)
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
    user,
    search: CaseSearch | None = None,
    *,
    after: Cursor | None = None,
    state: CaseState | None = None,
    before_id: int | None = None,
    limit: int = 20,
) -> tuple[list[Case], str | None]:
    """A page of the cases ``user`` may see that match ``search`` (newest first unless
    it says otherwise), keyset-paginated: the page starts ``after`` the cursor of the
    previous one, and the cursor of the next page is returned with it (None at the end).

    ``state`` and ``before_id`` are shorthands for ``CaseSearch(state=…)`` and the
    newest-first cursor at that id.
    """
    limit = max(1, min(limit, MAX_PAGE))
    search = search or CaseSearch()
    if state is not None:
        search = replace(search, state=state)
    if before_id is not None:
        if search.sort != NEWEST:
            raise ValueError("before_id is a position in a newest-first list")
        after = Cursor(NEWEST, before_id)
    if after is not None and after.sort != search.sort:
        raise ValueError(f"a {after.sort} cursor cannot continue a {search.sort} list")
    party_ids = None
    if search.party:
        party_ids = db.session.scalars(organisations_named(search.party).limit(PARTY_IDS_INLINE + 1)).all()
        if not party_ids:
            return [], None
        if len(party_ids) > PARTY_IDS_INLINE:
            party_ids = None
    query = (
        select(Case)
        .where(visible_to(user), *search.conditions(party_ids))
        .options(joinedload(Case.applicant), joinedload(Case.respondent), joinedload(Case.mediator))
    )
    if after is not None:
        query = query.where(after.condition())
    rows = db.session.scalars(query.order_by(*search.order_by()).limit(limit + 1)).all()
    page = rows[:limit]
    return page, (Cursor.after(page[-1], search.sort).encode() if len(rows) > limit else None)


def mediators_to_filter_by(user) -> list[tuple[int, str]]:
    """(id, name) of the mediators a staff member's list can be narrowed to: everyone
    who mediates for the centre, former mediators included (their cases remain)."""
    if user.role is not Role.STAFF:
        return []
    query = (
        select(User.id, User.name)
        .where(User.role == Role.MEDIATOR, User.centre_id == user.centre_id)
        .order_by(User.name, User.id)
    )
    return [(row.id, row.name) for row in db.session.execute(query)]


def timeline(case: Case, viewer) -> list[CaseEvent]:
    """The case's events as ``viewer`` may see them.

    An event that refers to an evidence file, a session or minutes (``evidence_id``,
    ``session_id``, ``minutes_id`` in its data) is selected only when each record it
    refers to is among those the viewer may see, by the one rule of each kind
    (``cases.hooks.timeline_rules``: ``evidence.queries.visible_evidence``,
    ``sessions.queries.visible_sessions`` and ``visible_minutes``). The test is
    positive, "no such reference, or a visible one", so a rule that cannot decide (or
    is missing) hides the event rather than shows it.
    """
    visible = []
    for key in TIMELINE_REFERENCES:
        named, rule = CaseEvent.data[key].as_integer(), timeline_rules.get(key)
        visible.append(
            named.is_(None) if rule is None else or_(named.is_(None), named.in_(rule(viewer, case.id)))
        )
    query = (
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, *visible)
        .options(joinedload(CaseEvent.actor))
        .order_by(CaseEvent.id)
    )
    return db.session.scalars(query).all()


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


def pending_recusal(case: Case) -> RecusalRequest | None:
    return db.session.scalars(
        select(RecusalRequest).where(RecusalRequest.case_id == case.id, RecusalRequest.status == "pending")
    ).first()


def recusal_requests_of(case: Case) -> list[RecusalRequest]:
    return db.session.scalars(
        select(RecusalRequest).where(RecusalRequest.case_id == case.id).order_by(RecusalRequest.id)
    ).all()


def mediator_queue(user, limit: int = 200) -> list[Case]:
    """A mediator's open cases, most urgent first: overdue and nearest time limits, then
    cases whose clock has not started, oldest first (ix_cases_mediator_id_id)."""
    query = (
        select(Case)
        .where(Case.mediator_id == user.id, Case.state.in_(OPEN_STATES))
        .options(joinedload(Case.applicant), joinedload(Case.respondent))
        .order_by(Case.deadline.is_(None), Case.deadline, Case.id)
        .limit(limit)
    )
    return db.session.scalars(query).all()


def instalments_of(case: Case) -> list[Instalment]:
    """The agreement's instalments in due order (each with ``amount`` and ``due_on``)."""
    return db.session.scalars(
        select(Instalment).where(Instalment.case_id == case.id).order_by(Instalment.sequence)
    ).all()


def signing_ends_on(case: Case) -> date | None:
    """The last day to sign the case's recorded agreement (``AGREEMENT_SIGNING_DAYS``)."""
    if case.agreement_recorded_at is None:
        return None
    return local_date(case.agreement_recorded_at) + timedelta(
        days=current_app.config["AGREEMENT_SIGNING_DAYS"]
    )
