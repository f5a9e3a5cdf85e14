"""Reading groups, always through the members the viewer may see (``cases.queries.visible_to``):
a party sees a group only as far as it sees its members."""

import logging
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

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
    def by_state(self) -> list[tuple[CaseState, int]]:
        counts = Counter(case.state for case in self.members)
        return [(state, counts[state]) for state in CaseState if counts[state]]


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
