"""Imports every model so that the metadata (and so migrations) knows all tables."""

from mediation_app.auth.models import ApiToken, User
from mediation_app.cases.conflicts import ConflictDeclaration
from mediation_app.cases.models import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    ChainHead,
    DeadlineReminder,
    Instalment,
    MediatorWorkload,
    RecusalRequest,
)
from mediation_app.court.models import Confirmation, FollowUpVisit, Payment, Referral
from mediation_app.documents.models import Document, DocumentNumberCounter, Signature
from mediation_app.evidence.models import EvidenceFile
from mediation_app.exchange.models import CourtEndpoint, DeliveryAttempt, WebhookDelivery
from mediation_app.groups.models import CaseGroup, CaseGroupMember, GroupNumberCounter
from mediation_app.idempotency import IdempotentRequest
from mediation_app.jobs.models import Job
from mediation_app.ledger.models import LedgerImport
from mediation_app.mediators.models import MediatorProfile, TrainingRecord
from mediation_app.notifications.models import NoticePreference, Notification, OutboxMessage
from mediation_app.parties.models import Centre, Federation, Organisation
from mediation_app.privacy.models import PersonalDataReveal, PrivacyConsent
from mediation_app.reporting.models import CaseTally, MonthlyFigures
from mediation_app.retention.models import DestructionRecord
from mediation_app.service.models import ServiceAddress, ServiceAttempt, ServiceRecord
from mediation_app.sessions.models import MediationSession, MediatorCalendar, SessionMinutes, SessionReminder
from mediation_app.surveys.models import StarRule, SurveyAnswer

__all__ = [
    "ApiToken",
    "Case",
    "CaseEvent",
    "CaseGroup",
    "CaseGroupMember",
    "CaseNumberCounter",
    "CaseTally",
    "Centre",
    "ChainHead",
    "Confirmation",
    "ConflictDeclaration",
    "CourtEndpoint",
    "DeadlineReminder",
    "DeliveryAttempt",
    "DestructionRecord",
    "Document",
    "DocumentNumberCounter",
    "EvidenceFile",
    "Federation",
    "FollowUpVisit",
    "GroupNumberCounter",
    "IdempotentRequest",
    "Instalment",
    "Job",
    "LedgerImport",
    "MediationSession",
    "MediatorCalendar",
    "MediatorProfile",
    "MediatorWorkload",
    "MonthlyFigures",
    "NoticePreference",
    "Notification",
    "Organisation",
    "OutboxMessage",
    "Payment",
    "PersonalDataReveal",
    "PrivacyConsent",
    "RecusalRequest",
    "Referral",
    "ServiceAddress",
    "ServiceAttempt",
    "ServiceRecord",
    "SessionMinutes",
    "SessionReminder",
    "Signature",
    "StarRule",
    "SurveyAnswer",
    "TrainingRecord",
    "User",
    "WebhookDelivery",
]
