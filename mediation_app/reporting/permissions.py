"""Who sees which figures: staff their centre's, a court liaison its court's slice."""

from mediation_app.errors import Forbidden
from workflows.roles import Role


def statistics_scope(user) -> tuple[list[int], int | None]:
    """The centres and (for a liaison) the court whose figures ``user`` may see;
    anyone else is refused."""
    if user.role is Role.STAFF:
        return [user.centre_id], None
    if user.role is Role.COURT_LIAISON:  # its court's slice of its own centre (tenancy)
        return [user.centre_id], user.organisation_id
    raise Forbidden()
