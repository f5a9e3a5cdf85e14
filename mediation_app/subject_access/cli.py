"""``flask privacy export``: a person's subject-access export, for staff to hand over."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from mediation_app.subject_access.export import export_subject

privacy_group = AppGroup("privacy", help="Personal information (PIPL).")


@privacy_group.command("export")
@click.option("--email", required=True, help="The person's account.")
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True
)
@click.option(
    "--centre",
    "centre_code",
    help="The centre that hands the export over and signs its summary (default: the person's).",
)
def export(email, output, centre_code):
    """Write everything held about a person: a JSON file and a PDF summary."""
    user = db.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        raise click.ClickException(f"no account {email}")
    centre = (
        db.session.scalars(select(Centre).where(Centre.code == centre_code)).first()
        if centre_code
        else user.centre
    )
    if centre is None:
        problem = f"no centre with code {centre_code!r}" if centre_code else "the person belongs to no centre"
        raise click.BadParameter(
            f"{problem}: name the centre that hands the export over", param_hint="--centre"
        )
    for path in export_subject(user.id, centre, output):
        click.echo(path)
