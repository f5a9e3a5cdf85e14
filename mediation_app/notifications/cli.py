"""``flask notifications …``: deliver and inspect the e-mail outbox."""

import json

import click
from flask.cli import AppGroup

from mediation_app.notifications.operations import send_pending
from mediation_app.notifications.queries import outbox_counts

# AppGroup runs every subcommand inside an application context.
notifications = AppGroup("notifications", help="E-mail notifications (the outbox).")


@notifications.command("send")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100_000))
def send(limit):
    """Send due e-mails; several senders may run at once, each message goes once."""
    result = send_pending(limit=limit)
    click.echo(f"sent {result.sent}, to retry {result.retrying}, failed {result.failed}")


@notifications.command("status")
def status():
    """Print the number of messages per status (and due now) as JSON."""
    click.echo(json.dumps(outbox_counts(), indent=2))
