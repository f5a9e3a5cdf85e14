"""Reading the centres."""

from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.parties.models import Centre


def all_centres() -> list[Centre]:
    return db.session.scalars(select(Centre).order_by(Centre.name, Centre.id)).all()
