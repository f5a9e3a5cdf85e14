"""The kinds of job, and scheduling one in the business transaction.

A task is a plain function of JSON-able keyword arguments that does its work on
``db.session`` without committing: the runner commits its effects together with
marking the job done. It must tolerate being run again after a runner died midway
(its lease ran out), which is why each job has a key naming the thing it works on.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session

from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.types import utcnow
from mediation_app.upsert import insert_once

_SCHEDULED = "scheduled_jobs"  # (key, task) of the jobs this transaction added


class Permanent(Exception):
    """A job that can never succeed (its object is gone, its input is refused): no retry."""


@dataclass(frozen=True)
class Task:
    name: str
    function: Callable[..., None]
    queue: str = "default"
    max_attempts: int = 5
    retry_seconds: int = 30  # the first wait after a failure; it doubles, up to MAX_BACKOFF
    # How long a run may hold the job; a runner silent for longer is taken for dead
    # and the job runs again.
    lease: timedelta = timedelta(minutes=10)
    # With no Redis, run on a thread of this process rather than before the response
    # (work too long to hold a request for, like a ledger import).
    background: bool = False
    # Called with the job's arguments, in the transaction that marks it failed.
    on_give_up: Callable[..., None] | None = None

    def backoff(self, attempts: int) -> timedelta:
        return min(timedelta(seconds=self.retry_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


MAX_BACKOFF = timedelta(hours=1)
TASKS: dict[str, Task] = {}


def task(name: str, **options) -> Callable:
    """Declare a function as the task ``name`` (see :class:`Task` for ``options``)."""

    def register(function: Callable) -> Callable:
        if name in TASKS and TASKS[name].function is not function:
            raise ValueError(f"task {name} is declared twice")
        TASKS[name] = Task(name, function, **options)
        return function

    return register


def later(task_name: str, key: str, **arguments) -> None:
    """Run ``task_name(**arguments)`` once the current transaction commits; never if it
    rolls back. A job with the same ``key`` already scheduled is not scheduled again."""
    if task_name not in TASKS:
        raise KeyError(f"no task {task_name}")
    now = utcnow()
    values = {
        "key": key,
        "task": task_name,
        "arguments": arguments,
        "status": JobStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    db.session.execute(insert_once(Job, values, ["key"]))
    dispatch_after_commit(key, task_name)


def dispatch_after_commit(key: str, task_name: str) -> None:
    """Have the job ``key`` dispatched when the current transaction commits."""
    db.session.info.setdefault(_SCHEDULED, []).append((key, task_name))


def scheduled_by(session: Session) -> list[tuple[str, str]]:
    """The jobs a transaction that just committed scheduled (taken: asked once)."""
    return session.info.pop(_SCHEDULED, [])


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(_SCHEDULED, None)
