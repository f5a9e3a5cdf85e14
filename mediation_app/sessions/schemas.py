"""The payloads of the session API: what scheduling, moving, cancelling a session and
writing its minutes carry in, and what a session and its minutes look like going out.
Pages and the API parse with these; the OpenAPI document is generated from them."""

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema

from mediation_app.cases.schemas import Person
from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import MAX_ID, Id, Items, Text, Timestamp
from mediation_app.validation import clean_text

MINUTES_MAX_CHARS = 100_000
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.ASCII)
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d{1,5})?(/[^\s<>\"'\\]*)?", re.ASCII)


def parse_moment(raw: Any) -> datetime:
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


def _video_link(raw: Any) -> str:
    link = clean_text(raw, max_length=500, required=False)
    if link and not _URL.fullmatch(link):
        raise ValueError(_l("must be an https:// link"))
    return link


#: A moment a user sends: ISO 8601 with its offset (kept in UTC).
Moment = Annotated[
    datetime,
    PlainValidator(parse_moment),
    WithJsonSchema({"type": "string", "format": "date-time", "example": "2026-12-03T14:30:00+08:00"}),
]

#: A video-conference link: https:// only; blank for none.
VideoLink = Annotated[
    str,
    PlainValidator(_video_link),
    WithJsonSchema({"type": "string", "maxLength": 500, "description": "https:// only"}),
]

SessionVersion = Annotated[int, Field(strict=True, ge=0, le=MAX_ID, description="the version you read")]


class SessionVersioned(Schema):
    """A change to a session or its minutes names the version the caller read."""

    version: SessionVersion


class _When(Schema):
    starts_at: Moment
    ends_at: Moment = Field(description="after the start, at most 12 hours later")
    place: Text(200, required=False) = ""
    video_link: VideoLink = ""


class NewSession(_When):
    """A place or a video link is required; times with an offset, stored in UTC."""

    kind: Literal["joint", "private"] = "joint"
    party_id: Id | None = Field(None, description="private sessions only: the one party")
    participant_ids: Items(Id, min_items=1, max_items=10) | None = Field(
        None, description="parties of the case; default both (joint) or the party (private)"
    )


class SessionReschedule(_When, SessionVersioned):
    reason: Text(1000, multiline=True)


class SessionCancel(SessionVersioned):
    reason: Text(1000, multiline=True)


class MinutesDraft(SessionVersioned):
    version: SessionVersion = Field(description="the version you read (0: no minutes yet)")
    text: Text(MINUTES_MAX_CHARS, multiline=True)


class MinutesFinalise(SessionVersioned):
    pass


# Responses


class MinutesOut(Out):
    id: int
    session_id: int
    text: str
    status: Literal["draft", "final"]
    sha256: str | None
    version: int
    written_by: Person | None
    updated_at: Timestamp
    finalised_at: Timestamp | None


class SessionOut(Out):
    id: int
    case_id: int
    kind: Literal["joint", "private"]
    party_id: int | None
    participant_ids: list[int]
    participants: list[Person]
    starts_at: Timestamp
    ends_at: Timestamp
    place: str
    video_link: str
    status: Literal["scheduled", "cancelled"]
    cancel_reason: str | None
    mediator: Person | None
    uid: str = Field(description="the calendar invitation's UID")
    sequence: int = Field(description="the invitation's SEQUENCE")
    version: int
    created_at: Timestamp
    minutes: MinutesOut | None = Field(description="only when the caller may read them")
