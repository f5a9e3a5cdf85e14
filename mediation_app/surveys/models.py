"""A party's answer to the satisfaction survey of a concluded case."""

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class SurveyAnswer(db.Model):
    """One per party (the enterprise, whichever of its users answers) and case."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        UniqueConstraint("case_id", "party_id"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        Index("ix_survey_answers_mediator_id_case_id", "mediator_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The mediator the answer is about (the case's mediator when it was given).
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
