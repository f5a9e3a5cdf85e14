"""``flask backup``: one archive of the database and the stores; restore; verify."""

import time
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from mediation_app.backups.operations import create_backup, restore_backup, verify_backup
from mediation_app.cli_support import cli_error
from mediation_app.errors import DomainError

backup = AppGroup("backup", help="Back up, restore and verify the database and the file stores.")


@backup.command("create")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="The archive (a .tar).")
def create(output):
    """Write one archive: database dump, documents, evidence and a manifest of hashes."""
    started = time.monotonic()
    archive = output or Path(current_app.instance_path) / "backups" / (
        f"mediation-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar"
    )
    manifest = create_backup(archive)
    click.echo(
        f"{archive}: {sum(manifest['rows'].values()):,} rows, {len(manifest['files']):,} files, "
        f"{archive.stat().st_size / 1e6:.1f} MB in {time.monotonic() - started:.1f} s"
    )
    if manifest["broken_chains"]:
        click.echo(
            f"warning: the audit trails of cases {manifest['broken_chains']} were broken already", err=True
        )


@backup.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(archive):
    """Load an archive into this deployment's empty database and empty stores."""
    started = time.monotonic()
    try:
        manifest = restore_backup(archive)
    except DomainError as error:
        raise cli_error(error) from None
    click.echo(
        f"restored {archive} (taken {manifest['created_at']}) in {time.monotonic() - started:.1f} s; "
        "check it with `flask backup verify`"
    )


@backup.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(archive):
    """Compare this deployment with an archive's manifest: rows, totals, audit trails and
    file hashes; exit 1 on any difference."""
    started = time.monotonic()
    problems = verify_backup(archive)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(problems)} difference(s) from {archive} ({time.monotonic() - started:.1f} s)")
    if problems:
        raise SystemExit(1)
