"""Calendar invitations (RFC 5545 / iTIP RFC 5546) for sessions, built with icalendar.

One UID per session for its whole life; every change raises SEQUENCE, so a
calendar replaces the event it holds (REQUEST) or removes it (CANCEL). Times are
written in UTC in the e-mailed invitations; calendars show them in the reader's zone.
The file downloaded from the case page (:func:`calendar_file`) gives them in
Asia/Shanghai, with the zone's definition, as the wall-clock time of the session.
"""

from email.utils import parseaddr

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from mediation_app.notifications.operations import Attachment
from mediation_app.sessions.models import MediationSession, SessionKind, SessionStatus
from mediation_app.types import utcnow
from workflows.deadlines import CHINA

PRODID = "-//mediation-centre//sessions//ZH"
FILENAME = "调解会议.ics"


def organiser_address() -> str:
    return parseaddr(current_app.config.get("MAIL_FROM") or "")[1] or "noreply@localhost"


def summary(session: MediationSession, case_number: str) -> str:
    if session.kind is SessionKind.PRIVATE:
        return f"调解会议（背对背） {case_number}"
    return f"调解会议 {case_number}"


def _event(session: MediationSession, case_number: str, *, zone=None) -> Event:
    """The session as a VEVENT: its times in ``zone`` (UTC when None)."""
    cancelled = session.status is SessionStatus.CANCELLED
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", session.starts_at.astimezone(zone) if zone else session.starts_at)
    event.add("dtend", session.ends_at.astimezone(zone) if zone else session.ends_at)
    event.add("summary", summary(session, case_number))
    event.add("location", session.location)
    if session.video_link:
        event.add("url", session.video_link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method: str, event: Event) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(event)
    return calendar


def invitation(
    session: MediationSession, *, case_number: str, centre_name: str, attendee: tuple[str, str]
) -> Attachment:
    """The .ics for one recipient (``attendee`` is their name and address): the other
    participants' addresses are not disclosed to them."""
    method = "CANCEL" if session.status is SessionStatus.CANCELLED else "REQUEST"
    event = _event(session, case_number)
    organiser = vCalAddress(f"mailto:{organiser_address()}")
    organiser.params["cn"] = vText(centre_name)
    event.add("organizer", organiser)
    name, address = attendee
    guest = vCalAddress(f"mailto:{address}")
    guest.params.update(
        {"cn": vText(name), "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "FALSE"}
    )
    event.add("attendee", guest)
    return Attachment(FILENAME, _calendar(method, event).to_ical(), f"text/calendar; method={method}")


def calendar_file(session: MediationSession, *, case_number: str) -> bytes:
    """The .ics anyone who may see the session downloads (METHOD:PUBLISH, no attendees:
    nobody's address is in it). Imported again after a change, the same UID with a
    higher SEQUENCE replaces the event; a cancelled session is STATUS:CANCELLED."""
    calendar = _calendar("PUBLISH", _event(session, case_number, zone=CHINA))
    calendar.add_missing_timezones()
    return calendar.to_ical()
