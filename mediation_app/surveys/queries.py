"""Reading survey answers."""

from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.surveys.models import SurveyAnswer


def answer_of(case_id: int, party_id: int) -> SurveyAnswer | None:
    return db.session.scalars(
        select(SurveyAnswer).where(SurveyAnswer.case_id == case_id, SurveyAnswer.party_id == party_id)
    ).first()
