"""Helpers for the session tests; the real SMTP server fixtures of tests/notifications."""

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from mediation_app.cases.models import CaseEvent
from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from mediation_app.sessions.models import MediationSession, SessionMinutes
from mediation_app.types import utcnow
from tests.factories import held
from tests.notifications.conftest import smtp, smtp_port, start_smtp  # noqa: F401  (fixtures)
from workflows.deadlines import CHINA

COURT_CASE = {"source": "court_delegated", "court_case_number": "(2024)苏0621民诉前调66号"}


def at(days: float = 2, hour: int = 14, minute: int = 30, hours: float = 2) -> dict:
    """A future slot as the API takes it: Shanghai wall-clock time with +08:00."""
    day = (utcnow() + timedelta(days=days)).astimezone(CHINA)
    starts = day.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=hours)).isoformat()}


def session_body(**overrides) -> dict:
    return {**at(), "place": "海安市常安大道1号三楼调解室", **overrides}


def schedule(client, case_id: int, **overrides):
    return client.post(f"/cases/{case_id}/sessions", json=session_body(**overrides))


def hold(world, session_id: int) -> None:
    """The session has been held (its minutes can be finalised, an agreement recorded)."""
    with world.app.app_context():
        held(session_id)


def outbox(app, kind: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def calendar_of(message) -> tuple[Calendar, object]:
    """The parsed .ics of an outbox row (or raw bytes) and its one VEVENT."""
    raw = message if isinstance(message, bytes | str) else message.attachment_data
    calendar = Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def counts(app) -> tuple[int, int, int, int]:
    """Sessions, minutes, timeline events and e-mails: what a refused request must not change."""
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (MediationSession, SessionMinutes, CaseEvent, OutboxMessage)
        )
