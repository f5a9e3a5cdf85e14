"""E-mails about sessions, queued in the outbox of the operation's own transaction.

Recipients are the users of the participating organisations and the session's
mediator; each gets an .ics invitation of their own. A message that cannot be
queued (an unusable address) is logged and skipped: a notice never stops the action.
"""

import logging

from mediation_app.auth.models import User
from mediation_app.cases.notices import users_of
from mediation_app.extensions import db
from mediation_app.notifications.operations import InvalidMessage, queue_email
from mediation_app.sessions.invitations import invitation
from mediation_app.sessions.models import MediationSession
from mediation_app.sessions.queries import reads_minutes, sees_session

log = logging.getLogger(__name__)


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
    base = {"case_number": case.number, "centre_name": case.centre.name}
    for person in people:
        attachment = None
        if session is not None:
            attachment = invitation(
                session,
                case_number=case.number,
                centre_name=case.centre.name,
                attendee=(person.name, person.email),
            )
        try:
            queue_email(
                person.email,
                kind,
                {**base, **context, "recipient_name": person.name},
                case_id=case.id,
                attachment=attachment,
            )
        except InvalidMessage:
            log.warning("notice %s for case %d not queued for user %d", kind, case.id, person.id)


def _where(session: MediationSession) -> dict:
    return {"starts_at": session.starts_at, "location": session.location}


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
