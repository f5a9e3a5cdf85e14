"""Sending a service record's text message after the transaction that recorded it
(``jobs``), with the runner's retries and backoff. Each attempt is written in a short
transaction of its own, before and after talking to the gateway, so a failed attempt
stays on record (the job's own transaction rolls back on failure) and a delivery report
arriving at once finds its message id."""

from sqlalchemy import update
from sqlalchemy.orm import Session

from mediation_app.extensions import db
from mediation_app.jobs.tasks import Permanent, later, task
from mediation_app.service import sms
from mediation_app.service.models import ServiceAttempt, ServiceRecord
from mediation_app.types import utcnow


def schedule_sms(record: ServiceRecord, text: str) -> None:
    later("send_service_sms", f"service-sms:{record.id}", record_id=record.id, text=text)


def _given_up(record_id: int, text: str) -> None:
    db.session.execute(
        update(ServiceRecord)
        .where(ServiceRecord.id == record_id, ServiceRecord.gateway_message_id.is_(None))
        .values(failure="the SMS gateway did not take the message")
    )


@task("send_service_sms", queue="default", max_attempts=6, retry_seconds=60, on_give_up=_given_up)
def send_service_sms(record_id: int, text: str) -> None:
    record = db.session.get(ServiceRecord, record_id)
    if record is None:
        raise Permanent(f"service record {record_id} does not exist")
    if record.gateway_message_id is not None:
        return  # a second run: handed over already
    gateway = sms.gateway()
    if gateway is None:
        raise Permanent("no SMS gateway is configured")
    with Session(db.engine) as log:
        attempt = ServiceAttempt(record_id=record_id, attempted_at=utcnow(), outcome="sending", detail="")
        log.add(attempt)
        log.commit()
        try:
            message_id = gateway.send(record.address, text, reference=str(record_id))
        except sms.GatewayError as error:
            attempt.outcome, attempt.detail = "error", str(error)[:200]
            log.commit()
            raise
        attempt.outcome, attempt.detail = "accepted", message_id
        log.execute(
            update(ServiceRecord)
            .where(ServiceRecord.id == record_id)
            .values(gateway_message_id=message_id, sent_at=utcnow())
        )
        log.commit()
