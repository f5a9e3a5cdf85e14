"""The payloads of the case API: what a filing, a transition, a consent, an
extension or a recusal carries in, and what a case, an event or a recusal looks
like going out. Faces parse with these; the OpenAPI document is generated from them."""

import re
from typing import Annotated, Any, Literal, Self

from flask_babel import lazy_gettext as _l
from pydantic import AfterValidator, BeforeValidator, Field, RootModel, WithJsonSchema, model_validator

from mediation_app.cases.search import MAX_ID, CaseFilters
from mediation_app.core.schema import Out, Schema, blame
from mediation_app.core.types import (
    Amount,
    CourtCaseNumber,
    Day,
    DayOut,
    Id,
    IdNumber,
    Items,
    Money,
    Text,
    Timestamp,
    Uscc,
)
from mediation_app.parties.models import PARTY_KINDS
from mediation_app.parties.schemas import Email, Phone
from mediation_app.privacy.masking import mask_id_number
from workflows.case_states import CaseState
from workflows.case_workflow import TRIGGERS
from workflows.deadlines import PROCEDURES

INDUSTRIES = (
    "textile",
    "nylon",
    "chemical_fibre",
    "electronics",
    "furniture",
    "machinery",
    "construction",
    "trade",
    "other",
)
# 纠纷类型, the kinds of commercial dispute a federation's ledger counts.
DISPUTE_TYPES = ("sale_contract", "processing_contract", "loan", "lease", "service_contract", "other")
SOURCES = ("direct", "court_delegated", "court_commissioned")
CONSENT_CHANNELS = ("portal", "paper", "phone")
# How the agreed amount is paid (履行方式); the agreement's payment clause is written from it.
PAYMENT_METHODS = ("bank_transfer", "cash", "cheque", "other")
# Why a case ended without settlement (结案原因), beside the free text: two follow from the
# step itself (a withdrawal, the respondent's refusal to mediate), the others are chosen
# by whoever refers the case back to court.
REFERRAL_OUTCOMES = ("no_agreement", "party_unreachable", "party_absent", "other")
OUTCOME_CODES = ("withdrawn_by_applicant", "respondent_declined", *REFERRAL_OUTCOMES)
MAX_TERMS = 50
MAX_INSTALMENTS = 60
MAX_PREFERRED_MEDIATORS = 3


def _blank_is_none(value: Any) -> Any:
    """A form's empty field (or group of fields) means "not given", as a missing JSON
    member does."""
    if isinstance(value, dict) and all(item in (None, "") for item in value.values()):
        return None
    return None if value == "" else value


def Choice(values: tuple[str, ...], default: str) -> Any:
    """One of ``values``; blank or null means ``default`` (give the field the same default)."""
    return Annotated[
        Literal[values], BeforeValidator(lambda value: default if value in (None, "") else value)
    ]


def Optional(kind: Any) -> Any:
    """``kind`` or nothing; a blank form field counts as nothing."""
    return Annotated[kind | None, BeforeValidator(_blank_is_none)]


# A company, a natural person (自然人) or an individual business (个体工商户).
PARTY_KIND_VALUES = tuple(kind.value for kind in PARTY_KINDS)
#: An individual business's credit code starts 92 (market regulation, 个体工商户), GB 32100-2015.
INDIVIDUAL_BUSINESS_PREFIX = "92"
# The fields that identify the other kinds of party, ignored for this one.
_OTHER_KINDS_FIELDS = {
    "enterprise": ("id_number", "operator_name", "phone"),
    "person": ("uscc", "operator_name"),
    "individual_business": ("id_number", "phone"),
}


#: A side of a case, as a record that concerns one party names it (``permissions.PARTIES``).
Side = Literal["applicant", "respondent"]


class Party(Schema):
    """A party of a filing; its ``kind`` decides which fields identify it (those of
    other kinds are ignored): a company by ``uscc``; a natural person by ``id_number``
    (and an address for service); an individual business by ``uscc`` (92…) and its
    operator."""

    kind: Choice(PARTY_KIND_VALUES, "enterprise") = Field(
        "enterprise", description="enterprise (a company; the default), person or individual_business"
    )
    name: Text(200) = Field(description="a company's name, a person's name, an individual business's 字号")
    uscc: Uscc | None = Field(None, description="enterprise and individual_business (starting 92)")
    id_number: IdNumber | None = Field(None, description="person: identity number (居民身份证号码)")
    operator_name: Text(100, required=False) = Field("", description="individual_business: its 经营者")
    address: Text(300, required=False) = Field("", description="address (a person's for service, 住址)")
    phone: Optional(Phone) = Field(None, description="person: phone for service (optional)")

    @model_validator(mode="before")
    @classmethod
    def _own_fields_only(cls, data: Any) -> Any:
        """Fields of another kind are ignored rather than checked."""
        if not isinstance(data, dict):
            return data
        kind = data.get("kind") or "enterprise"
        return {key: value for key, value in data.items() if key not in _OTHER_KINDS_FIELDS.get(kind, ())}

    @model_validator(mode="after")
    def _identified(self) -> Self:
        if self.kind == "person":
            if self.id_number is None:
                raise blame("id_number", _l("is required"))
        elif self.uscc is None:
            raise blame("uscc", _l("is required"))
        elif self.kind == "individual_business" and not self.uscc.startswith(INDIVIDUAL_BUSINESS_PREFIX):
            raise blame("uscc", _l("an individual business's credit code starts with 92"))
        elif self.kind == "individual_business" and not self.operator_name:
            raise blame("operator_name", _l("is required"))
        return self


class RespondentContact(Schema):
    """Where the centre reaches a respondent that has no account at the centre: an
    e-mail (the invitation is sent there on acceptance), a mobile, or both (both blank
    is no contact given)."""

    email: Optional(Email) = None
    mobile: Optional(Phone) = None


class NewCase(Schema):
    """A filing. An enterprise files as the applicant (an ``applicant`` it sends is
    ignored); ``court_case_number`` is required for the two court sources."""

    applicant: Optional(Party) = None
    respondent: Party
    claim_amount: Money
    summary: Text(5000, multiline=True)
    industry: Choice(INDUSTRIES, "other") = "other"
    dispute_type: Choice(DISPUTE_TYPES, "other") = Field("other", description="纠纷类型")
    source: Optional(Literal[SOURCES]) = Field(None, description="default: direct for an enterprise")
    court_case_number: Optional(str) = Field(None, max_length=100, examples=["(2024)苏0621民诉前调123号"])
    procedure: Choice(PROCEDURES, "ordinary") = Field(
        "ordinary", description="court_commissioned only: 15 or 7 days"
    )
    centre_id: Optional(Id) = Field(None, description="only where the caller belongs to no centre")
    respondent_contact: Optional(RespondentContact) = Field(
        None, description="where a respondent without an account here is invited on acceptance"
    )
    preferred_mediator_ids: Items(Id, max_items=MAX_PREFERRED_MEDIATORS) = Field(
        default_factory=list,
        description="mediators of the centre's public register the filer prefers; the suggestions "
        "for assignment put them first unless a conflict flags them",
    )


class CourtNumber(Schema):
    """The court case number of a case from a court, checked once its source is known."""

    court_case_number: CourtCaseNumber


Version = Annotated[int, Field(strict=True, ge=0, le=2**31 - 1)]


class Versioned(Schema):
    """An action on a case names the version the caller read (compare-and-set)."""

    version: Version


class Instalment(Schema):
    amount: Money
    due_on: Day


class _Trigger(Versioned):
    trigger: str


class Assign(_Trigger):
    trigger: Literal["assign", "reassign"]
    mediator_id: Id
    override_reason: Text(1000, multiline=True, required=False) = Field(
        "", description="why a mediator flagged for a conflict is chosen all the same"
    )


class ReasonRequired(_Trigger):
    trigger: Literal["reject", "decline_mediation"]
    reason: Text(2000, multiline=True)


class ReferToCourt(_Trigger):
    trigger: Literal["refer_to_court"]
    outcome_code: Choice(REFERRAL_OUTCOMES, "no_agreement") = Field(
        "no_agreement", description="why mediation ended without settlement; the reason says more"
    )
    reason: Text(2000, multiline=True)


class Withdraw(_Trigger):
    trigger: Literal["withdraw"]
    reason: Text(2000, multiline=True, required=False) = ""


class StartMediation(_Trigger):
    trigger: Literal["start_mediation"]
    respondent_consent: bool | None = Field(None, description="the mediator confirms a consent given now")


# A clause's own numbering ("1.", "一、", "（二）", "(3)"): the agreement numbers its clauses.
_CLAUSE_NUMBER = re.compile(
    r"^\s*(?:[(（]\s*[0-9一二三四五六七八九十]+\s*[)）]|[0-9一二三四五六七八九十]+\s*[.、．,，:：])\s*"
)


def _unnumbered(value: Any) -> Any:
    return _CLAUSE_NUMBER.sub("", value, count=1) if isinstance(value, str) else value


Clause = Annotated[Text(2000, multiline=True), BeforeValidator(_unnumbered)]


class AgreementTerms(Schema):
    """What an agreement states besides its amounts: the clauses, when and how it is
    paid (a group's members recorded at once share these: ``groups.schemas``)."""

    terms: Items(Clause, min_items=1, max_items=MAX_TERMS) = Field(
        description="the agreed clauses besides payment (the payment clause is written from the fields)"
    )
    performance_deadline: Day
    payment_method: Choice(PAYMENT_METHODS, "bank_transfer") = "bank_transfer"
    payment_method_other: Text(200, required=False) = Field("", description="payment_method other: how")


class AgreedAmount(Schema):
    """An agreement's amount and its instalments, each case's own."""

    agreed_amount: Money
    instalments: Optional(Items(Instalment, max_items=MAX_INSTALMENTS)) = Field(
        None, description="default: the whole agreed amount due on the performance deadline"
    )
    over_claim_reason: Text(1000, multiline=True, required=False) = Field(
        "", description="required when the agreed amount exceeds the claim"
    )
    over_claim_confirmed: bool = Field(False, description="required (true) when it exceeds the claim")


class RecordAgreement(_Trigger, AgreedAmount, AgreementTerms):
    """What the parties agreed, issued for their signatures; the case counts as settled
    when the last of them signs (``settle``)."""

    trigger: Literal["record_agreement"]


class Settle(_Trigger):
    """Fired with the agreement's last signature (``POST /cases/{id}/signatures``), never
    by a caller: listed for the lifecycle's completeness."""

    trigger: Literal["settle"]


TRIGGER_SCHEMAS: dict[str, type[_Trigger]] = {
    "assign": Assign,
    "reassign": Assign,
    "reject": ReasonRequired,
    "refer_to_court": ReferToCourt,
    "decline_mediation": ReasonRequired,
    "withdraw": Withdraw,
    "start_mediation": StartMediation,
    "record_agreement": RecordAgreement,
    "settle": Settle,
}
assert set(TRIGGER_SCHEMAS) == set(TRIGGERS), "every trigger declares its input"


class TriggerName(Schema):
    trigger: Literal[TRIGGERS]


class Transition(
    RootModel[
        Annotated[
            Assign | ReasonRequired | Withdraw | StartMediation | RecordAgreement | Settle,
            Field(discriminator="trigger"),
        ]
    ]
):
    """A trigger and the version read, with the trigger's own fields."""

    @classmethod
    def parse(cls, data: Any) -> _Trigger:
        if isinstance(data, _Trigger):
            return data
        return TRIGGER_SCHEMAS[TriggerName.parse(data).trigger].parse(data)


class Extension(Versioned):
    days: Annotated[int, Field(strict=True, ge=1, le=365)]
    parties_consent: bool = Field(False, description="the parties agreed to the extension (required)")
    note: Text(1000, multiline=True, required=False) = ""


class Consent(Versioned):
    channel: Optional(Literal[CONSENT_CHANNELS]) = Field(
        None, description="staff: how the respondent agreed (a respondent answers in the portal)"
    )


class RecusalRequest(Schema):
    grounds: Text(2000, multiline=True)


class RecusalDecision(Schema):
    granted: bool
    version: Optional(Version) = Field(None, description="granted: the case version read")
    note: Text(2000, multiline=True, required=False) = Field("", description="required when refused")
    mediator_id: Optional(Id) = Field(None, description="granted: the new mediator")
    override_reason: Text(1000, multiline=True, required=False) = ""


class ConflictDeclaration(Schema):
    uscc: Uscc
    reason: Text(1000, multiline=True)


class CaseListQuery(CaseFilters):
    """A page of a case list: its filters (``cases.search``, shared with the pages), the
    cursor of the page before and the page's size."""

    cursor: str | None = Field(None, max_length=200, description="next_cursor of the previous page")
    limit: int = Field(20, ge=1, le=100)


class DuplicatesQuery(Schema):
    """A page of a case's possible duplicates, oldest first."""

    after: int | None = Field(None, ge=1, le=MAX_ID, description="the id of the previous page's last case")
    limit: int = Field(100, ge=1, le=100)


# Responses


#: An identity number as shown where the full one is not needed (PIPL): 320621********1234.
MaskedIdNumber = Annotated[
    str,
    AfterValidator(mask_id_number),
    WithJsonSchema({"type": "string", "example": "320621********1234"}),
]


class PartyOut(Out):
    id: int
    kind: Literal[PARTY_KIND_VALUES]
    name: str
    uscc: str | None = Field(description="enterprise and individual_business")
    id_number: MaskedIdNumber | None = Field(description="person: masked")
    operator_name: str = Field(description="individual_business: its 经营者; otherwise empty")


class Person(Out):
    id: int
    name: str


class Actor(Person):
    role: str


class CaseOut(Out):
    id: int
    number: str
    state: CaseState
    claim_amount: Amount
    agreed_amount: Amount | None
    applicant: PartyOut
    respondent: PartyOut
    mediator: Person | None
    source: Literal[SOURCES]
    court_case_number: str | None
    summary: str
    industry: str
    dispute_type: str
    preferred_mediator_ids: list[int] = Field(description="the mediators the filer prefers")
    terms: list[str] | None
    performance_deadline: DayOut | None
    outcome_code: Literal[OUTCOME_CODES] | None = Field(
        description="why the case ended without settlement (null: settled, open, or not recorded)"
    )
    outcome_reason: str | None
    respondent_consent: bool | None
    deadline: DayOut | None
    deadline_status: Literal["not_started", "running", "due_soon", "overdue"]
    days_left: int | None
    procedure: Literal[PROCEDURES]
    extension_days: list[int]
    version: int
    allowed_triggers: list[Literal[TRIGGERS]] = Field(description="what the caller may fire now")
    allowed_actions: list[str] | None = Field(
        description="every action the caller may take on the case now: the triggers, and consent, "
        "recusal, extension, evidence, sessions, documents, signing, court linkage, survey …; "
        "null in lists (read the case for it)"
    )
    timeline_verified: bool | None = Field(
        description="whether the case's audit trail holds end to end: every entry's link, hash "
        "and seal, and its sealed head (as `flask audit verify`); given when the case is read, "
        "null in lists and in the answer to a change"
    )
    created_at: Timestamp
    updated_at: Timestamp
    concluded_at: Timestamp | None


class CasePage(Out):
    items: list[CaseOut]
    next_cursor: str | None


class EventOut(Out):
    id: int
    action: str
    actor: Actor | None
    from_state: str | None
    to_state: str | None
    data: dict[str, Any]
    created_at: Timestamp
    hash: str


class RecusalOut(Out):
    id: int
    case_id: int
    mediator_id: int | None
    party: str
    grounds: str
    status: str
    decision_note: str | None
    created_at: Timestamp
    decided_at: Timestamp | None

    @classmethod
    def of(cls, request) -> Self:
        return cls.model_validate(
            {**_attributes(request, cls, exclude={"party"}), "party": request.party.name}
        )


class DeclarationOut(Out):
    id: int
    organisation_id: int
    reason: str


class Suggestion(Out):
    class SuggestedMediator(Person):
        industry: str | None

    mediator: SuggestedMediator
    open_cases: int
    industry_match: bool
    conflicts: list[str]
    preferred: bool = Field(description="named by the filer from the centre's register")


class RosterMediatorOut(Out):
    id: int
    name: str
    industry: str
    open_cases: int
    chamber: str | None = Field(description="the chamber of commerce (商会) the mediator comes from")


class NextSession(Out):
    id: int
    starts_at: Timestamp
    location: str | None


class QueueEntry(Out):
    case: CaseOut
    days_waiting: int
    next_session: NextSession | None


def _attributes(obj, schema: type[Out], exclude: set[str]) -> dict:
    return {name: getattr(obj, name) for name in schema.model_fields if name not in exclude}
