"""Notices about sessions, in the inbox and the e-mail outbox of the operation's own
transaction.

Recipients are the users of the participating organisations and the session's
mediator; each e-mail carries an .ics invitation of its own. An unusable address
costs the e-mail only (the inbox row stays); a notice never stops the action.
"""

from mediation_app.auth.models import User
from mediation_app.cases.notices import send_notice, users_of
from mediation_app.core.links import link
from mediation_app.extensions import db
from mediation_app.sessions.invitations import invitation
from mediation_app.sessions.models import MediationSession
from mediation_app.sessions.queries import reads_minutes, sees_session


def participants_of(case, session: MediationSession) -> list[User]:
    """The people of the participating organisations, and the mediator; once each,
    and only those who may see the session (``sessions.queries.visible_sessions``)."""
    people = [user for organisation in session.participants for user in users_of(organisation.id, case)]
    mediator = db.session.get(User, session.mediator_id)
    if mediator is not None and mediator.active:
        people.append(mediator)
    unique = {}
    for person in people:
        unique.setdefault(person.email, person)
    return [person for person in unique.values() if sees_session(person, session)]


def _queue(people, kind: str, case, session: MediationSession | None, context: dict) -> None:
    def calendar_invitation(person):
        return invitation(
            session,
            case_number=case.number,
            centre_name=case.centre.name,
            attendee=(person.name, person.email),
        )

    send_notice(people, kind, case, context, attachment_for=calendar_invitation if session else None)


def _where(session: MediationSession) -> dict:
    # The calendar link too: the inbox has no attachment, and it always gives the latest times.
    calendar_url = link("sessions.calendar", session_id=session.id)
    return {"starts_at": session.starts_at, "location": session.location, "calendar_url": calendar_url}


def notify_scheduled(case, session: MediationSession) -> None:
    mediator = db.session.get(User, session.mediator_id)
    context = {**_where(session), "mediator_name": mediator.name}
    _queue(participants_of(case, session), "session_scheduled", case, session, context)


def notify_rescheduled(case, session: MediationSession, previous_starts_at, reason: str) -> None:
    context = {**_where(session), "previous_starts_at": previous_starts_at, "reason": reason}
    _queue(participants_of(case, session), "session_changed", case, session, context)


def notify_cancelled(case, session: MediationSession, reason: str) -> None:
    # The attached METHOD:CANCEL removes the event from the participants' calendars.
    context = {**_where(session), "reason": reason}
    _queue(participants_of(case, session), "session_cancelled", case, session, context)


def notify_minutes_ready(case, session: MediationSession) -> None:
    """The participants who may now read the minutes (``sessions.queries.visible_minutes``):
    of a private session no party ever may, so only the mediator is told."""
    people = [p for p in participants_of(case, session) if reads_minutes(p, session)]
    _queue(people, "minutes_ready", case, None, {"held_at": session.starts_at})


def notify_tomorrow(case, session: MediationSession) -> None:
    """The day before: the participants are reminded (the invitation was sent already)."""
    _queue(participants_of(case, session), "session_reminder", case, None, _where(session))
