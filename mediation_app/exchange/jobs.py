"""Sending a webhook delivery after the transaction that recorded it (``jobs``).

The body is the event with the case in the exchange format, frozen at the first
attempt so that every retry and replay sends the same bytes. Each request carries the
event id, a timestamp and ``X-Court-Exchange-Signature: sha256=<hex>``, the
HMAC-SHA256 of ``"<timestamp>.<body>"`` under the endpoint's secret. A non-2xx answer
or a network error fails the job, which the job runner retries with exponential
backoff up to ``MAX_ATTEMPTS``, then marks the delivery failed (a person may replay
it). Every attempt is logged, whatever the job's fate; a delivery already delivered
is never sent again by a second run of its job.
"""

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update

from mediation_app.cases.models import Case
from mediation_app.exchange.models import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from mediation_app.exchange.queries import exchange_case
from mediation_app.exchange.schemas import WebhookEventOut
from mediation_app.extensions import db
from mediation_app.jobs.tasks import Permanent, later, task
from mediation_app.types import utcnow

TASK = "deliver_court_webhook"
MAX_ATTEMPTS = 8  # 30 s doubling: about an hour of trying before a person is needed
TIMEOUT_SECONDS = 10
ERROR_MAX = 500
SIGNATURE_HEADER = "X-Court-Exchange-Signature"


def schedule_delivery(delivery: WebhookDelivery) -> None:
    """Send ``delivery`` once the current transaction commits (each replay is a job of its own)."""
    later(TASK, f"court-webhook:{delivery.id}:{delivery.replays}", delivery_id=delivery.id)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not a delivery: the court registers the address that receives."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    latency_ms: int
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, secret: str, delivery: WebhookDelivery) -> Outcome:
    body = delivery.body.encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310  (the URL was checked to be http or https)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "mediation-centre-court-exchange/1",
            "X-Court-Exchange-Event": delivery.event,
            "X-Court-Exchange-Event-Id": delivery.event_id,
            "X-Court-Exchange-Timestamp": timestamp,
            SIGNATURE_HEADER: signature(secret, timestamp, body),
        },
    )
    started = time.monotonic()
    status, error = None, None
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as refusal:
        status, error = refusal.code, f"HTTP {refusal.code}"
        refusal.close()
    except (OSError, ValueError) as failure:  # refused, unreachable, timed out, bad address
        error = f"{type(failure).__name__}: {failure}"
    return Outcome(status, round((time.monotonic() - started) * 1000), error and error[:ERROR_MAX])


def event_body(delivery: WebhookDelivery) -> str:
    event = WebhookEventOut(
        event_id=delivery.event_id,
        event=delivery.event,
        occurred_at=delivery.occurred_at,
        case=exchange_case(db.session.get(Case, delivery.case_id)),
    )
    return event.model_dump_json()


class DeliveryFailed(Exception):
    """The endpoint did not take the event; the job runner tries again later."""


def _given_up(delivery_id: int) -> None:
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.FAILED)
    )


@task(TASK, max_attempts=MAX_ATTEMPTS, retry_seconds=30, lease=timedelta(minutes=2), on_give_up=_given_up)
def deliver_webhook(delivery_id: int) -> None:
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise Permanent(f"webhook delivery {delivery_id} does not exist")
    if delivery.status is not DeliveryStatus.PENDING:
        return  # a second run: delivered already (or given up, until a person replays it)
    if delivery.body is None:
        delivery.body = event_body(delivery)
    outcome = post(delivery.endpoint.url, delivery.endpoint.secret, delivery)
    delivery.attempts += 1
    db.session.add(
        DeliveryAttempt(
            delivery_id=delivery.id,
            attempted_at=utcnow(),
            status_code=outcome.status_code,
            latency_ms=outcome.latency_ms,
            error=outcome.error,
        )
    )
    if outcome.delivered:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, utcnow()
        return  # committed by the runner with the job marked done
    # The attempt (and the frozen body) is the log's, kept whatever becomes of the job,
    # which rolls back what a failed task did.
    db.session.commit()
    raise DeliveryFailed(outcome.error)
