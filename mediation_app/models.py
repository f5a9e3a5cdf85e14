"""Imports every model so that the metadata (and so migrations) knows all tables."""

from mediation_app.auth.models import ApiToken, User
from mediation_app.cases.models import Case, CaseEvent, CaseNumberCounter, DeadlineReminder
from mediation_app.documents.models import Document
from mediation_app.evidence.models import EvidenceFile
from mediation_app.notifications.models import OutboxMessage
from mediation_app.parties.models import Centre, Organisation
from mediation_app.reporting.models import CaseTally

__all__ = [
    "ApiToken",
    "Case",
    "CaseEvent",
    "CaseNumberCounter",
    "CaseTally",
    "Centre",
    "DeadlineReminder",
    "Document",
    "EvidenceFile",
    "Organisation",
    "OutboxMessage",
    "User",
]
