"""The court exchange format (``court-exchange/1``): a court-delegated case as the
court sends it, and the same case with its outcome as the centre reports it back.

One description for import, export, webhook bodies and the published JSON Schema
(``exchange_json_schema``); docs/court-exchange.md shows a sample.
"""

from typing import Annotated, Literal

from pydantic import Field

from mediation_app.cases.schemas import (
    DISPUTE_TYPES,
    INDUSTRIES,
    OUTCOME_CODES,
    PROCEDURES,
    Choice,
    Optional,
    Party,
)
from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import MAX_ID, Amount, Day, DayOut, Items, Money, Text, Timestamp
from mediation_app.court.schemas import PageSize
from workflows.case_states import CaseState

FORMAT = "court-exchange/1"
MAX_BATCH = 200  # cases per import: one transaction, answered within a request
COURT_SOURCES = ("court_delegated", "court_commissioned")
#: The events a court follows. ``settled`` is also when the agreement takes effect (the
#: last signature fires ``settle``): one moment, so one event, never two.
EVENTS = ("accepted", "referred_back", "settled", "confirmation_applied")
Format = Literal[FORMAT]


class DelegatedCase(Schema):
    """A case as the court delegates it. The court is the one its case number names
    (``(2024)苏0621民诉前调123号``: 苏0621); the centre's own fields of an exported case
    (``centre_case_number``, ``court``, ``outcome``, ``documents``) are ignored."""

    court_case_number: str = Field(max_length=100, examples=["(2024)苏0621民诉前调123号"])
    source: Choice(COURT_SOURCES, "court_delegated") = "court_delegated"
    applicant: Party
    respondent: Party
    claim_amount: Money
    summary: Text(5000, multiline=True)
    industry: Choice(INDUSTRIES, "other") = "other"
    dispute_type: Choice(DISPUTE_TYPES, "other") = "other"
    procedure: Choice(PROCEDURES, "ordinary") = Field(
        "ordinary", description="court_commissioned: 15 or 7 days"
    )

    def filing(self) -> dict:
        """The case's own filing (``cases.operations.file_within``) of this delegation."""
        return self.model_dump(mode="json")


class ImportBatch(Schema):
    format: Format
    cases: Items(DelegatedCase, min_items=1, max_items=MAX_BATCH)


class Period(Schema):
    """A court's cases delegated (filed) from ``from`` to ``to``, China dates, inclusive."""

    court: Text(20) = Field(description="the court's code, e.g. 苏0621")
    from_: Optional(Day) = Field(None, alias="from")
    to: Optional(Day) = None
    cursor: Optional(Annotated[int, Field(ge=1, le=MAX_ID)]) = Field(
        None, description="next_cursor of the previous page"
    )
    limit: PageSize = 50


# Responses


class ExchangePartyOut(Out):
    name: str
    uscc: str | None


class CourtOut(Out):
    code: str
    name: str


class ExchangeDocumentOut(Out):
    """An issued document the court may read, to check against the file it receives."""

    kind: str
    number: str | None
    sha256: str
    issued_at: Timestamp


class OutcomeOut(Out):
    state: CaseState
    outcome_code: Literal[OUTCOME_CODES] | None = Field(description="why it ended without settlement")
    agreed_amount: Amount | None
    performed_amount: Amount = Field(description="paid under the agreement so far")
    accepted_on: DayOut | None = Field(description="受理: the day a mediator was assigned")
    concluded_on: DayOut | None
    agreement_effective_on: DayOut | None
    confirmation_applied_on: DayOut | None = Field(description="the parties' joint application (司法确认)")


class ExchangeCaseOut(Out):
    """A court case with its outcome; importable again as a :class:`DelegatedCase`."""

    format: Format = FORMAT
    court: CourtOut
    court_case_number: str
    centre_case_number: str
    source: Literal[COURT_SOURCES]
    applicant: ExchangePartyOut
    respondent: ExchangePartyOut
    claim_amount: Amount
    summary: str
    industry: str
    dispute_type: str
    procedure: str
    delegated_at: Timestamp
    outcome: OutcomeOut
    documents: list[ExchangeDocumentOut]


class ExchangeCasePage(Out):
    format: Format = FORMAT
    items: list[ExchangeCaseOut]
    next_cursor: str | None


class ImportedCaseOut(Out):
    index: int
    case_id: int
    centre_case_number: str
    court_case_number: str
    created: bool = Field(description="false: the case was imported before (the same payload)")


class ImportResultOut(Out):
    format: Format = FORMAT
    items: list[ImportedCaseOut]


class WebhookEventOut(Out):
    """The body of a webhook delivery: the event and the case as it stood when first sent."""

    format: Format = FORMAT
    event_id: str
    event: Literal[EVENTS]
    occurred_at: Timestamp
    case: ExchangeCaseOut


def exchange_json_schema() -> dict:
    """The format's JSON Schema: the import batch, an exported case and a webhook body."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FORMAT,
        "$defs": {
            name: model.model_json_schema(by_alias=True)
            for name, model in (
                ("ImportBatch", ImportBatch),
                ("ExchangeCase", ExchangeCaseOut),
                ("WebhookEvent", WebhookEventOut),
            )
        },
    }


class EndpointRegistration(Schema):
    """Register (or replace) a court's endpoint; a new secret is issued each time."""

    court: Text(20) = Field(description="the court's code, e.g. 苏0621")
    url: Text(500) = Field(description="http or https", examples=["https://court.example/mediation-events"])


class DeliveryListQuery(Schema):
    before: Optional(Annotated[int, Field(ge=1, le=MAX_ID)]) = Field(
        None, description="next_cursor of the previous page"
    )
    limit: PageSize = 50


class EndpointOut(Out):
    id: int
    court: CourtOut
    url: str
    registered_at: Timestamp
    secret: str | None = Field(None, description="given once, when registered; null afterwards")


class EndpointListOut(Out):
    items: list[EndpointOut]


class AttemptOut(Out):
    attempted_at: Timestamp
    status_code: int | None = Field(description="null: no answer (network error, timeout)")
    latency_ms: int
    error: str | None


class DeliveryOut(Out):
    id: int
    court: CourtOut
    case_id: int
    event: Literal[EVENTS]
    event_id: str
    occurred_at: Timestamp
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    replays: int
    delivered_at: Timestamp | None
    log: list[AttemptOut]


class DeliveryPage(Out):
    items: list[DeliveryOut]
    next_cursor: int | None
