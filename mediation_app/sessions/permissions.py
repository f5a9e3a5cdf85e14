"""Who runs a case's sessions, and who sees which session and which minutes.

Confidentiality (保密): a private session (背对背) is seen only by the mediator, staff
and the party in the caucus; its minutes only by the mediator and staff, never by
either party nor the court. Joint-session minutes reach the parties and the court
once they are finalised.
"""

from sqlalchemy import and_, false, or_, select, true

from mediation_app.cases.permissions import in_charge_of
from mediation_app.extensions import db
from mediation_app.sessions.models import MediationSession, SessionKind, SessionMinutes, SessionStatus
from workflows.case_states import CaseState
from workflows.roles import Role

SCHEDULING_STATES = frozenset({CaseState.ASSIGNED, CaseState.MEDIATED})
_IN_CHARGE_ROLES = (Role.STAFF, Role.MEDIATOR)


def may_schedule(user, case) -> bool:
    """Those in charge of the case (its mediator, centre staff) schedule while it is
    accepted or in mediation."""
    return in_charge_of(user, case) and case.state in SCHEDULING_STATES


def may_change(user, case, session: MediationSession) -> bool:
    """Reschedule or cancel: a scheduled session whose minutes are not yet final."""
    held = session.minutes is not None and session.minutes.is_final
    return may_schedule(user, case) and session.status is SessionStatus.SCHEDULED and not held


def may_write_minutes(user, case, session: MediationSession) -> bool:
    """Until finalised, on any session that was not cancelled (also after the case ends:
    the last session's minutes are often completed after the agreement is signed)."""
    return (
        in_charge_of(user, case)
        and session.status is SessionStatus.SCHEDULED
        and not (session.minutes is not None and session.minutes.is_final)
    )


def sessions_readable_by(user):
    """The WHERE clause of the sessions ``user`` may see on a case they can see."""
    if user.role in _IN_CHARGE_ROLES:
        return true()
    if user.role is Role.ENTERPRISE and user.organisation_id:
        return or_(
            MediationSession.kind == SessionKind.JOINT, MediationSession.party_id == user.organisation_id
        )
    if user.role is Role.COURT_LIAISON:
        return MediationSession.kind == SessionKind.JOINT
    return false()


def minutes_readable_by(user):
    """The WHERE clause (over minutes joined to their session) of the minutes ``user``
    may read: all for those in charge; finalised joint-session minutes for the parties
    and the court; private-session minutes never."""
    if user.role in _IN_CHARGE_ROLES:
        return true()
    if user.role in (Role.ENTERPRISE, Role.COURT_LIAISON):
        return and_(MediationSession.kind == SessionKind.JOINT, SessionMinutes.finalised_at.is_not(None))
    return false()


def hidden_in_timeline(viewer, case_id: int) -> tuple[set[int], set[int]]:
    """The ids of the case's sessions and minutes ``viewer`` may not see: timeline
    entries carrying them (``session_id`` / ``minutes_id``) are left out."""
    if viewer.role in _IN_CHARGE_ROLES:
        return set(), set()
    rows = db.session.execute(
        select(
            MediationSession.id,
            SessionMinutes.id,
            sessions_readable_by(viewer),
            minutes_readable_by(viewer),
        )
        .outerjoin(SessionMinutes, SessionMinutes.session_id == MediationSession.id)
        .where(MediationSession.case_id == case_id)
    ).all()
    sessions = {session_id for session_id, _m, readable, _r in rows if not readable}
    minutes = {minutes_id for _s, minutes_id, _r, readable in rows if minutes_id and not readable}
    return sessions, minutes
