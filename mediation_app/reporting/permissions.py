"""Which figures a user sees: staff their centre's, a court liaison its court's slice."""

from mediation_app.core.workspace import require
from workflows.roles import Role


def statistics_scope(user) -> tuple[list[int], int | None]:
    """The centres and (for a liaison) the court whose figures ``user`` may see;
    anyone else is refused (``reporting.actions``)."""
    require(user, "view_statistics")
    if user.role is Role.COURT_LIAISON:  # its court's slice of its own centre (tenancy)
        return [user.centre_id], user.organisation_id
    return [user.centre_id], None
