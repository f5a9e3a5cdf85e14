"""``flask storage``: upkeep of the file stores."""

import click
from flask.cli import AppGroup

from mediation_app import storage

storage_group = AppGroup("storage", help="The file stores (documents, evidence, ledger uploads).")


@storage_group.command("sweep")
@click.option(
    "--older-than-minutes",
    default=60,
    show_default=True,
    type=click.IntRange(min=1),
    help="Leave younger files alone: a write may still be under way.",
)
def sweep(older_than_minutes):
    """Remove the temporary files of writes that never finished. Rows only ever name
    finished files, so nothing a row references is touched."""
    removed = [path for store in storage.STORES for path in store.sweep(older_than_minutes * 60)]
    for path in removed:
        click.echo(f"removed {path}")
    click.echo(f"{len(removed)} temporary file(s) removed")
