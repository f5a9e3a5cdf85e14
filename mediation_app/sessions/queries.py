"""Reading sessions and minutes, always through what the viewer may see.

Confidentiality (保密): a private session (背对背) is seen only by the mediator, staff
and the party in the caucus; its minutes only by the mediator and staff, never by
either party nor the court. Joint-session minutes reach the parties and the court
once they are finalised. :func:`visible_sessions` and :func:`visible_minutes` are
those rules, once each; every face (the session list and pages, the case's timeline
and page, documents, the court's referral package, notices) composes them.
"""

import logging

from sqlalchemy import and_, exists, false, select, true
from sqlalchemy.orm import joinedload, selectinload

# The module, not its names: cases.queries composes this module's rules into the
# timeline, so the two import each other (see cases.queries).
from mediation_app.cases import queries as case_queries
from mediation_app.cases.models import Case
from mediation_app.core.visibility import IN_CHARGE, shared_or_own
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.sessions.models import MediationSession, SessionKind, SessionMinutes, SessionStatus
from workflows.roles import Role

log = logging.getLogger(__name__)


def visible_sessions(user):
    """The WHERE clause of the sessions ``user`` may see on a case they can see: all
    for those in charge; joint sessions for the parties and the court, and a private
    session for the party in it (see ``core.visibility``; ``party_id`` is NULL on joint
    sessions)."""
    return shared_or_own(
        user, MediationSession.kind == SessionKind.JOINT, MediationSession.party_id, MediationSession.case_id
    )


def visible_minutes(user):
    """The WHERE clause (over minutes joined to their session) of the minutes ``user``
    may read: all for those in charge; finalised joint-session minutes for the parties
    and the court; private-session minutes never. Positive and NULL-safe, as
    :func:`visible_sessions`."""
    if user.role in IN_CHARGE:
        return true()
    if user.role in (Role.ENTERPRISE, Role.COURT_LIAISON):
        return shared_minutes()
    return false()


def shared_minutes():
    """The minutes the parties and the court read: finalised, of a joint session."""
    return and_(MediationSession.kind == SessionKind.JOINT, SessionMinutes.finalised_at.is_not(None))


def visible_session_ids(user, case_id: int):
    """A subquery: the ids of the sessions of the case ``user`` may see."""
    return select(MediationSession.id).where(MediationSession.case_id == case_id, visible_sessions(user))


def visible_minutes_ids(user, case_id: int):
    """A subquery: the ids of the minutes of the case ``user`` may read."""
    return (
        select(SessionMinutes.id)
        .join(MediationSession, SessionMinutes.session_id == MediationSession.id)
        .where(MediationSession.case_id == case_id, visible_minutes(user))
    )


def sees_session(user, session: MediationSession) -> bool:
    """Whether ``user`` may see this session (for those told about it)."""
    return db.session.scalar(
        select(exists().where(MediationSession.id == session.id, visible_sessions(user)))
    )


def reads_minutes(user, session: MediationSession) -> bool:
    """Whether ``user`` may read the minutes of this session (for those told about them)."""
    return db.session.scalar(
        select(
            exists().where(
                SessionMinutes.session_id == session.id,
                MediationSession.id == SessionMinutes.session_id,
                visible_minutes(user),
            )
        )
    )


def minutes_shared(session_id: int) -> bool:
    """Whether the parties read this session's minutes (for serving them on the parties)."""
    return db.session.scalar(
        select(
            exists().where(
                SessionMinutes.session_id == session_id,
                MediationSession.id == SessionMinutes.session_id,
                shared_minutes(),
            )
        )
    )


def _with_people(query):
    return query.options(
        joinedload(MediationSession.mediator),
        joinedload(MediationSession.party),
        joinedload(MediationSession.minutes),
        selectinload(MediationSession.participants),
    )


def sessions_of(user, case: Case) -> list[MediationSession]:
    """The case's sessions ``user`` may see, in time order."""
    query = select(MediationSession).where(MediationSession.case_id == case.id, visible_sessions(user))
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
        .where(SessionMinutes.session_id.in_(ids), visible_minutes(user))
    )
    return {m.session_id: m for m in db.session.scalars(query)}


def get_visible_session(user, session_id: int) -> tuple[MediationSession, Case]:
    """A session and its case, or :class:`NotVisible` exactly as for a missing one."""
    case_id = db.session.scalar(select(MediationSession.case_id).where(MediationSession.id == session_id))
    if case_id is None:
        raise NotVisible()
    case = case_queries.get_visible_case(user, case_id)
    session = db.session.scalars(
        _with_people(select(MediationSession)).where(
            MediationSession.id == session_id, visible_sessions(user)
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
        .where(SessionMinutes.session_id == session.id, visible_minutes(user))
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
            case_queries.visible_to(user),
            visible_sessions(user),
        )
        .order_by(MediationSession.case_id, MediationSession.starts_at)
    )
    found = {}
    for session in db.session.scalars(query):
        found.setdefault(session.case_id, session)
    return found


def first_session_ahead(case, now):
    """When the case's first session starts, if it has sessions and none has started
    (an agreement or minutes cannot come from a session yet to be held); else None."""
    first = db.session.scalar(
        select(MediationSession.starts_at)
        .where(MediationSession.case_id == case.id, MediationSession.status == SessionStatus.SCHEDULED)
        .order_by(MediationSession.starts_at)
        .limit(1)
    )
    return first if first is not None and first > now else None
