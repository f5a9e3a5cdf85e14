"""Who may add evidence to a case (who sees which file: ``evidence.queries.visible_evidence``)."""

from workflows.roles import Role

UPLOADER_ROLES = frozenset({Role.ENTERPRISE, Role.MEDIATOR, Role.STAFF})


def may_upload(user) -> bool:
    """Parties, the mediator and staff (on a case they can see); not the court."""
    return user.role in UPLOADER_ROLES
