"""Reading a court's cases in the exchange format, through what the reader may see."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mediation_app.cases.models import Case, CaseEvent, CaseSource
from mediation_app.cases.queries import get_visible_case, visible_to
from mediation_app.court.package import COURT
from mediation_app.court.queries import confirmation_of, court_cases, paid_so_far
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
from workflows.deadlines import china_midnight, local_date
from workflows.roles import Role

FROM_COURT = (CaseSource.COURT_DELEGATED, CaseSource.COURT_COMMISSIONED)


def _accepted_on(case: Case):
    """受理: the day the case was first assigned."""
    at = db.session.scalar(
        select(CaseEvent.created_at)
        .where(CaseEvent.case_id == case.id, CaseEvent.action == "assign")
        .order_by(CaseEvent.id)
        .limit(1)
    )
    return local_date(at) if at is not None else None


def _documents(case: Case) -> list[ExchangeDocumentOut]:
    """The issued documents the court may read (the referral package's rule)."""
    documents = db.session.scalars(
        select(Document)
        .where(
            Document.case_id == case.id,
            Document.status == DocumentStatus.ISSUED,
            visible_documents(COURT, case),
        )
        .order_by(Document.id)
    )
    return [
        ExchangeDocumentOut(kind=d.kind, number=d.number, sha256=d.sha256, issued_at=d.created_at)
        for d in documents
    ]


def exchange_case(case: Case) -> ExchangeCaseOut:
    confirmation = confirmation_of(case)
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
            performed_amount=paid_so_far(case),
            accepted_on=_accepted_on(case),
            concluded_on=local_date(case.concluded_at) if case.concluded_at else None,
            agreement_effective_on=case.agreement_effective_on,
            confirmation_applied_on=confirmation.applied_on if confirmation else None,
        ),
        documents=_documents(case),
    )


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
    """Every case of the period, a page at a time (for a download)."""
    while True:
        cases, after = cases_of_period(user, period)
        yield from cases
        if after is None:
            return
        period = period.model_copy(update={"cursor": after})
