"""Reading sessions and minutes, always through what the viewer may see."""

import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from mediation_app.cases.models import Case
from mediation_app.cases.queries import get_visible_case, visible_to
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.sessions.models import MediationSession, SessionMinutes, SessionStatus
from mediation_app.sessions.permissions import minutes_readable_by, sessions_readable_by

log = logging.getLogger(__name__)


def _with_people(query):
    return query.options(
        joinedload(MediationSession.mediator),
        joinedload(MediationSession.party),
        joinedload(MediationSession.minutes),
        selectinload(MediationSession.participants),
    )


def sessions_of(user, case: Case) -> list[MediationSession]:
    """The case's sessions ``user`` may see, in time order."""
    query = select(MediationSession).where(MediationSession.case_id == case.id, sessions_readable_by(user))
    return db.session.scalars(
        _with_people(query).order_by(MediationSession.starts_at, MediationSession.id)
    ).all()


def readable_minutes(user, sessions: list[MediationSession]) -> dict[int, SessionMinutes]:
    """The minutes ``user`` may read among those of ``sessions``, by session id."""
    ids = [s.id for s in sessions]
    if not ids:
        return {}
    query = (
        select(SessionMinutes)
        .join(MediationSession, SessionMinutes.session_id == MediationSession.id)
        .where(SessionMinutes.session_id.in_(ids), minutes_readable_by(user))
    )
    return {m.session_id: m for m in db.session.scalars(query)}


def get_visible_session(user, session_id: int) -> tuple[MediationSession, Case]:
    """A session and its case, or :class:`NotVisible` exactly as for a missing one."""
    case_id = db.session.scalar(select(MediationSession.case_id).where(MediationSession.id == session_id))
    if case_id is None:
        raise NotVisible()
    case = get_visible_case(user, case_id)
    session = db.session.scalars(
        _with_people(select(MediationSession)).where(
            MediationSession.id == session_id, sessions_readable_by(user)
        )
    ).first()
    if session is None:
        log.warning(
            "session %d refused to user %d (%s): private session", session_id, user.id, user.role.value
        )
        raise NotVisible()
    return session, case


def get_visible_minutes(user, session_id: int) -> tuple[SessionMinutes, MediationSession, Case]:
    """The minutes of a session, or :class:`NotVisible` when there are none yet or
    ``user`` may not read them (private sessions, drafts for the parties and the court)."""
    session, case = get_visible_session(user, session_id)
    minutes = db.session.scalars(
        select(SessionMinutes)
        .join(MediationSession, SessionMinutes.session_id == MediationSession.id)
        .where(SessionMinutes.session_id == session.id, minutes_readable_by(user))
    ).first()
    if minutes is None:
        if session.minutes is not None:
            log.warning("minutes of session %d refused to user %d (%s)", session_id, user.id, user.role.value)
        raise NotVisible()
    return minutes, session, case


def next_sessions(user, case_ids: list[int], now) -> dict[int, MediationSession]:
    """The next scheduled session of each of these cases that ``user`` may see: one
    query over ix_mediation_sessions_case_id_starts_at (for a list of cases)."""
    if not case_ids:
        return {}
    query = (
        select(MediationSession)
        .join(Case, Case.id == MediationSession.case_id)
        .where(
            MediationSession.case_id.in_(case_ids),
            MediationSession.status == SessionStatus.SCHEDULED,
            MediationSession.starts_at > now,
            visible_to(user),
            sessions_readable_by(user),
        )
        .order_by(MediationSession.case_id, MediationSession.starts_at)
    )
    found = {}
    for session in db.session.scalars(query):
        found.setdefault(session.case_id, session)
    return found
