"""``flask court …``: the court linkage's scheduled work."""

import click
from flask.cli import AppGroup

from mediation_app.court.operations import send_court_reminders

court_group = AppGroup("court", help="Court linkage: confirmation windows and performance.")


@court_group.command("remind")
def remind():
    """E-mail confirmation reminders (7 and 2 days left) and default notices (daily; safe twice)."""
    click.echo(f"{send_court_reminders()} reminder(s) queued")
