"""Reading evidence, always through what the viewer may see.

:func:`visible_evidence` is the one rule of which files a user sees; every face
(the evidence list and download, the case's timeline, the case page, the court's
referral package) composes it.
"""

import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload

# The module, not its names: cases.queries composes this module's rule into the
# timeline, so the two import each other (see cases.queries).
from mediation_app.cases import queries as case_queries
from mediation_app.cases.models import Case
from mediation_app.core.visibility import shared_or_own
from mediation_app.errors import NotVisible
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db

log = logging.getLogger(__name__)


def visible_evidence(user):
    """The WHERE clause of the files ``user`` may see on a case they can see.

    The mediator and staff see every file; a party sees the files not marked for the
    mediator only, and those it uploaded itself; the court sees no mediator-only file.
    A file marked for the mediator only by the mediator or staff belongs to no party,
    so it reaches neither party (see ``core.visibility``)."""
    return shared_or_own(
        user, EvidenceFile.mediator_only.is_(False), EvidenceFile.party_id, EvidenceFile.case_id
    )


def visible_evidence_ids(user, case_id: int):
    """A subquery: the ids of the files of the case ``user`` may see."""
    return select(EvidenceFile.id).where(EvidenceFile.case_id == case_id, visible_evidence(user))


def evidence_of(user, case: Case) -> list[EvidenceFile]:
    query = (
        select(EvidenceFile)
        .where(EvidenceFile.case_id == case.id, visible_evidence(user))
        .options(joinedload(EvidenceFile.uploaded_by))
        .order_by(EvidenceFile.id)
    )
    return db.session.scalars(query).all()


def get_visible_evidence(user, evidence_id: int) -> tuple[EvidenceFile, Case]:
    """A file and its case, or :class:`NotVisible` exactly as for a missing file."""
    case_id = db.session.scalar(select(EvidenceFile.case_id).where(EvidenceFile.id == evidence_id))
    if case_id is None:
        raise NotVisible()
    case = case_queries.get_visible_case(user, case_id)
    evidence = db.session.scalars(
        select(EvidenceFile).where(EvidenceFile.id == evidence_id, visible_evidence(user))
    ).first()
    if evidence is None:
        log.warning(
            "evidence %d refused to user %d (%s): mediator only", evidence_id, user.id, user.role.value
        )
        raise NotVisible()
    return evidence, case
