"""A mediator's entry in the register and the training recorded for them."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.types import Tenths, UTCDateTime, utcnow


class MediatorProfile(db.Model):
    """What the register says of a mediator beyond their account (name, chamber and
    industry specialty stay on ``User``, where assignment reads them)."""

    __tablename__ = "mediator_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # The kinds of dispute they mediate (cases.schemas.DISPUTE_TYPES).
    dispute_types: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[str] = mapped_column(String(200), default="")
    qualifications: Mapped[str] = mapped_column(Text, default="")
    # The term of appointment (聘期); two years unless the centre sets another end.
    term_starts_on: Mapped[date | None] = mapped_column(Date)
    term_ends_on: Mapped[date | None] = mapped_column(Date)
    # Listed on the register: a centre may suspend a mediator without ending the account.
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def in_term(self, day: date) -> bool:
        return (
            self.term_starts_on is not None
            and self.term_starts_on <= day
            and (self.term_ends_on is None or day <= self.term_ends_on)
        )


class TrainingRecord(db.Model):
    """A course a mediator attended, as staff recorded it."""

    __tablename__ = "mediator_trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Tenths)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
