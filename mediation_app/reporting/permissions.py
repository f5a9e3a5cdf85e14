"""Who sees which figures: staff their centre's, a court liaison its court's slice."""

from sqlalchemy import select

from mediation_app.errors import Forbidden
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from workflows.roles import Role


def statistics_scope(user) -> tuple[list[int], int | None]:
    """The centres and (for a liaison) the court whose figures ``user`` may see;
    anyone else is refused."""
    if user.role is Role.STAFF:
        return [user.centre_id], None
    if user.role is Role.COURT_LIAISON:
        centres = [user.centre_id] if user.centre_id else db.session.scalars(select(Centre.id)).all()
        return centres, user.organisation_id
    raise Forbidden()
