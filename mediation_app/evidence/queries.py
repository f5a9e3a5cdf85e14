"""Reading evidence, always through what the viewer may see."""

import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mediation_app.cases.models import Case
from mediation_app.cases.queries import get_visible_case
from mediation_app.errors import NotVisible
from mediation_app.evidence.models import EvidenceFile
from mediation_app.evidence.permissions import readable_by
from mediation_app.extensions import db

log = logging.getLogger(__name__)


def evidence_of(user, case: Case) -> list[EvidenceFile]:
    query = (
        select(EvidenceFile)
        .where(EvidenceFile.case_id == case.id, readable_by(user))
        .options(joinedload(EvidenceFile.uploaded_by))
        .order_by(EvidenceFile.id)
    )
    return db.session.scalars(query).all()


def get_visible_evidence(user, evidence_id: int) -> tuple[EvidenceFile, Case]:
    """A file and its case, or :class:`NotVisible` exactly as for a missing file."""
    case_id = db.session.scalar(select(EvidenceFile.case_id).where(EvidenceFile.id == evidence_id))
    if case_id is None:
        raise NotVisible()
    case = get_visible_case(user, case_id)
    evidence = db.session.scalars(
        select(EvidenceFile).where(EvidenceFile.id == evidence_id, readable_by(user))
    ).first()
    if evidence is None:
        log.warning(
            "evidence %d refused to user %d (%s): mediator only", evidence_id, user.id, user.role.value
        )
        raise NotVisible()
    return evidence, case
