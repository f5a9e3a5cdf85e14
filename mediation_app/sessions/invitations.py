"""Calendar invitations (RFC 5545 / iTIP RFC 5546) for sessions, built with icalendar.

One UID per session for its whole life; every change raises SEQUENCE, so a
calendar replaces the event it holds (REQUEST) or removes it (CANCEL). Times are
written in UTC; calendars show them in the reader's zone (Asia/Shanghai here).
"""

from email.utils import parseaddr

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from mediation_app.notifications.operations import Attachment
from mediation_app.sessions.models import MediationSession, SessionKind, SessionStatus
from mediation_app.types import utcnow

PRODID = "-//mediation-centre//sessions//ZH"
FILENAME = "调解会议.ics"


def organiser_address() -> str:
    return parseaddr(current_app.config.get("MAIL_FROM") or "")[1] or "noreply@localhost"


def summary(session: MediationSession, case_number: str) -> str:
    if session.kind is SessionKind.PRIVATE:
        return f"调解会议（背对背） {case_number}"
    return f"调解会议 {case_number}"


def invitation(
    session: MediationSession, *, case_number: str, centre_name: str, attendee: tuple[str, str]
) -> Attachment:
    """The .ics for one recipient (``attendee`` is their name and address): the other
    participants' addresses are not disclosed to them."""
    cancelled = session.status is SessionStatus.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", summary(session, case_number))
    event.add("location", session.location)
    if session.video_link:
        event.add("url", session.video_link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{organiser_address()}")
    organiser.params["cn"] = vText(centre_name)
    event.add("organizer", organiser)
    name, address = attendee
    guest = vCalAddress(f"mailto:{address}")
    guest.params.update(
        {"cn": vText(name), "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "FALSE"}
    )
    event.add("attendee", guest)
    calendar.add_component(event)
    return Attachment(FILENAME, calendar.to_ical(), f"text/calendar; method={method}")
