"""The mediator's workbench: their open cases with what needs doing next."""

from dataclasses import dataclass
from datetime import timedelta

from mediation_app.cases.hooks import next_sessions
from mediation_app.cases.queries import mediator_queue
from workflows.deadlines import ClockStatus, local_date


@dataclass(frozen=True)
class QueueEntry:
    case: object
    days_waiting: int  # since filing, in China calendar days
    next_session: object | None


def queue_of(user, now) -> list[QueueEntry]:
    cases = mediator_queue(user)
    upcoming = {}
    for found in next_sessions(user=user, case_ids=[c.id for c in cases], now=now):
        upcoming.update(found)
    today = local_date(now)
    return [QueueEntry(c, (today - local_date(c.created_at)).days, upcoming.get(c.id)) for c in cases]


def sessions_this_week(entries: list[QueueEntry], now) -> list[QueueEntry]:
    """The entries whose next session falls today or in the six days after (China
    calendar days), soonest first: what the mediator's day and week hold."""
    last_day = local_date(now) + timedelta(days=6)
    coming = [e for e in entries if e.next_session and local_date(e.next_session.starts_at) <= last_day]
    return sorted(coming, key=lambda e: e.next_session.starts_at)


def overdue(entries: list[QueueEntry], now) -> list[QueueEntry]:
    """The entries past their time limit (the queue lists them first already)."""
    return [e for e in entries if e.case.clock.status(now) is ClockStatus.OVERDUE]
