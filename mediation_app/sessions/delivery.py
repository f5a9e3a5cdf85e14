"""Sending a session's calendar file to someone who may see the session (both faces)."""

from flask import Response

from mediation_app.sessions.invitations import calendar_file
from mediation_app.sessions.queries import get_visible_session

MIMETYPE = "text/calendar"


def send_calendar(user, session_id: int) -> Response:
    """The session's .ics; a session ``user`` may not see is answered as a missing one."""
    session, case = get_visible_session(user, session_id)
    response = Response(calendar_file(session, case_number=case.number), mimetype=MIMETYPE)
    # ASCII name: the case number's brackets and Chinese are not needed to recognise it.
    response.headers["Content-Disposition"] = f'attachment; filename="session-{session.id}.ics"'
    response.headers["Cache-Control"] = "private, no-store"  # the times change on a reschedule
    return response
