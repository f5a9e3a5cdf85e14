"""The payloads of the group API: a group's filing (its common party and members), the
assignment of its members, and a group as its viewer may see it."""

from typing import Literal

from pydantic import Field

from mediation_app.cases.schemas import (
    DISPUTE_TYPES,
    INDUSTRIES,
    AgreedAmount,
    AgreementTerms,
    Choice,
    Optional,
    Party,
    PartyOut,
    Side,
    Versioned,
)
from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import MAX_ID, Amount, DayOut, Id, Items, Money, Text, Timestamp
from workflows.case_states import CaseState

MAX_MEMBERS = 1000  # a larger series is filed in several groups


class GroupListQuery(Schema):
    """A page of the centre's groups, newest first."""

    before: int | None = Field(
        None, ge=1, le=MAX_ID, description="the id of the last group of the previous page"
    )


class Member(Schema):
    """One case of the group: its other party (the respondent of a common applicant, or
    the applicant against a common respondent), its claim and its facts."""

    respondent: Optional(Party) = Field(None, description="with a common applicant")
    applicant: Optional(Party) = Field(None, description="with a common respondent")
    claim_amount: Money
    summary: Text(5000, multiline=True)


class NewGroup(Schema):
    """A group filing: the party common to every member, what the members share, and the
    members. One applicant against many respondents: ``applicant`` (an enterprise files
    as itself; an ``applicant`` it sends is ignored). Many applicants against one
    respondent (staff): ``respondent``, and each member names its applicant."""

    applicant: Optional(Party) = None
    respondent: Optional(Party) = Field(None, description="the common respondent of many applicants")
    industry: Choice(INDUSTRIES, "other") = "other"
    dispute_type: Choice(DISPUTE_TYPES, "other") = Field("other", description="纠纷类型")
    centre_id: Optional(Id) = Field(None, description="only where the caller belongs to no centre")
    members: Items(Member, max_items=MAX_MEMBERS, min_items=1)


class GroupAssignment(Schema):
    """One mediator for every member still waiting for one."""

    mediator_id: Id


class MemberAgreement(Versioned, AgreedAmount):
    """One member's agreement: its amount and instalments (``version``: the member's as read)."""

    case_id: Id


class GroupAgreements(AgreementTerms):
    """Agreements for several members at once (the mediator assigned to them): one set
    of terms, each member its own amount and instalments; each member gets an agreement
    of its own, numbered in the order listed."""

    members: Items(MemberAgreement, max_items=MAX_MEMBERS, min_items=1)


class AgreementRecorded(Out):
    case_id: int
    number: str
    agreed_amount: Amount


class AgreementsReport(Out):
    """The agreements recorded, one per member in the order sent and numbered in that
    order; each is rendered after the commit (``GET /cases/{id}/documents``)."""

    group_id: int
    agreements: list[AgreementRecorded]


class MemberOut(Out):
    case_id: int
    position: int
    number: str
    applicant: PartyOut
    respondent: PartyOut
    state: CaseState
    deadline: DayOut | None
    claim_amount: Amount
    agreed_amount: Amount | None = Field(description="its agreement's, signed or awaiting signatures")
    version: int = Field(description="the member's version, for its transitions and agreements")


class StateCount(Out):
    state: CaseState
    members: int


class GroupOut(Out):
    id: int
    number: str
    common_party: PartyOut
    common_side: Side
    members: list[MemberOut] = Field(description="the members the caller may see, in filing order")
    claim_total: Amount = Field(description="the sum of the claims of the members listed")
    settled_amount: Amount = Field(description="the sum of the agreed amounts of those settled")
    by_state: list[StateCount]
    allowed_actions: list[str]
    created_at: Timestamp


class GroupSummaryOut(Out):
    """A group of the centre with its figures (staff's list)."""

    id: int
    number: str
    common_party: PartyOut
    common_side: Side
    members: int
    claim_total: Amount
    settled_amount: Amount
    by_state: list[StateCount]
    created_at: Timestamp


class AssignmentResult(Out):
    case_id: int
    number: str
    outcome: Literal["assigned", "refused"]
    reasons: list[str]


class AssignmentReport(Out):
    """Per member: assigned, or refused with the reasons (each member is its own step;
    those refused stay filed)."""

    group_id: int
    mediator_id: int
    results: list[AssignmentResult]
