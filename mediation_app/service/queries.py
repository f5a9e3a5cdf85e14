"""Reading service: a case's service addresses and records, and the undelivered ones
waiting on the staff's desk. Callers have checked that the case is visible."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from mediation_app.cases.models import Case
from mediation_app.cases.permissions import PARTIES
from mediation_app.documents.models import Document
from mediation_app.documents.queries import visible_documents
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.notifications.models import MessageStatus, OutboxMessage
from mediation_app.service.models import Channel, ServiceAddress, ServiceAttempt, ServiceRecord

DESK_LIMIT = 50


def addresses_of(case_id: int) -> dict[str, list[ServiceAddress]]:
    """Each party's versions of its service address, newest first."""
    rows = db.session.scalars(
        select(ServiceAddress)
        .where(ServiceAddress.case_id == case_id)
        .options(joinedload(ServiceAddress.given_by))
        .order_by(ServiceAddress.version.desc())
    ).all()
    return {party: [row for row in rows if row.party == party] for party in PARTIES}


def current_address(case_id: int, party: str) -> ServiceAddress | None:
    return db.session.scalars(
        select(ServiceAddress)
        .where(ServiceAddress.case_id == case_id, ServiceAddress.party == party)
        .order_by(ServiceAddress.version.desc())
        .limit(1)
    ).first()


def records_of(case_id: int, party: str | None = None, *, reader=None) -> list[ServiceRecord]:
    """The case's service records (one party's, when named; only of the documents
    ``reader`` may read, when given), by document then channel."""
    query = (
        select(ServiceRecord)
        .where(ServiceRecord.case_id == case_id)
        .options(joinedload(ServiceRecord.document), joinedload(ServiceRecord.outbox_message))
        .order_by(ServiceRecord.document_id, ServiceRecord.party, ServiceRecord.id)
    )
    if party is not None:
        query = query.where(ServiceRecord.party == party)
    if reader is not None:
        case = db.session.get(Case, case_id)
        query = query.join(Document, Document.id == ServiceRecord.document_id).where(
            visible_documents(reader, case)
        )
    return db.session.scalars(query).all()


def record_of_case(case, record_id: int) -> ServiceRecord:
    """One record of a visible case; another case's is answered as missing."""
    record = db.session.scalar(
        select(ServiceRecord).where(ServiceRecord.id == record_id, ServiceRecord.case_id == case.id)
    )
    if record is None:
        raise NotVisible()
    return record


def undelivered(user, now) -> list[tuple[ServiceRecord, str]]:
    """The records of ``user``'s centre not delivered in time, with their case numbers,
    oldest first: an electronic one after SERVICE_DELIVERY_HOURS (a sent e-mail counts
    as delivered), a paper one at once (it waits on staff to post it)."""
    cutoff = now - timedelta(hours=current_app.config["SERVICE_DELIVERY_HOURS"])
    rows = db.session.execute(
        select(ServiceRecord, Case.number)
        .join(Case, Case.id == ServiceRecord.case_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == ServiceRecord.outbox_message_id)
        .where(
            Case.centre_id == user.centre_id,
            ServiceRecord.delivered_at.is_(None),
            or_(OutboxMessage.id.is_(None), OutboxMessage.status != MessageStatus.SENT),
            or_(ServiceRecord.created_at <= cutoff, ServiceRecord.channel == Channel.PAPER),
        )
        .options(joinedload(ServiceRecord.document).load_only(Document.kind, Document.number))
        .order_by(ServiceRecord.created_at, ServiceRecord.id)
        .limit(DESK_LIMIT)
    ).all()
    return [(record, number) for record, number in rows]


def served_record(record_id: int) -> ServiceRecord:
    """The record a signed link names (the link is the recipient's proof; no account)."""
    record = db.session.scalar(
        select(ServiceRecord)
        .where(ServiceRecord.id == record_id)
        .options(joinedload(ServiceRecord.document).joinedload(Document.case))
    )
    if record is None:
        raise NotVisible()
    return record


def attempts_of(case_id: int) -> dict[int, list[ServiceAttempt]]:
    """Each record's attempts at its gateway (SMS), oldest first: what staff check when a
    text message does not arrive."""
    rows = db.session.scalars(
        select(ServiceAttempt)
        .join(ServiceRecord, ServiceRecord.id == ServiceAttempt.record_id)
        .where(ServiceRecord.case_id == case_id)
        .order_by(ServiceAttempt.id)
    ).all()
    found: dict[int, list[ServiceAttempt]] = {}
    for row in rows:
        found.setdefault(row.record_id, []).append(row)
    return found
