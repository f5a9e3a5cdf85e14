"""Business actions of the court exchange: importing a court's delegated cases,
registering a court's webhook endpoint, recording the events a court follows (in the
transaction that causes them) and replaying a delivery."""

import logging
import secrets
import uuid
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.cases.operations import file_within
from mediation_app.cases.schemas import CourtNumber
from mediation_app.core.schema import FieldErrors
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.exchange.jobs import schedule_delivery
from mediation_app.exchange.models import CourtEndpoint, DeliveryStatus, WebhookDelivery
from mediation_app.exchange.queries import (
    NOT_YOUR_COURT,
    court_for,
    endpoint_of,
    existing_court_case,
    sees,
    visible_delivery,
)
from mediation_app.exchange.schemas import DelegatedCase, EndpointRegistration, ImportBatch
from mediation_app.extensions import db
from mediation_app.parties.operations import court_by_code
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from mediation_app.validation import court_code_of

log = logging.getLogger(__name__)

#: The transitions a court follows, by the event it receives. ``settle`` fires with the
#: last signature, when the agreement takes effect: one event (``settled``), not two.
EVENT_OF_TRIGGER = {
    "assign": "accepted",
    "refer_to_court": "referred_back",
    "decline_mediation": "referred_back",
    "settle": "settled",
}


# --- import ---------------------------------------------------------------------------------


def _same_delegation(case: Case, delegated: DelegatedCase) -> bool:
    return (
        case.source.value == delegated.source
        and case.applicant.uscc == delegated.applicant.uscc
        and case.respondent.uscc == delegated.respondent.uscc
        and case.claim_amount == delegated.claim_amount
        and case.summary == delegated.summary
    )


def _imported_before(actor: User, delegated: DelegatedCase) -> Case | None:
    """The case this court case number was imported as; a different one is a conflict."""
    try:
        number = CourtNumber.parse({"court_case_number": delegated.court_case_number}).court_case_number
    except ValidationFailed:
        return None  # the filing reports it
    court = court_by_code(court_code_of(number))
    existing = existing_court_case(court.id, number) if court else None
    if existing is None:
        return None
    if not sees(actor, existing) or not _same_delegation(existing, delegated):
        raise Conflict(_("A different case with this court case number has been filed already."))
    return existing


def import_cases(actor: User, data, *, remote_addr: str | None = None) -> list[tuple[Case, bool]]:
    """File a batch of delegated cases, each through the case's own filing, or none:
    refusals are reported by index (``cases.<i>.<field>``). A case whose court case
    number was imported before with the same payload is returned, not filed again."""
    require(actor, "exchange_court_cases")
    batch = ImportBatch.parse(data)
    fields, conflicts, results = FieldErrors(), {}, []
    with committed(reload=False):
        for index, delegated in enumerate(batch.cases):
            try:
                if (existing := _imported_before(actor, delegated)) is not None:
                    results.append((existing, False))
                else:
                    results.append((file_within(actor, delegated.filing(), remote_addr=remote_addr), True))
            except ValidationFailed as refusal:
                for name, message in refusal.fields.items():
                    fields.errors.setdefault(f"cases.{index}.{name}", message)
            except Conflict as conflict:
                conflicts[f"cases.{index}.court_case_number"] = str(conflict.message)
        if fields.errors:
            raise ValidationFailed(fields=fields.errors | conflicts)
        if conflicts:
            raise Conflict(_("Nothing was imported: some court case numbers are taken."), fields=conflicts)
    log.info("user %d imported %d court case(s)", actor.id, sum(created for _case, created in results))
    return results


# --- webhooks -------------------------------------------------------------------------------


def _checked_url(fields: FieldErrors, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        fields.fail("url", _l("must be an http or https address"))
    elif parts.username or parts.password:
        fields.fail("url", _l("must not carry a user name or password"))
    return url


def register_endpoint(actor: User, data) -> tuple[CourtEndpoint, str]:
    """Register a court's endpoint for the centre (again: replace it); a new secret, which
    only this answer shows."""
    require(actor, "manage_court_webhooks")
    registration = EndpointRegistration.parse(data)
    fields = FieldErrors()
    if (court := court_for(actor, registration.court)) is None:
        fields.fail("court", NOT_YOUR_COURT)
    url = _checked_url(fields, registration.url)
    fields.raise_if_any()
    secret = secrets.token_hex(32)
    with committed(reload=False):
        endpoint = endpoint_of(actor.centre_id, court.id) or CourtEndpoint(
            centre_id=actor.centre_id, court=court
        )
        endpoint.url, endpoint.secret = url, secret
        endpoint.registered_by_id, endpoint.registered_at = actor.id, utcnow()
        db.session.add(endpoint)
    return endpoint, secret


def _record_delivery(case: Case, event: str) -> None:
    """A delivery of ``event`` to the court's endpoint, in the caller's transaction; sent
    after it commits (never if it rolls back)."""
    if case.court_id is None or (endpoint := endpoint_of(case.centre_id, case.court_id)) is None:
        return
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id,
        case_id=case.id,
        event=event,
        event_id=str(uuid.uuid4()),
        occurred_at=utcnow(),
    )
    db.session.add(delivery)
    db.session.flush()
    schedule_delivery(delivery)


def on_transition(case: Case, trigger: str) -> None:
    """``cases.hooks.transition_done``: the transitions a court follows."""
    if (event := EVENT_OF_TRIGGER.get(trigger)) is not None:
        _record_delivery(case, event)


def on_confirmation_applied(case: Case) -> None:
    """``court.hooks.confirmation_applied``: the parties applied for judicial confirmation."""
    _record_delivery(case, "confirmation_applied")


def replay_delivery(actor: User, delivery_id: int) -> WebhookDelivery:
    """Send a delivery again (the court lost it, or it ran out of attempts); the same
    event id and body, so the court can tell it from a new event."""
    require(actor, "manage_court_webhooks")
    delivery = visible_delivery(actor, delivery_id)
    if delivery.status is DeliveryStatus.PENDING:
        raise Conflict(_("This delivery is still being sent."))
    with committed(reload=False):
        delivery.status, delivery.replays = DeliveryStatus.PENDING, delivery.replays + 1
        schedule_delivery(delivery)
    return delivery
