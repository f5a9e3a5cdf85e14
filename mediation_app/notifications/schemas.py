"""The payloads of the inbox API: a page of the caller's notifications."""

from pydantic import Field

from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import MAX_ID, Timestamp

PAGE_SIZE = 20


class InboxQuery(Schema):
    """A page of the caller's notifications, newest first."""

    before: int | None = Field(None, ge=1, le=MAX_ID, description="next_before of the previous page")
    limit: int = Field(PAGE_SIZE, ge=1, le=100)


class NotificationOut(Out):
    """A notice as its recipient reads it: the e-mail's subject and text, in the app."""

    id: int
    kind: str = Field(description="what it is about: case_accepted, session_scheduled, …")
    case_id: int | None
    subject: str
    body: str
    created_at: Timestamp
    read_at: Timestamp | None


class InboxPage(Out):
    items: list[NotificationOut]
    unread: int = Field(description="the caller's unread notifications, on every page")
    next_before: int | None = Field(description="pass as before for the next page; null on the last")


class MarkedOut(Out):
    marked: int = Field(description="notifications marked read by this request")


class NoticePreferences(Schema):
    """Which channels the caller wants the app's notices by, beside the inbox (always)."""

    email: bool = Field(description="an e-mail copy of each notice")


class NoticePreferencesOut(Out):
    email: bool
