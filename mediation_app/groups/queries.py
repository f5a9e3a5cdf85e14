"""Reading groups, always through the members the viewer may see (``cases.queries.visible_to``):
a party sees a group only as far as it sees its members."""

import logging
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case as case_when
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mediation_app.cases.conflicts import Suggestion, suggest_for_cases
from mediation_app.cases.models import Case
from mediation_app.cases.queries import visible_to
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.groups.models import CaseGroup, CaseGroupMember
from workflows.case_states import CaseState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeenGroup:
    """A group and the members its viewer may see, in filing order."""

    group: CaseGroup
    members: list[Case]
    positions: dict[int, int]  # case id -> its place in the group

    @property
    def claim_total(self) -> Decimal:
        return sum((case.claim_amount for case in self.members), Decimal("0.00"))

    @property
    def settled_amount(self) -> Decimal:
        settled = (case.agreed_amount for case in self.members if case.state is CaseState.SETTLED)
        return sum(settled, Decimal("0.00"))

    @property
    def by_state(self) -> list[tuple[CaseState, int]]:
        return in_state_order(Counter(case.state for case in self.members))


def in_state_order(counts: Counter) -> list[tuple[CaseState, int]]:
    return [(state, counts[state]) for state in CaseState if counts[state]]


@dataclass(frozen=True)
class GroupSummary:
    """A group of the centre with its figures (staff's list)."""

    group: CaseGroup
    members: int
    claim_total: Decimal
    settled_amount: Decimal
    by_state: list[tuple[CaseState, int]]


MAX_LISTED = 100


def centre_groups(centre_id: int, *, before: int | None = None) -> list[GroupSummary]:
    """The centre's groups, newest first (those older than group ``before``, a page of
    ``MAX_LISTED``), with their figures: two statements, however many groups and members."""
    query = select(CaseGroup).where(CaseGroup.centre_id == centre_id)
    if before is not None:
        query = query.where(CaseGroup.id < before)
    groups = db.session.scalars(
        query.options(joinedload(CaseGroup.common_party)).order_by(CaseGroup.id.desc()).limit(MAX_LISTED)
    ).all()
    settled = case_when((Case.state == CaseState.SETTLED, Case.agreed_amount), else_=None)
    rows = db.session.execute(
        select(
            CaseGroupMember.group_id,
            Case.state,
            func.count(),
            func.sum(Case.claim_amount),
            func.sum(settled),
        )
        .join(Case, Case.id == CaseGroupMember.case_id)
        .where(CaseGroupMember.group_id.in_([group.id for group in groups]))
        .group_by(CaseGroupMember.group_id, Case.state)
    ).all()
    counts = {group.id: Counter() for group in groups}
    claims = {group.id: Decimal("0.00") for group in groups}
    amounts = dict(claims)
    for group_id, state, n, claim, agreed in rows:
        counts[group_id][state] = n
        claims[group_id] += claim
        amounts[group_id] += agreed or 0
    return [
        GroupSummary(
            group,
            counts[group.id].total(),
            claims[group.id],
            amounts[group.id],
            in_state_order(counts[group.id]),
        )
        for group in groups
    ]


def visible_group(user, group_id: int) -> SeenGroup:
    """The group with the members ``user`` sees; :class:`NotVisible` if they see none
    (answered as a missing group, whether it exists or not)."""
    rows = db.session.execute(
        select(CaseGroupMember.position, Case)
        .join(Case, Case.id == CaseGroupMember.case_id)
        .where(CaseGroupMember.group_id == group_id, visible_to(user))
        .options(joinedload(Case.respondent), joinedload(Case.applicant), joinedload(Case.mediator))
        .order_by(CaseGroupMember.position)
    ).all()
    if not rows:
        if db.session.get(CaseGroup, group_id) is not None:
            log.warning("group %d refused to user %d (%s): not visible", group_id, user.id, user.role.value)
        raise NotVisible()
    group = db.session.scalars(
        select(CaseGroup).where(CaseGroup.id == group_id).options(joinedload(CaseGroup.common_party))
    ).one()
    return SeenGroup(group, [case for _position, case in rows], {case.id: p for p, case in rows})


def waiting_suggestions(seen: SeenGroup) -> list[Suggestion]:
    """The centre's mediators for the members waiting for one, best first, each screened
    against all of them at once (``cases.conflicts.suggest_for_cases``)."""
    return suggest_for_cases([case for case in seen.members if case.state is CaseState.FILED])


def group_of(case_id: int) -> CaseGroup | None:
    """The group a case belongs to, if any (whoever sees the case sees that it has one)."""
    return db.session.scalars(
        select(CaseGroup).join(CaseGroupMember).where(CaseGroupMember.case_id == case_id)
    ).first()


def filed_before(actor, key: str | None) -> CaseGroup | None:
    """The group this filer filed with this form's one-time key, if any."""
    if key is None:
        return None
    return db.session.scalars(
        select(CaseGroup).where(CaseGroup.filed_by_id == actor.id, CaseGroup.submission_key == key)
    ).first()
