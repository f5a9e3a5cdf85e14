"""Who runs a case's sessions and writes their minutes.

Who sees which session and which minutes is decided in one place each,
``sessions.queries.visible_sessions`` and ``sessions.queries.visible_minutes``.
"""

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import in_charge_of
from mediation_app.sessions.models import MediationSession, SessionStatus


def may_change(user, case, session: MediationSession) -> bool:
    """Reschedule or cancel: a scheduled session whose minutes are not yet final."""
    held = session.minutes is not None and session.minutes.is_final
    scheduled = session.status is SessionStatus.SCHEDULED
    return CASE.allows(user, case, "schedule_session") and scheduled and not held


def may_write_minutes(user, case, session: MediationSession) -> bool:
    """Until finalised, on any session that was not cancelled (also after the case ends:
    the last session's minutes are often completed after the agreement is signed)."""
    return (
        in_charge_of(user, case)
        and session.status is SessionStatus.SCHEDULED
        and not (session.minutes is not None and session.minutes.is_final)
    )
