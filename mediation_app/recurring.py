"""Work done on a timer, beside the jobs the requests schedule: the one table of it.
``flask jobs cron`` runs it, on RQ's cron scheduler with ``REDIS_URL`` (the workers do
the work) and in its own process otherwise."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask, current_app
from rq.cron import CronScheduler

from mediation_app.cases.operations import send_deadline_reminders
from mediation_app.court.operations import send_court_reminders
from mediation_app.extensions import db
from mediation_app.idempotency import forget_old_keys
from mediation_app.jobs.cli import jobs
from mediation_app.jobs.queues import connection
from mediation_app.jobs.runner import sweep
from mediation_app.notifications.operations import send_pending
from mediation_app.retention.operations import run_retention
from mediation_app.sessions.operations import send_session_reminders

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recurring:
    name: str
    run: Callable[[], object]
    every_seconds: int


RECURRING = {
    entry.name: entry
    for entry in (
        # Jobs whose dispatch was lost, whose backoff ended, or whose runner died.
        Recurring("sweep_jobs", sweep, 30),
        # The e-mail outbox (it keeps its own attempts, backoff and leases).
        Recurring("send_mail", send_pending, 30),
        # Once per case, deadline and kind, however often it runs.
        Recurring("deadline_reminders", send_deadline_reminders, 3600),
        # The day before a session; once per session and start, however often it runs.
        Recurring("session_reminders", send_session_reminders, 3600),
        # Confirmation windows and overdue instalments; once per notice, however often it runs.
        Recurring("court_reminders", send_court_reminders, 3600),
        # Idempotency keys older than a day: a retry comes within minutes, not days.
        Recurring("forget_idempotency_keys", forget_old_keys, 3600),
        # What has outlived its retention period, destroyed and logged (PIPL).
        Recurring("retention", run_retention, 86400),
    )
}


def perform_recurring(name: str) -> None:
    """The RQ entry point of a recurring run (enqueued by the cron scheduler)."""
    run_recurring(current_app._get_current_object(), name)


def run_recurring(app: Flask, name: str) -> object:
    with app.app_context():
        try:
            return RECURRING[name].run()
        finally:
            db.session.remove()


@jobs.command("cron")
@click.option("--once", is_flag=True, help="Run every recurring task once and stop.")
def cron(once):
    """Run the recurring work (``mediation_app.recurring``) on its timer: enqueued for
    the workers with REDIS_URL, run here otherwise."""
    app = current_app._get_current_object()
    if once:
        for name in RECURRING:
            click.echo(f"{name}: {run_recurring(app, name)}")
        return
    if app.config["REDIS_URL"]:
        scheduler = CronScheduler(connection=connection(app))
        for name, entry in RECURRING.items():
            scheduler.register(
                perform_recurring, "default", args=(name,), interval=entry.every_seconds, name=name
            )
        scheduler.start()
        return
    due = dict.fromkeys(RECURRING, 0.0)
    while True:  # the embedded deployment's timer: one process, no Redis
        for name, entry in RECURRING.items():
            if time.monotonic() >= due[name]:
                due[name] = time.monotonic() + entry.every_seconds
                try:
                    run_recurring(app, name)
                except Exception:
                    log.exception("recurring task %s failed", name)
        time.sleep(1)
