"""``flask retention run``: the retention schedule, by hand."""

import click
from flask.cli import AppGroup

from mediation_app.retention.operations import run_retention

retention = AppGroup("retention", help="Destroy what is kept past its retention period.")


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only count what is due.")
def run(dry_run):
    """Destroy expired evidence files and refused registrants' personal details, logged."""
    report = run_retention(by="flask retention run", dry_run=dry_run)
    verb = "due" if dry_run else "destroyed"
    click.echo(
        f"evidence files {verb}: {report.evidence}; registrants anonymised: {report.personal_data}"
        + ("" if dry_run else f"; files deleted: {len(report.files_deleted)}")
    )
