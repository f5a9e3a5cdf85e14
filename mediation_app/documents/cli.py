"""``flask signing check``: whether every centre can sign its documents, for the operator
to run when deploying (documents wait, unsigned and unissued, for a centre that cannot)."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from mediation_app.documents.centre_signature import signer_for
from mediation_app.errors import SigningUnavailable
from mediation_app.extensions import db
from mediation_app.parties.models import Centre

signing_group = AppGroup("signing", help="The centres' digital signatures on their documents.")


@signing_group.command("check")
def check():
    """Name each centre's signer, or why it has none; exit 1 when a centre has none."""
    unusable = []
    for centre in db.session.scalars(select(Centre).order_by(Centre.id)):
        try:
            click.echo(f"{centre.code}: {signer_for(centre).describe()}")
        except SigningUnavailable as error:
            unusable.append(centre.code)
            click.echo(f"{centre.code}: no usable key: {error.__cause__}", err=True)
    if unusable:
        raise click.ClickException(f"cannot sign documents: {', '.join(unusable)}")
