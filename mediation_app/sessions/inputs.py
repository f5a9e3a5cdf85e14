"""Parsing what faces send for sessions and minutes, once for pages and API.

Times arrive as ISO 8601 with an offset (the API) or as Shanghai wall-clock time
from a ``datetime-local`` input (turned into ISO with +08:00 by the form); they are
kept in UTC.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l

from mediation_app.cases.inputs import FieldErrors
from mediation_app.errors import ValidationFailed
from mediation_app.sessions.models import SessionKind
from mediation_app.validation import clean_text

MAX_LENGTH = timedelta(hours=12)
MAX_AHEAD = timedelta(days=366)
MINUTES_MAX_CHARS = 100_000
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.ASCII)
_WHEN_FIELDS = frozenset({"starts_at", "ends_at", "place", "video_link"})
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d{1,5})?(/[^\s<>\"'\\]*)?", re.ASCII)


@dataclass(frozen=True)
class When:
    starts_at: datetime
    ends_at: datetime
    place: str
    video_link: str


def parse_moment(raw) -> datetime:
    """An aware moment in UTC, from ISO 8601 text with an offset."""
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(_l("is required"))
    text = raw.strip()
    if not _ISO.fullmatch(text):
        raise ValueError(_l("must be a date and time with an offset, e.g. 2026-12-03T14:30:00+08:00"))
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_l("is not a valid date and time")) from None
    return moment.astimezone(UTC)


def parse_version(raw) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        raise ValidationFailed(fields={"version": _l("must be the version you read (an integer)")})
    return raw


def _video_link(raw) -> str:
    link = clean_text(raw, max_length=500, required=False)
    if link and not _URL.fullmatch(link):
        raise ValueError(_l("must be an https:// link"))
    return link


def parse_when(fields: FieldErrors, data: dict, now: datetime) -> When | None:
    """Start, end and place (or video link) of a session: in the future, ending after
    it starts, at most 12 hours long."""
    starts_at = fields.parse("starts_at", parse_moment, data.get("starts_at"))
    ends_at = fields.parse("ends_at", parse_moment, data.get("ends_at"))
    place = fields.parse("place", clean_text, data.get("place"), max_length=200, required=False)
    video_link = fields.parse("video_link", _video_link, data.get("video_link"))
    if place == "" and video_link == "":
        fields.fail("place", _l("give a place or a video link"))
    if starts_at is not None:
        if starts_at <= now:
            fields.fail("starts_at", _l("must be in the future"))
        elif starts_at > now + MAX_AHEAD:
            fields.fail("starts_at", _l("must be within a year from now"))
    if starts_at is not None and ends_at is not None:
        if ends_at <= starts_at:
            fields.fail("ends_at", _l("must be after the start"))
        elif ends_at - starts_at > MAX_LENGTH:
            fields.fail("ends_at", _l("a session lasts at most 12 hours"))
    if None in (starts_at, ends_at, place, video_link) or set(fields.errors) & _WHEN_FIELDS:
        return None
    return When(starts_at, ends_at, place, video_link)


def _organisation_id(raw) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise ValueError(_l("must be the id of a party of the case"))
    return raw


def parse_people(fields: FieldErrors, case, data: dict) -> tuple[SessionKind, int | None, list[int]] | None:
    """The kind of session, the party of a private one, and the parties taking part:
    parties of this case only; a private session has exactly its one party."""
    parties = (case.applicant_id, case.respondent_id)
    try:
        kind = SessionKind(data.get("kind", "joint"))
    except ValueError:
        fields.fail("kind", _l("must be joint or private"))
        return None
    party_id = data.get("party_id")
    if kind is SessionKind.PRIVATE:
        if party_id is None:
            fields.fail("party_id", _l("a private session needs the party it is held with"))
            return None
        party_id = fields.parse("party_id", _organisation_id, party_id)
        if party_id is None or party_id not in parties:
            fields.fail("party_id", _l("must be a party of the case"))
            return None
    elif party_id is not None:
        fields.fail("party_id", _l("only a private session is held with one party"))
        return None
    raw = data.get("participant_ids")
    if raw is None:
        return kind, party_id, [party_id] if party_id else list(parties)
    if not isinstance(raw, list) or not raw:
        fields.fail("participant_ids", _l("must be a list of the parties taking part"))
        return None
    participants = []
    for item in raw:
        organisation_id = fields.parse("participant_ids", _organisation_id, item)
        if organisation_id is None:
            return None
        if organisation_id not in parties:
            fields.fail("participant_ids", _l("only the parties of the case take part"))
            return None
        if organisation_id not in participants:
            participants.append(organisation_id)
    if kind is SessionKind.PRIVATE and participants != [party_id]:
        fields.fail("participant_ids", _l("a private session is held with its one party only"))
        return None
    return kind, party_id, participants


def parse_reason(fields: FieldErrors, data: dict) -> str | None:
    return fields.parse("reason", clean_text, data.get("reason"), max_length=1000, multiline=True)


def parse_minutes_text(fields: FieldErrors, data: dict) -> str | None:
    return fields.parse("text", clean_text, data.get("text"), max_length=MINUTES_MAX_CHARS, multiline=True)
