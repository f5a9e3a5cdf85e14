"""The checks on a session that its schema cannot make alone: those that need the
clock or the case (a start in the future, an end after it, the parties of the case).

Times arrive as ISO 8601 with an offset (the API) or as Shanghai wall-clock time
from a ``datetime-local`` input (turned into ISO with +08:00 by the form); they are
kept in UTC. Every face passes what it received; the payload is parsed with
``sessions.schemas`` and these checks then name every bad field at once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from mediation_app.core.schema import FieldErrors
from mediation_app.sessions.models import SessionKind
from mediation_app.sessions.schemas import NewSession, SessionReschedule

MAX_LENGTH = timedelta(hours=12)
MAX_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class When:
    starts_at: datetime
    ends_at: datetime
    place: str
    video_link: str


def check_when(fields: FieldErrors, payload: NewSession | SessionReschedule, now: datetime) -> When:
    """Start, end and place (or video link) of a session: in the future, ending after
    it starts, at most 12 hours long."""
    starts_at, ends_at = payload.starts_at, payload.ends_at
    if payload.place == "" and payload.video_link == "":
        fields.fail("place", _l("give a place or a video link"))
    if starts_at <= now:
        fields.fail("starts_at", _l("must be in the future"))
    elif starts_at > now + MAX_AHEAD:
        fields.fail("starts_at", _l("must be within a year from now"))
    if ends_at <= starts_at:
        fields.fail("ends_at", _l("must be after the start"))
    elif ends_at - starts_at > MAX_LENGTH:
        fields.fail("ends_at", _l("a session lasts at most 12 hours"))
    return When(starts_at, ends_at, payload.place, payload.video_link)


def check_people(fields: FieldErrors, case, payload: NewSession) -> tuple[SessionKind, int | None, list[int]]:
    """The kind of session, the party of a private one, and the parties taking part:
    parties of this case only; a private session has exactly its one party."""
    parties = (case.applicant_id, case.respondent_id)
    kind, party_id = SessionKind(payload.kind), payload.party_id
    if kind is SessionKind.PRIVATE:
        if party_id is None:
            fields.fail("party_id", _l("a private session needs the party it is held with"))
        elif party_id not in parties:
            fields.fail("party_id", _l("must be a party of the case"))
    elif party_id is not None:
        fields.fail("party_id", _l("only a private session is held with one party"))
    if payload.participant_ids is None:
        return kind, party_id, [party_id] if party_id else list(parties)
    participants = list(dict.fromkeys(payload.participant_ids))
    if any(organisation_id not in parties for organisation_id in participants):
        fields.fail("participant_ids", _l("only the parties of the case take part"))
    elif kind is SessionKind.PRIVATE and participants != [party_id]:
        fields.fail("participant_ids", _l("a private session is held with its one party only"))
    return kind, party_id, participants
