"""Sessions and minutes as JSON-ready dicts."""

from mediation_app.api_support import iso


def _person(user) -> dict | None:
    return {"id": user.id, "name": user.name} if user else None


def minutes_json(minutes) -> dict:
    return {
        "id": minutes.id,
        "session_id": minutes.session_id,
        "text": minutes.text,
        "status": "final" if minutes.is_final else "draft",
        "sha256": minutes.sha256,
        "version": minutes.version,
        "written_by": _person(minutes.written_by),
        "updated_at": iso(minutes.updated_at),
        "finalised_at": iso(minutes.finalised_at),
    }


def session_json(session, minutes=None) -> dict:
    """``minutes``: the session's minutes if the viewer may read them, else None."""
    return {
        "id": session.id,
        "case_id": session.case_id,
        "kind": session.kind.value,
        "party_id": session.party_id,
        "participant_ids": [o.id for o in session.participants],
        "participants": [{"id": o.id, "name": o.name} for o in session.participants],
        "starts_at": iso(session.starts_at),
        "ends_at": iso(session.ends_at),
        "place": session.place,
        "video_link": session.video_link,
        "status": session.status.value,
        "cancel_reason": session.cancel_reason,
        "mediator": _person(session.mediator),
        "uid": session.uid,
        "sequence": session.sequence,
        "version": session.version,
        "created_at": iso(session.created_at),
        "minutes": minutes_json(minutes) if minutes is not None else None,
    }
