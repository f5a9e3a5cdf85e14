"""Sessions and minutes as their response schemas."""

from mediation_app.sessions.schemas import MinutesOut, SessionOut


def minutes_out(minutes) -> MinutesOut:
    return MinutesOut.model_validate(
        {
            **{name: getattr(minutes, name) for name in MinutesOut.model_fields if name != "status"},
            "status": "final" if minutes.is_final else "draft",
        }
    )


def session_out(session, minutes=None) -> SessionOut:
    """``minutes``: the session's minutes if the viewer may read them, else None."""
    derived = {"participant_ids", "minutes"}
    return SessionOut.model_validate(
        {
            **{name: getattr(session, name) for name in SessionOut.model_fields if name not in derived},
            "participant_ids": [o.id for o in session.participants],
            "minutes": minutes_out(minutes) if minutes is not None else None,
        }
    )
