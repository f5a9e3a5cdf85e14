"""The mediator's workbench: their open cases with what needs doing next."""

from dataclasses import dataclass

from mediation_app.cases.hooks import next_sessions
from mediation_app.cases.queries import mediator_queue
from workflows.deadlines import local_date


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
