"""Business actions on groups: filing one (from a form, the API or a spreadsheet),
assigning its members and recording agreements for several of them at once. Filing
is all-or-nothing: every member is filed by the case's own filing
(``cases.operations.file_within``, its rules and numbering) in one transaction with
the group, or nothing is. Assignment is per member: each passes its own checks and
conflict screening in a transaction of its own, and the answer says which were
assigned and why the others were not (they stay filed). Agreements are all-or-nothing
again, each member through the case's own ``record_agreement``."""

import logging
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from mediation_app.auth.models import User
from mediation_app.cases.actions import CASE
from mediation_app.cases.conflicts import mediator_roster
from mediation_app.cases.inputs import parse_submission_key
from mediation_app.cases.operations import file_within, fire_on, next_serial
from mediation_app.cases.schemas import AgreementTerms
from mediation_app.core.schema import FieldErrors
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, DomainError, ValidationFailed
from mediation_app.extensions import db
from mediation_app.groups.actions import GROUP
from mediation_app.groups.models import CaseGroup, CaseGroupMember, GroupNumberCounter
from mediation_app.groups.queries import filed_before, visible_group
from mediation_app.groups.schemas import (
    MAX_MEMBERS,
    GroupAgreements,
    GroupAssignment,
    MemberAgreement,
    NewGroup,
)
from mediation_app.parties.models import Centre
from mediation_app.spreadsheets import NotAWorkbook, cell_decimal, cell_text, read_workbook
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from workflows import CaseState
from workflows.deadlines import local_date
from workflows.roles import Role

log = logging.getLogger(__name__)

# The fields of a filing that are each member's own, besides its other party; a refusal
# of any other field (the common party, the centre) is the group's, reported once.
MEMBER_FIELDS = ("claim_amount", "summary")
# The spreadsheet of members: one member a row, under a heading row, in this order; the
# party is each member's other party (a respondent, or an applicant of a common respondent).
COLUMNS = ("party.name", "party.uscc", "claim_amount", "summary")


def other_side(side: str) -> str:
    return "respondent" if side == "applicant" else "applicant"


def _common_side(actor: User, group: NewGroup) -> str:
    """The common party's side: the applicant unless a common respondent is named (many
    applicants against it, filed by staff: an enterprise files as the applicant)."""
    if group.respondent is None:
        return "applicant"
    fields = FieldErrors()
    if group.applicant is not None:
        fields.fail("respondent", _l("name the common applicant or the common respondent, not both"))
    if actor.role is Role.ENTERPRISE:
        fields.fail("respondent", _l("an enterprise files as the applicant"))
    fields.raise_if_any()
    return "respondent"


def _next_group_number(centre: Centre, filed_at: datetime) -> str:
    """(2026)海工商调系字第0001号: the case numbering's scheme, with a serial of its own."""
    year = local_date(filed_at).year
    serial = next_serial(GroupNumberCounter, centre, year)
    return f"({year}){centre.case_prefix}系字第{serial:04d}号"


def _member_filing(group: NewGroup, index: int, side: str) -> dict:
    member, other = group.members[index], other_side(side)
    common, party = getattr(group, side), getattr(member, other)
    return {
        side: common and common.model_dump(),
        other: party and party.model_dump(),
        "claim_amount": str(member.claim_amount),
        "summary": member.summary,
        "industry": group.industry,
        "dispute_type": group.dispute_type,
        "source": "direct",
        "centre_id": group.centre_id,
    }


def _file_members(actor: User, group: NewGroup, side: str, remote_addr: str | None) -> list:
    """File every member; every refusal is collected (the group's once, each member's
    under ``members.<i>.``) and raised together, for the caller to roll back."""
    fields, cases = FieldErrors(), []
    own_fields = (other_side(side), *MEMBER_FIELDS)
    for index in range(len(group.members)):
        try:
            filing = _member_filing(group, index, side)
            cases.append(file_within(actor, filing, remote_addr=remote_addr))
        except ValidationFailed as refusal:
            for name, message in refusal.fields.items():
                own = name.split(".")[0] in own_fields
                fields.errors.setdefault(f"members.{index}.{name}" if own else name, message)
    fields.raise_if_any()
    return cases


def file_group(
    actor: User, data, *, submission_key: str | None = None, remote_addr: str | None = None
) -> CaseGroup:
    """File a group and every member, or nothing. A filing repeated with the same
    ``submission_key`` returns the group filed the first time."""
    require(actor, "file_case_group")
    key = parse_submission_key(submission_key)
    if existing := filed_before(actor, key):
        return existing
    payload = NewGroup.parse(data)
    side = _common_side(actor, payload)
    try:
        with committed(reload=False):
            cases = _file_members(actor, payload, side, remote_addr)
            now = utcnow()
            group = CaseGroup(
                centre_id=cases[0].centre_id,
                number=_next_group_number(cases[0].centre, now),
                common_party_id=getattr(cases[0], f"{side}_id"),
                common_side=side,
                filed_by_id=actor.id,
                submission_key=key,
                created_at=now,
            )
            db.session.add(group)
            db.session.flush()
            db.session.add_all(
                CaseGroupMember(case_id=case.id, group_id=group.id, position=position)
                for position, case in enumerate(cases, start=1)
            )
    except IntegrityError:
        if existing := filed_before(actor, key):  # the same submission won a race with this one
            return existing
        raise Conflict(_("This group conflicts with one filed at the same moment; please retry.")) from None
    log.info("group %s filed by user %d with %d members", group.number, actor.id, len(cases))
    return group


def _sheet_members(stream, party: str) -> tuple[list[dict], list[int]]:
    """The members a spreadsheet lists (their other party as ``party``), and the row
    each came from."""
    members, rows = [], []
    with read_workbook(stream, width=len(COLUMNS), max_rows=MAX_MEMBERS) as sheet:
        for number, values in sheet.rows:
            name, uscc, amount, summary = values[: len(COLUMNS)]
            members.append(
                {
                    party: {"name": cell_text(name), "uscc": cell_text(uscc)},
                    "claim_amount": str(cell_decimal(amount)),
                    "summary": cell_text(summary),
                }
            )
            rows.append(number)
    return members, rows


def _by_row(fields: dict, rows: list[int]) -> dict:
    """``members.<i>.x`` as ``rows.<row>.x``; the group's own fields as they are."""
    renamed = {}
    for name, message in fields.items():
        parts = name.split(".")
        if parts[0] == "members" and len(parts) > 1 and parts[1].isdigit():
            column = ".".join(parts[2:])
            renamed[f"rows.{rows[int(parts[1])]}.{column}".rstrip(".")] = message
        else:
            renamed[name] = message
    return renamed


def import_group(
    actor: User, stream, data: dict, *, submission_key: str | None = None, remote_addr: str | None = None
) -> CaseGroup:
    """File a group whose members are the rows of an .xlsx (``COLUMNS``, below a
    heading row), with the rest of the filing (the common party, industry…) in ``data``:
    every row is checked, and one bad row files nothing. Each row's party is the
    respondent of a common applicant, or the applicant against a common respondent."""
    require(actor, "file_case_group")
    party = "applicant" if data.get("respondent") else "respondent"
    try:
        members, rows = _sheet_members(stream, party)
    except NotAWorkbook as error:
        raise ValidationFailed(fields={"file": str(error)}) from None
    if not members:
        raise ValidationFailed(fields={"file": _("The sheet lists no members.")})
    try:
        return file_group(
            actor, {**data, "members": members}, submission_key=submission_key, remote_addr=remote_addr
        )
    except ValidationFailed as refusal:
        raise ValidationFailed(fields=_by_row(refusal.fields, rows)) from None


@dataclass(frozen=True)
class MemberAssignment:
    case: object
    assigned: bool
    reasons: tuple[str, ...] = ()


def _assign_member(actor: User, case, mediator_id: int, remote_addr: str | None) -> MemberAssignment:
    if case.state is not CaseState.FILED or not CASE.allows(actor, case, "assign"):
        return MemberAssignment(case, False, (_("is not waiting for a mediator"),))
    step = {"trigger": "assign", "version": case.version, "mediator_id": mediator_id}
    try:
        with committed(reload=False):
            fire_on(actor, case, step, remote_addr=remote_addr)
    except DomainError as refusal:  # its conflicts, a concurrent change: this member only
        reasons = tuple(str(message) for message in refusal.fields.values()) or (str(refusal.message),)
        return MemberAssignment(case, False, reasons)
    return MemberAssignment(case, True)


@dataclass(frozen=True)
class GroupAssigned:
    group_id: int
    mediator_id: int
    members: list[MemberAssignment]


def group_to_assign(actor: User, group_id: int):
    """A group ``actor`` may assign now (a role that never may is refused before the
    group is looked up)."""
    GROUP.refuse_roles(actor, "assign_group")
    seen = visible_group(actor, group_id)
    GROUP.require(actor, seen, "assign_group")
    return seen


def assign_group(actor: User, group_id: int, data, *, remote_addr: str | None = None) -> GroupAssigned:
    """Accept and assign every member waiting for a mediator to one mediator. Per member:
    each is fired ``assign`` on its own (its checks, conflict screening, documents and
    notices), and a member refused stays filed, with the reasons in the report."""
    seen = group_to_assign(actor, group_id)
    mediator_id = GroupAssignment.parse(data).mediator_id
    if mediator_id not in {mediator.id for mediator, _open in mediator_roster(seen.group.centre_id)}:
        raise ValidationFailed(fields={"mediator_id": _("is not a mediator of this centre")})
    report = [_assign_member(actor, case, mediator_id, remote_addr) for case in seen.members]
    log.info(
        "group %d assigned to mediator %d by user %d: %d of %d members",
        group_id,
        mediator_id,
        actor.id,
        sum(result.assigned for result in report),
        len(report),
    )
    return GroupAssigned(group_id, mediator_id, report)


# A member's own inputs in a batch of agreements; a refusal of any other (the terms, the
# deadline, the payment method) is the template's, reported once.
AGREEMENT_FIELDS = tuple(MemberAgreement.model_fields)


def _record_members(actor: User, seen, data: dict, remote_addr: str | None) -> list:
    """Fire ``record_agreement`` on each member listed (``data``, checked against
    ``GroupAgreements``: the case's trigger parses its part again), inside the caller's
    transaction; every refusal is collected (each member's under ``members.<i>.``) and
    raised together, for the caller to roll back."""
    fields, recorded, listed = FieldErrors(), [], set()
    members = {case.id: case for case in seen.members}
    batch = GroupAgreements.parse(data)
    template = {name: data[name] for name in AgreementTerms.model_fields if name in data}
    for index, item in enumerate(batch.members):
        case = members.get(item.case_id)
        if case is None or item.case_id in listed:
            message = _l("is listed twice") if item.case_id in listed else _l("is not a member of this group")
            fields.fail(f"members.{index}.case_id", message)
            continue
        listed.add(case.id)
        own = {name: value for name, value in data["members"][index].items() if name != "case_id"}
        try:
            fire_on(actor, case, {**template, **own, "trigger": "record_agreement"}, remote_addr=remote_addr)
        except ValidationFailed as refusal:
            for name, message in refusal.fields.items():
                own_field = name.split(".")[0] in AGREEMENT_FIELDS
                fields.fail(f"members.{index}.{name}" if own_field else name, message)
        except Conflict as refusal:  # not in mediation, changed since read: the whole batch waits
            raise type(refusal)(f"{case.number}: {refusal.message}") from None
        else:
            recorded.append(case)
    fields.raise_if_any()
    return recorded


def record_group_agreements(actor: User, group_id: int, data, *, remote_addr: str | None = None) -> list:
    """The assigned mediator records an agreement for each member listed: one set of
    terms, each its own amount and instalments, each through the case's own
    ``record_agreement`` (its checks, audit, notices and agreement for signature).
    All or nothing, in one transaction: the agreements are numbered consecutively in
    the order listed, and one member refused records none (the refusals of all the
    members are reported together); the PDFs render after the commit."""
    GROUP.refuse_roles(actor, "record_group_agreements")
    seen = visible_group(actor, group_id)
    GROUP.require(actor, seen, "record_group_agreements")
    # The case's trigger is fired on each member however many fail: a refusal rolls all
    # of them back, and the caller learns every member's errors at once.
    with committed(reload=False):
        recorded = _record_members(actor, seen, data, remote_addr)
    log.info("group %d: %d agreements recorded by user %d", group_id, len(recorded), actor.id)
    return recorded
