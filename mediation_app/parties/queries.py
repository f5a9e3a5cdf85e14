"""Reading the centres, the chambers of commerce and the enterprises registered at a centre."""

from sqlalchemy import exists, select

from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation, OrganisationKind
from workflows.roles import Role


def all_centres() -> list[Centre]:
    return db.session.scalars(select(Centre).order_by(Centre.name, Centre.id)).all()


def chambers() -> list[Organisation]:
    """The chambers of commerce (商会), which supply the centres' mediators."""
    query = select(Organisation).where(Organisation.kind == OrganisationKind.CHAMBER)
    return db.session.scalars(query.order_by(Organisation.name, Organisation.id)).all()


def registered_enterprises_named(user, part: str, limit: int) -> list[Organisation]:
    """Up to ``limit`` enterprises whose name contains ``part``, among those with an
    active, verified account at ``user``'s centre (never another centre's, and never
    one merely named in a case: that it is a party to a dispute is confidential), in
    name order; ``user``'s own organisation is left out (nobody files against itself)."""
    if user.centre_id is None:
        return []
    registered = exists().where(
        User.organisation_id == Organisation.id,
        User.centre_id == user.centre_id,
        User.role == Role.ENTERPRISE,
        User.active.is_(True),
        User.verified_at.is_not(None),
    )
    query = select(Organisation).where(
        Organisation.kind == OrganisationKind.ENTERPRISE,
        Organisation.name.icontains(part, autoescape=True),
        registered,
    )
    if user.organisation_id is not None:
        query = query.where(Organisation.id != user.organisation_id)
    return db.session.scalars(query.order_by(Organisation.name, Organisation.id).limit(limit)).all()
