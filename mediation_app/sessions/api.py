"""JSON API for sessions and their minutes; thin: parse, call one operation, present."""

from flask import jsonify

from mediation_app.api_support import api, caller, json_body, remote_addr
from mediation_app.cases.queries import get_visible_case
from mediation_app.sessions import operations
from mediation_app.sessions.presenters import minutes_json, session_json
from mediation_app.sessions.queries import (
    get_visible_minutes,
    get_visible_session,
    readable_minutes,
    sessions_of,
)


def _one(user, session):
    return session_json(session, readable_minutes(user, [session]).get(session.id))


@api.post("/cases/<int:case_id>/sessions")
def schedule_session(case_id: int):
    user = caller()
    session = operations.schedule_session(user, case_id, json_body(), remote_addr=remote_addr())
    return jsonify(_one(user, session)), 201


@api.get("/cases/<int:case_id>/sessions")
def list_sessions(case_id: int):
    user = caller()
    sessions = sessions_of(user, get_visible_case(user, case_id))
    minutes = readable_minutes(user, sessions)
    return jsonify([session_json(s, minutes.get(s.id)) for s in sessions])


@api.get("/sessions/<int:session_id>")
def get_session(session_id: int):
    user = caller()
    session, _case = get_visible_session(user, session_id)
    return jsonify(_one(user, session))


@api.post("/sessions/<int:session_id>/reschedule")
def reschedule_session(session_id: int):
    user = caller()
    session = operations.reschedule_session(user, session_id, json_body(), remote_addr=remote_addr())
    return jsonify(_one(user, session))


@api.post("/sessions/<int:session_id>/cancel")
def cancel_session(session_id: int):
    user = caller()
    session = operations.cancel_session(user, session_id, json_body(), remote_addr=remote_addr())
    return jsonify(_one(user, session))


@api.get("/sessions/<int:session_id>/minutes")
def get_minutes(session_id: int):
    minutes, _session, _case = get_visible_minutes(caller(), session_id)
    return jsonify(minutes_json(minutes))


@api.put("/sessions/<int:session_id>/minutes")
def save_minutes(session_id: int):
    minutes = operations.save_minutes(caller(), session_id, json_body(), remote_addr=remote_addr())
    return jsonify(minutes_json(minutes))


@api.post("/sessions/<int:session_id>/minutes/finalise")
def finalise_minutes(session_id: int):
    minutes = operations.finalise_minutes(caller(), session_id, json_body(), remote_addr=remote_addr())
    return jsonify(minutes_json(minutes))
