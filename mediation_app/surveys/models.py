"""A party's answer to the satisfaction survey of a concluded case, and a centre's rule
for naming its outstanding mediators."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.extensions import db
from mediation_app.types import Tenths, UTCDateTime, utcnow


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


class StarRule(db.Model):
    """A centre's rule for the shortlist of its outstanding mediators of the year
    (商会调解之星): every threshold must be met. A centre without one uses the defaults
    (``surveys.stars.DEFAULT_RULE``)."""

    __tablename__ = "star_rules"

    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), primary_key=True)
    min_concluded: Mapped[int] = mapped_column(Integer)
    min_success_rate: Mapped[int] = mapped_column(Integer)  # per cent
    min_satisfaction: Mapped[Decimal] = mapped_column(Tenths)  # of 5
    max_breaches: Mapped[int] = mapped_column(Integer)
    min_training_hours: Mapped[Decimal] = mapped_column(Tenths)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
