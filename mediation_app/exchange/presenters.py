"""The exchange's records as response schemas (both faces)."""

from mediation_app.exchange.models import CourtEndpoint, WebhookDelivery
from mediation_app.exchange.schemas import AttemptOut, CourtOut, DeliveryOut, EndpointOut


def court_out(court) -> CourtOut:
    return CourtOut(code=court.court_code, name=court.name)


def endpoint_out(endpoint: CourtEndpoint, secret: str | None = None) -> EndpointOut:
    return EndpointOut(
        id=endpoint.id,
        court=court_out(endpoint.court),
        url=endpoint.url,
        registered_at=endpoint.registered_at,
        secret=secret,
    )


def delivery_out(delivery: WebhookDelivery, attempts) -> DeliveryOut:
    return DeliveryOut(
        id=delivery.id,
        court=court_out(delivery.endpoint.court),
        case_id=delivery.case_id,
        event=delivery.event,
        event_id=delivery.event_id,
        occurred_at=delivery.occurred_at,
        status=delivery.status.value,
        attempts=delivery.attempts,
        replays=delivery.replays,
        delivered_at=delivery.delivered_at,
        log=[AttemptOut.model_validate(a) for a in attempts],
    )
