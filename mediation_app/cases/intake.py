"""Screening at intake (受理审查): the same dispute filed twice."""

from sqlalchemy import and_, or_, select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from workflows.case_states import OPEN_STATES


def possible_duplicates(case: Case) -> list[Case]:
    """Other open cases of the centre between the same two parties, either way round."""
    same_parties = or_(
        and_(Case.applicant_id == case.applicant_id, Case.respondent_id == case.respondent_id),
        and_(Case.applicant_id == case.respondent_id, Case.respondent_id == case.applicant_id),
    )
    query = select(Case).where(
        Case.centre_id == case.centre_id, Case.id != case.id, Case.state.in_(OPEN_STATES), same_parties
    )
    return db.session.scalars(query.order_by(Case.id)).all()
