"""The operators' commands (``flask --app mediation_app …``); they reuse the operations."""

import json
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from mediation_app.auth.cli import reset_password
from mediation_app.backups.cli import backup
from mediation_app.cases.cli import audit
from mediation_app.cases.operations import send_deadline_reminders
from mediation_app.cases.workloads import rebuild_workloads, workload_differences
from mediation_app.cli_support import cli_error
from mediation_app.court.cli import court_group
from mediation_app.documents.cli import signing_group
from mediation_app.errors import DomainError
from mediation_app.extensions import db
from mediation_app.federation.queries import roll_up
from mediation_app.federation.schemas import RollUpOut
from mediation_app.jobs.cli import jobs
from mediation_app.ledger.cli import ledger
from mediation_app.notifications.cli import notifications
from mediation_app.parties import operations as parties_operations
from mediation_app.parties.models import Centre, FederationLevel
from mediation_app.recurring import jobs as _with_cron  # noqa: F401  (adds ``jobs cron``)
from mediation_app.reporting.operations import rebuild_monthly_figures
from mediation_app.reporting.queries import totals, totals_differences
from mediation_app.reporting.recompute import figures_differences
from mediation_app.retention.cli import retention
from mediation_app.service.cli import service_group
from mediation_app.storage_cli import storage_group
from mediation_app.subject_access.cli import privacy_group
from workflows.roles import Role

# AppGroup runs every subcommand inside an application context.
users = AppGroup("users", help="Manage accounts.")


@users.command("create")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name")
@click.option("--organisation", help="Organisation name (an enterprise's name when --uscc is new).")
@click.option("--uscc", help="The enterprise's unified social credit code (enterprise users).")
@click.option("--centre", "centre_code", help="The account's centre, by code (default: the first centre).")
@click.option("--federation", help="The federation's name (federation users, who belong to no centre).")
def create_user(role, email, password, name, organisation, uscc, centre_code, federation):
    try:
        user = parties_operations.create_user(
            role=role,
            email=email,
            password=password,
            name=name,
            organisation=organisation,
            uscc=uscc,
            centre_code=centre_code,
            federation=federation,
        )
    except DomainError as error:
        raise cli_error(error) from None
    click.echo(f"created user {user.id} ({user.role.value}) {user.email}")


users.add_command(reset_password)

demo = AppGroup("demo", help="Demonstration data.")


@demo.command("load")
def load_demo():
    """Load the demo centre, people and case history (once; running it again changes nothing)."""
    from mediation_app.demo.loader import DEMO_USERS, LAWYER_EMAIL, PASSWORD, load

    loaded = load(progress=lambda message: click.echo(message, err=True))
    click.echo("demo data loaded" if loaded else "demo data already present; nothing changed")
    click.echo(f"demo logins (password for all: {PASSWORD}):")
    for role, email, _name, _fields in DEMO_USERS:
        click.echo(f"  {role:<14} {email}")
    click.echo(f"  {'agent':<14} {LAWYER_EMAIL}")


totals_group = AppGroup("totals", help="The centres' totals.")


def _centres() -> list[Centre]:
    return db.session.scalars(select(Centre).order_by(Centre.id)).all()


@totals_group.command("show")
def show_totals():
    """Print each centre's kept totals as JSON."""
    click.echo(json.dumps({c.code: totals(c.id).as_dict() for c in _centres()}, ensure_ascii=False, indent=2))


@totals_group.command("verify")
def verify_totals():
    """Recompute every total, monthly figure and mediator's open-case count from the
    cases; exit 1 on any difference."""
    differences = [
        f"{c.code}: {d}"
        for c in _centres()
        for d in totals_differences(c.id) + figures_differences(c.id) + workload_differences(c.id)
    ]
    for line in differences:
        click.echo(line, err=True)
    if differences:
        click.echo(f"totals differ from the cases in {len(differences)} place(s)", err=True)
        sys.exit(1)
    click.echo("totals match the cases")


@totals_group.command("rebuild")
def rebuild_figures():
    """Recompute every centre's monthly figures and its mediators' open-case counts from
    the cases and store them (after a bulk load, or once after upgrading a database that
    already holds cases)."""
    for centre in _centres():
        rebuild_monthly_figures(centre.id)
        rebuild_workloads(centre.id)
        click.echo(f"{centre.code}: monthly figures and mediators' open cases rebuilt")


deadlines = AppGroup("deadlines", help="Mediation time limits.")


@deadlines.command("remind")
def remind_deadlines():
    """E-mail reminders for cases overdue or due within 3 days (safe to run twice)."""
    click.echo(f"{send_deadline_reminders()} reminder(s) queued")


federations = AppGroup("federations", help="Federations of industry and commerce and their centres.")


@federations.command("create")
@click.option("--level", required=True, type=click.Choice([level.value for level in FederationLevel]))
@click.option("--name", required=True)
@click.option("--parent", help="A city federation's province federation, by name.")
def create_federation(level, name, parent):
    try:
        federation = parties_operations.create_federation(level, name, parent)
    except DomainError as error:
        raise cli_error(error) from None
    click.echo(f"created federation {federation.id} ({federation.level.value}) {federation.name}")


@federations.command("add-centre")
@click.option("--federation", required=True, help="The city federation, by name.")
@click.option("--centre", "centre_code", required=True, help="The centre, by code.")
def add_centre(federation, centre_code):
    """Make a centre a member of a city federation (leaving its previous one)."""
    try:
        parties_operations.join_federation(centre_code, federation)
    except DomainError as error:
        raise cli_error(error) from None
    click.echo(f"centre {centre_code} now reports to {federation}")


@federations.command("totals")
@click.argument("name")
def federation_totals(name):
    """Print a federation's roll-up and each member's figures as JSON (as the API does)."""
    federation = parties_operations.federation_named(name)
    if federation is None:
        raise click.ClickException(f"no federation named {name}")
    click.echo(
        json.dumps(RollUpOut.of(roll_up(federation)).model_dump(mode="json"), ensure_ascii=False, indent=2)
    )


def register_commands(app):
    groups = (
        users,
        demo,
        totals_group,
        deadlines,
        court_group,
        notifications,
        federations,
        ledger,
        jobs,
        audit,
        backup,
        privacy_group,
        retention,
        service_group,
        storage_group,
        signing_group,
    )
    for group in groups:
        app.cli.add_command(group)
