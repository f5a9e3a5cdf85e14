"""Two centres on one deployment, each with its staff, mediator, enterprises, court
liaison, a pending registration and cases carrying every kind of sub-record.

The court (苏0621) and one enterprise are shared records: the enterprise is the
applicant at both centres, through a separate account at each; the court delegates
to both, through a liaison account at each.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation_app.agents.operations import appoint_agent
from mediation_app.auth.operations import issue_token
from mediation_app.cases.models import Case
from mediation_app.cases.operations import file_case, transition_case
from mediation_app.demo.drive import sign_by_everyone
from mediation_app.documents.models import Document
from mediation_app.evidence.operations import upload_evidence
from mediation_app.exchange.models import WebhookDelivery
from mediation_app.exchange.operations import register_endpoint
from mediation_app.extensions import db
from mediation_app.groups.models import CaseGroupMember
from mediation_app.groups.operations import file_group
from mediation_app.ledger.models import LedgerImport
from mediation_app.mediators.operations import record_training
from mediation_app.notifications.operations import notify
from mediation_app.parties.models import OrganisationKind
from mediation_app.parties.operations import create_centre, create_organisation, create_user
from mediation_app.parties.registration import register_enterprise
from mediation_app.service.models import ServiceRecord
from mediation_app.sessions.operations import finalise_minutes, save_minutes, schedule_session
from mediation_app.types import utcnow
from tests.factories import MINIMAL_PDF, PASSWORD, Person, held, uscc
from workflows.deadlines import local_date

COURT = "海安市人民法院"
COMMON_NAME, COMMON_USCC = "江苏常安纺织科技有限公司", uscc(1)


@dataclass
class Tenant:
    """One centre's people and records; ``ids`` are the ids its routes take."""

    code: str
    centre_id: int
    staff: Person
    mediator: Person
    applicant: Person  # an account of the shared enterprise at this centre
    respondent: Person  # an enterprise only this centre deals with
    liaison: Person  # an account of the shared court at this centre
    own_enterprise: str  # its name
    open_case_id: int
    ids: dict[str, int]
    # Texts only this centre's pages may show: case numbers, people, its own enterprise.
    markers: set[str] = field(default_factory=set)

    def people(self) -> dict[str, Person]:
        return {
            "staff": self.staff,
            "mediator": self.mediator,
            "applicant": self.applicant,
            "respondent": self.respondent,
            "liaison": self.liaison,
        }


def _person(user) -> Person:
    return Person(user.id, user.email, user.role.value, user.organisation_id)


def _fire(actor, case_id: int, trigger: str, **data):
    version = db.session.get_one(Case, case_id).version
    return transition_case(actor, case_id, {"trigger": trigger, "version": version, **data})


def _notice_to(user, case):
    context = {"case_number": case.number, "centre_name": case.centre.name, "recipient_name": user.name}
    notice = notify(user.id, user.email, "minutes_ready", context, case_id=case.id)
    db.session.commit()
    return notice


def build_tenant(code: str, name: str, prefix: str, serial: int) -> Tenant:
    """A centre with one of everything; ``serial`` keeps its codes and numbers apart."""
    centre = create_centre(code, name, prefix)
    own = create_organisation(
        OrganisationKind.ENTERPRISE, f"{name}本地企业有限公司", uscc=uscc(serial), legal_representative="李明"
    )

    def user(role, local, **fields):
        return create_user(
            role=role,
            email=f"{local}@{code}.test",
            password=PASSWORD,
            name=f"{local}-{code}",
            centre_code=code,
            **fields,
        )

    staff, mediator = user("staff", "staff"), user("mediator", "mediator")
    applicant = user("enterprise", "applicant", uscc=COMMON_USCC)
    respondent = user("enterprise", "respondent", uscc=own.uscc)
    liaison = user("court_liaison", "liaison", organisation=COURT)
    # The court follows its cases here (an endpoint that never answers: deliveries wait).
    register_endpoint(staff, {"court": "苏0621", "url": "http://127.0.0.1:9/events"})
    registrant = register_enterprise(
        {
            "centre": code,
            "enterprise_name": f"{name}新注册企业有限公司",
            "uscc": uscc(serial + 1),
            "legal_representative": "王强",
            "contact_name": f"registrant-{code}",
            "phone": "13812345678",
            "email": f"registrant@{code}.test",
            "password": PASSWORD,
            "privacy_consent": True,
        }
    )
    filing = {
        "applicant": {"name": COMMON_NAME, "uscc": COMMON_USCC},
        "respondent": {"name": own.name, "uscc": own.uscc},
        "claim_amount": "580000.00",
        "summary": "买卖合同纠纷。",
        "industry": "textile",
    }
    case = file_case(
        liaison,
        filing | {"source": "court_delegated", "court_case_number": f"(2024)苏0621民诉前调{serial}号"},
    )
    _fire(staff, case.id, "assign", mediator_id=mediator.id)
    _fire(mediator, case.id, "start_mediation", respondent_consent=True)
    evidence = upload_evidence(
        applicant, case.id, file_name="买卖合同.pdf", content=MINIMAL_PDF, category="contract"
    )
    agent, _password = appoint_agent(
        applicant,
        case.id,
        {"name": "王立", "kind": "employee", "scope": "special"},
        file_name="授权委托书.pdf",
        content=MINIMAL_PDF,
    )
    start = utcnow() + timedelta(days=1)
    session = schedule_session(
        mediator,
        case.id,
        {
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "place": "调解室",
        },
    )
    held(session.id)
    minutes = save_minutes(mediator, session.id, {"text": "调解笔录", "version": 0})
    finalise_minutes(mediator, session.id, {"version": minutes.version})
    deadline = local_date(utcnow()) + timedelta(days=30)
    _fire(
        mediator,
        case.id,
        "record_agreement",
        agreed_amount="500000.00",
        terms=["被申请人分两期付清货款。"],
        performance_deadline=deadline.isoformat(),
    )
    sign_by_everyone(case.id, staff=staff, mediator=mediator)
    open_case = file_case(staff, filing | {"source": "direct", "claim_amount": "12345.67"})
    group = file_group(
        staff,
        {
            "applicant": filing["applicant"],
            "members": [{"respondent": filing["respondent"], "claim_amount": "1000.00", "summary": "系列案"}],
        },
    )
    ledger_import = LedgerImport(centre_id=centre.id, started_by_id=staff.id, file_name="台账.xlsx")
    db.session.add(ledger_import)
    db.session.commit()
    ids = {
        "case_id": case.id,
        "document_id": db.session.scalar(
            select(Document.id).where(Document.case_id == case.id).order_by(Document.id).limit(1)
        ),
        "evidence_id": evidence.id,
        "agent_id": agent.id,
        "session_id": session.id,
        "user_id": registrant.id,
        "import_id": ledger_import.id,
        "token_id": issue_token(staff.email, PASSWORD)[1].id,  # tokens are their user's, not the centre's
        "notification_id": _notice_to(staff, case).id,  # so are notifications
        "mediator_id": mediator.id,
        "group_id": group.id,
        "delivery_id": db.session.scalar(
            select(WebhookDelivery.id).where(WebhookDelivery.case_id == case.id).limit(1)
        ),
        "record_id": db.session.scalar(  # the paper service of its first document (no address given)
            select(ServiceRecord.id).where(ServiceRecord.case_id == case.id).order_by(ServiceRecord.id)
        ),
        "training_id": record_training(
            staff, mediator.id, {"course": "调解技巧", "held_on": "2026-03-01", "hours": "3"}
        ).id,
    }
    members = db.session.scalars(
        select(Case.number).join(CaseGroupMember).where(CaseGroupMember.group_id == group.id)
    )
    markers = {case.number, open_case.number, group.number, *members, own.name, registrant.email}
    markers |= {u.email for u in (staff, mediator, applicant, respondent, liaison)}
    markers |= {u.name for u in (staff, mediator, applicant, respondent, liaison, registrant)}
    return Tenant(
        code,
        centre.id,
        _person(staff),
        _person(mediator),
        _person(applicant),
        _person(respondent),
        _person(liaison),
        own.name,
        open_case.id,
        ids,
        markers,
    )


@pytest.fixture
def centres(app, clean_db) -> tuple[Tenant, Tenant]:
    """Centre A (Hai'an) and centre B (Rugao), built the same way."""
    with app.app_context():
        create_organisation(OrganisationKind.COURT, COURT, court_code="苏0621")
        create_organisation(OrganisationKind.ENTERPRISE, COMMON_NAME, uscc=COMMON_USCC)
        a = build_tenant("centre-a", "海安调解中心", "海工商调", 10)
        b = build_tenant("centre-b", "如皋调解中心", "皋工商调", 20)
        db.session.remove()
    return a, b
