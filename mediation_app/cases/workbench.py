"""The mediator's workbench: their open cases with what needs doing next."""

from dataclasses import dataclass

from mediation_app.cases.queries import mediator_queue
from mediation_app.sessions.queries import next_sessions
from workflows.deadlines import local_date


@dataclass(frozen=True)
class QueueEntry:
    case: object
    days_waiting: int  # since filing, in China calendar days
    next_session: object | None


def queue_of(user, now) -> list[QueueEntry]:
    cases = mediator_queue(user)
    upcoming = next_sessions(user, [c.id for c in cases], now)
    today = local_date(now)
    return [QueueEntry(c, (today - local_date(c.created_at)).days, upcoming.get(c.id)) for c in cases]
