"""JSON API of the court exchange (``court-exchange/1``, docs/court-exchange.md): a
court's cases out, delegated cases in, and the court's webhook endpoint and delivery log.

A court system uses a token scoped to ``court_exchange`` (``POST /tokens`` with
``"scopes": ["court_exchange"]``): it reaches these routes and nothing else.
"""

from flask import request

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.auth.models import Scope
from mediation_app.exchange import operations
from mediation_app.exchange.presenters import delivery_out, endpoint_out
from mediation_app.exchange.queries import (
    cases_of_period,
    deliveries_of,
    endpoints_of,
    exchange_case,
    exchange_cases,
    visible_court_case,
)
from mediation_app.exchange.schemas import (
    DeliveryListQuery,
    DeliveryOut,
    DeliveryPage,
    EndpointListOut,
    EndpointOut,
    EndpointRegistration,
    ExchangeCaseOut,
    ExchangeCasePage,
    ImportBatch,
    ImportedCaseOut,
    ImportResultOut,
    Period,
    exchange_json_schema,
)

COURT_EXCHANGE = (Scope.COURT_EXCHANGE,)


@api.get("/court-exchange/schema.json")
@endpoint(description="The JSON Schema of the format", scopes=COURT_EXCHANGE)
def exchange_schema():
    """The JSON Schema of ``court-exchange/1``: an import batch, an exported case, a webhook body."""
    caller()
    return exchange_json_schema()


@api.get("/court-exchange/cases/<int:case_id>")
@endpoint(ok=ExchangeCaseOut, scopes=COURT_EXCHANGE)
def export_case(case_id: int):
    """One court case with its outcome (the court's liaisons, staff)."""
    user = caller("exchange_court_cases")
    return present(exchange_case(visible_court_case(user, case_id)))


@api.get("/court-exchange/cases")
@endpoint(query=Period, ok=ExchangeCasePage, scopes=COURT_EXCHANGE)
def export_cases():
    """A court's cases delegated in a period, oldest first; ``next_cursor`` continues."""
    user = caller("exchange_court_cases")
    cases, after = cases_of_period(user, Period.parse(request.args.to_dict()))
    return present(ExchangeCasePage(items=exchange_cases(cases), next_cursor=str(after) if after else None))


@api.post("/court-exchange/cases")
@endpoint(body=ImportBatch, ok=ImportResultOut, status=201, scopes=COURT_EXCHANGE)
def import_cases():
    """Import delegated cases: all or none (errors by index), once per court case number."""
    results = operations.import_cases(caller(), json_body(), remote_addr=remote_addr())
    items = [
        ImportedCaseOut(
            index=index,
            case_id=case.id,
            centre_case_number=case.number,
            court_case_number=case.court_case_number,
            created=created,
        )
        for index, (case, created) in enumerate(results)
    ]
    return present(ImportResultOut(items=items), 201)


# --- webhooks (the centre's staff) -------------------------------------------------------------


@api.get("/court-exchange/endpoints")
@endpoint(ok=EndpointListOut)
def list_endpoints():
    """The courts' registered endpoints (never their secrets)."""
    user = caller("manage_court_webhooks")
    return present(EndpointListOut(items=[endpoint_out(e) for e in endpoints_of(user)]))


@api.post("/court-exchange/endpoints")
@endpoint(body=EndpointRegistration, ok=EndpointOut, status=201, withheld=("secret",))
def register_endpoint():
    """Register or replace a court's endpoint; the answer shows its new signing secret, once."""
    registered, secret = operations.register_endpoint(caller(), json_body())
    return present(endpoint_out(registered, secret), 201)


@api.get("/court-exchange/deliveries")
@endpoint(query=DeliveryListQuery, ok=DeliveryPage)
def list_deliveries():
    """The delivery log, newest first, with every attempt."""
    user = caller("manage_court_webhooks")
    query = DeliveryListQuery.parse(request.args.to_dict())
    rows, before = deliveries_of(user, before_id=query.before, limit=query.limit)
    return present(
        DeliveryPage(items=[delivery_out(d, attempts) for d, attempts in rows], next_cursor=before)
    )


@api.post("/court-exchange/deliveries/<int:delivery_id>/replay")
@endpoint(ok=DeliveryOut, status=202, idempotent=False)  # a replay is asked for, not created
def replay_delivery(delivery_id: int):
    """Send a delivery again, with its event id and body (not while it is still being sent: 409)."""
    delivery = operations.replay_delivery(caller(), delivery_id)
    return present(delivery_out(delivery, delivery.log), 202)
