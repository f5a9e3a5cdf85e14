"""Who may add evidence to a case, and who reads a file marked for the mediator only."""

from sqlalchemy import or_, true

from mediation_app.evidence.models import EvidenceFile
from workflows.roles import Role

UPLOADER_ROLES = frozenset({Role.ENTERPRISE, Role.MEDIATOR, Role.STAFF})


def may_upload(user) -> bool:
    """Parties, the mediator and staff (on a case they can see); not the court."""
    return user.role in UPLOADER_ROLES


def readable_by(user):
    """The WHERE clause of the files ``user`` may read on a case they can see: every
    file, except mediator-only files of the other party; the court sees none of those."""
    if user.role in (Role.MEDIATOR, Role.STAFF):
        return true()
    if user.role is Role.ENTERPRISE:
        return or_(EvidenceFile.mediator_only.is_(False), EvidenceFile.party_id == user.organisation_id)
    return EvidenceFile.mediator_only.is_(False)
