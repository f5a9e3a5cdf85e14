"""JSON API for sessions and their minutes; thin: parse, call one operation, present."""

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.cases.queries import get_visible_case
from mediation_app.sessions import operations
from mediation_app.sessions.delivery import send_calendar
from mediation_app.sessions.presenters import minutes_out, session_out
from mediation_app.sessions.queries import (
    get_visible_minutes,
    get_visible_session,
    readable_minutes,
    sessions_of,
)
from mediation_app.sessions.schemas import (
    MinutesDraft,
    MinutesFinalise,
    MinutesOut,
    NewSession,
    SessionCancel,
    SessionOut,
    SessionReschedule,
)


def _one(user, session) -> SessionOut:
    return session_out(session, readable_minutes(user, [session]).get(session.id))


@api.post("/cases/<int:case_id>/sessions")
@endpoint(body=NewSession, ok=SessionOut, status=201)
def schedule_session(case_id: int):
    """Schedule a session and e-mail the participants an .ics invitation (the case's mediator, staff)."""
    user = caller()
    session = operations.schedule_session(user, case_id, json_body(), remote_addr=remote_addr())
    return present(_one(user, session), 201)


@api.get("/cases/<int:case_id>/sessions")
@endpoint(ok=list[SessionOut])
def list_sessions(case_id: int):
    """The sessions the caller may see (private ones: the mediator, staff and that party)."""
    user = caller()
    sessions = sessions_of(user, get_visible_case(user, case_id))
    minutes = readable_minutes(user, sessions)
    return present([session_out(s, minutes.get(s.id)) for s in sessions])


@api.get("/sessions/<int:session_id>")
@endpoint(ok=SessionOut)
def get_session(session_id: int):
    """One session."""
    user = caller()
    session, _case = get_visible_session(user, session_id)
    return present(_one(user, session))


@api.get("/sessions/<int:session_id>/calendar.ics")
@endpoint(description="The session as an iCalendar file (text/calendar, RFC 5545)")
def session_calendar(session_id: int):
    """The session for a calendar: times in Asia/Shanghai, the same UID for its whole life,
    SEQUENCE raised by each change, STATUS:CANCELLED once cancelled."""
    return send_calendar(caller(), session_id)


@api.post("/sessions/<int:session_id>/reschedule")
@endpoint(body=SessionReschedule, ok=SessionOut)
def reschedule_session(session_id: int):
    """Move a session (new time and place, a reason); the invitation is updated."""
    user = caller()
    session = operations.reschedule_session(user, session_id, json_body(), remote_addr=remote_addr())
    return present(_one(user, session))


@api.post("/sessions/<int:session_id>/cancel")
@endpoint(body=SessionCancel, ok=SessionOut)
def cancel_session(session_id: int):
    """Cancel a session (a reason); the invitation is withdrawn (METHOD:CANCEL)."""
    user = caller()
    session = operations.cancel_session(user, session_id, json_body(), remote_addr=remote_addr())
    return present(_one(user, session))


@api.get("/sessions/<int:session_id>/minutes")
@endpoint(ok=MinutesOut)
def get_minutes(session_id: int):
    """The minutes: for the parties and the court only finalised minutes of joint sessions."""
    minutes, _session, _case = get_visible_minutes(caller(), session_id)
    return present(minutes_out(minutes))


@api.put("/sessions/<int:session_id>/minutes")
@endpoint(body=MinutesDraft, ok=MinutesOut)
def save_minutes(session_id: int):
    """Write or rewrite the draft minutes (the case's mediator, staff)."""
    minutes = operations.save_minutes(caller(), session_id, json_body(), remote_addr=remote_addr())
    return present(minutes_out(minutes))


@api.post("/sessions/<int:session_id>/minutes/finalise")
@endpoint(body=MinutesFinalise, ok=MinutesOut)
def finalise_minutes(session_id: int):
    """Finalise the minutes (no more edits), issue them as a document and tell the participants."""
    minutes = operations.finalise_minutes(caller(), session_id, json_body(), remote_addr=remote_addr())
    return present(minutes_out(minutes))
