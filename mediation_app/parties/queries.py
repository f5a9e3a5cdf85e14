"""Reading the centres and the chambers of commerce."""

from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation, OrganisationKind


def all_centres() -> list[Centre]:
    return db.session.scalars(select(Centre).order_by(Centre.name, Centre.id)).all()


def chambers() -> list[Organisation]:
    """The chambers of commerce (商会), which supply the centres' mediators."""
    query = select(Organisation).where(Organisation.kind == OrganisationKind.CHAMBER)
    return db.session.scalars(query.order_by(Organisation.name, Organisation.id)).all()
