"""Reading a court's cases in the exchange format, through what the reader may see."""

from datetime import timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import joinedload

from mediation_app.cases.models import Case, CaseEvent, CaseSource
from mediation_app.cases.queries import get_visible_case, visible_to
from mediation_app.court.models import Confirmation, Payment
from mediation_app.court.package import COURT
from mediation_app.court.queries import court_cases
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.documents.queries import visible_documents
from mediation_app.errors import NotVisible, ValidationFailed
from mediation_app.exchange.models import CourtEndpoint, DeliveryAttempt, WebhookDelivery
from mediation_app.exchange.schemas import (
    CourtOut,
    ExchangeCaseOut,
    ExchangeDocumentOut,
    ExchangePartyOut,
    OutcomeOut,
    Period,
)
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation, OrganisationKind
from mediation_app.parties.operations import court_by_code
from mediation_app.types import Money, UTCDateTime
from workflows.deadlines import china_midnight, local_date
from workflows.roles import Role

FROM_COURT = (CaseSource.COURT_DELEGATED, CaseSource.COURT_COMMISSIONED)


def _by_case(rows) -> dict:
    grouped: dict = {}
    for case_id, value in rows:
        grouped.setdefault(case_id, []).append(value)
    return grouped


def exchange_cases(cases: list[Case]) -> list[ExchangeCaseOut]:
    """The cases in the exchange format: a fixed number of statements for any number."""
    ids = [case.id for case in cases]
    accepted = dict(  # 受理: the day of the first assignment
        db.session.execute(
            select(CaseEvent.case_id, type_coerce(func.min(CaseEvent.created_at), UTCDateTime))
            .where(CaseEvent.case_id.in_(ids), CaseEvent.action == "assign")
            .group_by(CaseEvent.case_id)
        ).all()
    )
    paid = dict(
        db.session.execute(
            select(Payment.case_id, type_coerce(func.sum(Payment.amount), Money))
            .where(Payment.case_id.in_(ids))
            .group_by(Payment.case_id)
        ).all()
    )
    applied = dict(
        db.session.execute(
            select(Confirmation.case_id, Confirmation.applied_on).where(Confirmation.case_id.in_(ids))
        ).all()
    )
    documents = _by_case(  # issued, and what the court may read (the referral package's rule)
        db.session.execute(
            select(Document.case_id, Document)
            .where(
                Document.case_id.in_(ids),
                Document.status == DocumentStatus.ISSUED,
                visible_documents(COURT),
            )
            .order_by(Document.id)
        ).all()
    )
    return [
        _exchange_case(
            case,
            accepted_on=local_date(accepted[case.id]) if case.id in accepted else None,
            performed=paid.get(case.id, Decimal("0.00")),
            applied_on=applied.get(case.id),
            documents=documents.get(case.id, []),
        )
        for case in cases
    ]


def _exchange_case(case: Case, *, accepted_on, performed, applied_on, documents) -> ExchangeCaseOut:
    party = ExchangePartyOut.model_validate
    return ExchangeCaseOut(
        court=CourtOut(code=case.court.court_code, name=case.court.name),
        court_case_number=case.court_case_number,
        centre_case_number=case.number,
        source=case.source.value,
        applicant=party(case.applicant),
        respondent=party(case.respondent),
        claim_amount=case.claim_amount,
        summary=case.summary,
        industry=case.industry,
        dispute_type=case.dispute_type,
        procedure=case.procedure,
        delegated_at=case.created_at,
        outcome=OutcomeOut(
            state=case.state,
            outcome_code=case.outcome_code,
            agreed_amount=case.agreed_amount,
            performed_amount=performed,
            accepted_on=accepted_on,
            concluded_on=local_date(case.concluded_at) if case.concluded_at else None,
            agreement_effective_on=case.agreement_effective_on,
            confirmation_applied_on=applied_on,
        ),
        documents=[
            ExchangeDocumentOut(kind=d.kind, number=d.number, sha256=d.sha256, issued_at=d.created_at)
            for d in documents
        ],
    )


def exchange_case(case: Case) -> ExchangeCaseOut:
    return exchange_cases([case])[0]


def visible_court_case(user, case_id: int) -> Case:
    """A case a court sent, as ``user`` sees it; any other case is answered as missing."""
    case = get_visible_case(user, case_id)
    if case.source not in FROM_COURT:
        raise NotVisible()
    return case


def court_for(user, code: str):
    """The court ``code`` names, if ``user`` exchanges cases with it (a liaison: their
    own); else None."""
    court = court_by_code(code)
    if court is None or (user.role is Role.COURT_LIAISON and court.id != user.organisation_id):
        return None
    return court


NOT_YOUR_COURT = _l("names no court you exchange cases with")


def cases_of_period(user, period: Period) -> tuple[list[Case], int | None]:
    """A page of the court's cases delegated in the period (oldest first), and the id to
    continue after, or None on the last page."""
    if (court := court_for(user, period.court)) is None:
        raise ValidationFailed(fields={"court": NOT_YOUR_COURT})
    query = (
        select(Case)
        .where(court_cases(user), Case.court_id == court.id, Case.source.in_(FROM_COURT))
        .options(joinedload(Case.applicant), joinedload(Case.respondent), joinedload(Case.court))
    )
    if period.from_ is not None:
        query = query.where(Case.created_at >= china_midnight(period.from_))
    if period.to is not None:
        query = query.where(Case.created_at < china_midnight(period.to + timedelta(days=1)))
    if period.cursor is not None:
        query = query.where(Case.id > period.cursor)
    cases = db.session.scalars(query.order_by(Case.id).limit(period.limit + 1)).all()
    page = cases[: period.limit]
    return page, (page[-1].id if len(cases) > period.limit else None)


def existing_court_case(court_id: int, court_case_number: str) -> Case | None:
    return db.session.scalars(
        select(Case).where(Case.court_id == court_id, Case.court_case_number == court_case_number)
    ).first()


def sees(user, case: Case) -> bool:
    return db.session.scalar(select(Case.id).where(Case.id == case.id, visible_to(user))) is not None


# --- webhooks ---------------------------------------------------------------------------


def endpoint_of(centre_id: int, court_id: int) -> CourtEndpoint | None:
    return db.session.scalars(
        select(CourtEndpoint).where(CourtEndpoint.centre_id == centre_id, CourtEndpoint.court_id == court_id)
    ).first()


def endpoints_of(user) -> list[CourtEndpoint]:
    """The endpoints of the staff member's centre, by court."""
    return list(
        db.session.scalars(
            select(CourtEndpoint)
            .where(CourtEndpoint.centre_id == user.centre_id)
            .options(joinedload(CourtEndpoint.court))
            .order_by(CourtEndpoint.court_id)
        )
    )


def visible_delivery(user, delivery_id: int) -> WebhookDelivery:
    """A delivery of the staff member's centre; any other is answered as missing."""
    delivery = db.session.scalars(
        select(WebhookDelivery)
        .join(CourtEndpoint, CourtEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.id == delivery_id, CourtEndpoint.centre_id == user.centre_id)
    ).first()
    if delivery is None:
        raise NotVisible()
    return delivery


def deliveries_of(user, *, before_id: int | None = None, limit: int = 50):
    """The delivery log of the staff member's centre, newest first, with each attempt;
    and the id to continue before, or None on the last page."""
    query = (
        select(WebhookDelivery)
        .join(CourtEndpoint, CourtEndpoint.id == WebhookDelivery.endpoint_id)
        .where(CourtEndpoint.centre_id == user.centre_id)
        .options(joinedload(WebhookDelivery.endpoint).joinedload(CourtEndpoint.court))
    )
    if before_id is not None:
        query = query.where(WebhookDelivery.id < before_id)
    rows = db.session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit + 1)).all()
    page = rows[:limit]
    attempts: dict[int, list[DeliveryAttempt]] = {d.id: [] for d in page}
    for attempt in db.session.scalars(
        select(DeliveryAttempt).where(DeliveryAttempt.delivery_id.in_(attempts)).order_by(DeliveryAttempt.id)
    ):
        attempts[attempt.delivery_id].append(attempt)
    return [(d, attempts[d.id]) for d in page], (page[-1].id if len(rows) > limit else None)


def courts_for(user) -> list:
    """The courts ``user`` exchanges cases with: a liaison's own, or every court (staff)."""
    query = select(Organisation).where(Organisation.kind == OrganisationKind.COURT)
    if user.role is Role.COURT_LIAISON:
        query = query.where(Organisation.id == user.organisation_id)
    return list(db.session.scalars(query.order_by(Organisation.court_code)))


def period_cases(user, period: Period):
    """Every case of the period in the exchange format, read a page at a time (a download)."""
    while True:
        cases, after = cases_of_period(user, period)
        yield from exchange_cases(cases)
        if after is None:
            return
        period = period.model_copy(update={"cursor": after})
