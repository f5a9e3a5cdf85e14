"""Running jobs: dispatched when the transaction that scheduled them commits, and
again by the sweeper when that dispatch was lost or a run failed or died.

With ``REDIS_URL`` a job is enqueued on its task's RQ queue and a worker (``flask
jobs worker``) runs it; without, it runs in this process right after the commit
(a ``background`` task on a thread), through the same :func:`run`.

:func:`run` claims the job with a compare-and-set that counts the attempt and
leases the row (moves ``next_attempt_at`` past the run), commits, runs the task,
and commits the task's effects together with marking the job done. So a job runs
to completion at most once; a runner that dies leaves the row leased until the
lease ends, and the sweeper dispatches it again; a failure waits its backoff, and a
job out of attempts (or refused for good) is marked failed with its error.
"""

import logging
import threading
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.jobs.queues import queue
from mediation_app.jobs.tasks import TASKS, Permanent, Task, dispatch_after_commit, scheduled_by
from mediation_app.types import utcnow

log = logging.getLogger(__name__)

ERROR_MAX = 500
# A job is left to its own dispatch this long before the sweeper sends it again.
SWEEP_GRACE = timedelta(seconds=30)


@event.listens_for(Session, "after_commit")
def _dispatch_scheduled(session):
    if jobs := scheduled_by(session):
        dispatch(current_app._get_current_object(), jobs)


def dispatch(app: Flask, jobs: list[tuple[str, str]]) -> None:
    """Send each ``(key, task)`` to be run; never raises (the sweeper sends it again)."""
    for key, task_name in jobs:
        task = TASKS[task_name]
        try:
            if app.config["REDIS_URL"]:
                _enqueue(app, key, task)
            elif task.background:
                threading.Thread(target=perform_in, args=(app, key), name=f"job {key}", daemon=True).start()
            else:
                perform_in(app, key)
        except Exception:
            log.exception("job %s could not be dispatched; the sweeper will send it again", key)


def _enqueue(app: Flask, key: str, task: Task) -> None:
    queue(app, task.queue).enqueue(
        perform, key, description=key, job_timeout=int(task.lease.total_seconds()), result_ttl=3600
    )


def perform(key: str) -> None:
    """The RQ entry point (workers run by ``flask jobs worker``, inside the app):
    one job, in an app context of its own."""
    perform_in(current_app._get_current_object(), key)


def perform_in(app: Flask, key: str) -> None:
    """Run the job in a fresh app context, so its session is not the caller's."""
    with app.app_context():
        try:
            run(key)
        except Exception:  # run records a task's failure; this is the database failing
            log.exception("job %s could not be run; the sweeper will send it again", key)
        finally:
            db.session.remove()


def run(key: str) -> JobStatus | None:
    """Claim and run the job ``key``; its status afterwards, or None when it was not
    due (done, failed, or held by another runner)."""
    now = utcnow()
    job = db.session.scalars(select(Job).where(Job.key == key)).first()
    if job is None or job.status is not JobStatus.PENDING or job.next_attempt_at > now:
        db.session.rollback()
        return None
    task, job_id, attempt, arguments = TASKS[job.task], job.id, job.attempts + 1, dict(job.arguments)
    claimed = db.session.execute(
        update(Job)
        .where(
            Job.id == job_id,
            Job.status == JobStatus.PENDING,
            Job.attempts == job.attempts,
            Job.next_attempt_at <= now,
        )
        .values(attempts=attempt, next_attempt_at=now + task.lease)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None
    try:
        task.function(**arguments)
        _finish(job_id, status=JobStatus.DONE, finished_at=utcnow(), last_error=None)
        return JobStatus.DONE
    except Exception as error:
        db.session.rollback()
        give_up = isinstance(error, Permanent) or attempt >= task.max_attempts
        if give_up:
            log.exception("job %s failed for good (attempt %d)", key, attempt)
            values = {"status": JobStatus.FAILED, "finished_at": utcnow()}
            if task.on_give_up:
                task.on_give_up(**arguments)
        else:
            log.warning("job %s failed (attempt %d), retrying: %s", key, attempt, error)
            values = {"next_attempt_at": utcnow() + task.backoff(attempt)}
        _finish(job_id, last_error=f"{type(error).__name__}: {error}"[:ERROR_MAX], **values)
        return values.get("status", JobStatus.PENDING)


def _finish(job_id: int, **values) -> None:
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()


def sweep(limit: int = 200) -> int:
    """Dispatch the pending jobs that are due: never dispatched (the process ended
    between commit and dispatch, or Redis was down), waiting out a backoff, or
    leased by a runner that died. Returns how many were sent."""
    due = db.session.execute(
        select(Job.key, Job.task)
        .where(Job.status == JobStatus.PENDING, Job.next_attempt_at <= utcnow() - SWEEP_GRACE)
        .order_by(Job.next_attempt_at)
        .limit(limit)
    ).all()
    db.session.rollback()
    dispatch(current_app._get_current_object(), [tuple(row) for row in due])
    return len(due)


def retry(job_id: int) -> bool:
    """Give a failed job a new round of attempts (a person asked for it)."""
    done = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.FAILED)
        .values(status=JobStatus.PENDING, attempts=0, next_attempt_at=utcnow(), finished_at=None)
    ).rowcount
    if done:
        job = db.session.get(Job, job_id)
        dispatch_after_commit(job.key, job.task)
    db.session.commit()
    return bool(done)
