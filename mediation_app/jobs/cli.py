"""``flask jobs …``: the workers, the timer, and a look at the jobs."""

import json
import logging

import click
from flask import current_app
from flask.cli import AppGroup
from rq import SimpleWorker
from sqlalchemy import func, select

from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.jobs.queues import QUEUES, connection, queue
from mediation_app.jobs.runner import retry, sweep

jobs = AppGroup("jobs", help="Work beside the request: RQ workers, the timer, the job table.")


def _redis_url() -> str:
    url = current_app.config["REDIS_URL"]
    if not url:
        raise click.UsageError("REDIS_URL is not set: with no Redis, jobs run in the web process.")
    return url


@jobs.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.argument("queues", nargs=-1)
def worker(burst, queues):
    """Run jobs from Redis (every queue unless named), one at a time, in this process."""
    _redis_url()
    app = current_app._get_current_object()
    names = queues or QUEUES
    # SimpleWorker runs each job here, inside this command's app context, rather
    # than in a fork that would share the database connections of its parent.
    SimpleWorker([queue(app, name) for name in names], connection=connection(app)).work(
        burst=burst, logging_level=logging.INFO
    )


@jobs.command("sweep")
def sweep_command():
    """Dispatch the pending jobs that are due (normally done by ``jobs cron``)."""
    click.echo(f"{sweep()} job(s) dispatched")


@jobs.command("status")
def status():
    """The number of jobs per task and status, and the failed ones, as JSON."""
    counts = db.session.execute(
        select(Job.task, Job.status, func.count()).group_by(Job.task, Job.status)
    ).all()
    failed = db.session.scalars(select(Job).where(Job.status == JobStatus.FAILED).order_by(Job.id)).all()
    report = {
        "counts": [{"task": t, "status": s.value, "jobs": n} for t, s, n in counts],
        "failed": [{"id": j.id, "key": j.key, "attempts": j.attempts, "error": j.last_error} for j in failed],
    }
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))


@jobs.command("retry")
@click.argument("job_id", type=int)
def retry_command(job_id):
    """Give a failed job a new round of attempts."""
    if not retry(job_id):
        raise click.ClickException(f"job {job_id} has not failed")
    click.echo(f"job {job_id} sent again")
