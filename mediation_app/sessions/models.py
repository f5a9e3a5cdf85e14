"""Mediation sessions (调解会议), their participants and minutes (调解笔录)."""

from enum import StrEnum
from typing import ClassVar

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.types import UTCDateTime, utcnow


def _values(enum):
    return [m.value for m in enum]


class SessionKind(StrEnum):
    JOINT = "joint"  # 面对面: the parties together
    PRIVATE = "private"  # 背对背: a caucus with one party


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


session_participants = Table(
    "session_participants",
    db.metadata,
    Column("session_id", ForeignKey("mediation_sessions.id"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class MediationSession(db.Model):
    __tablename__ = "mediation_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "(kind = 'joint' AND party_id IS NULL) OR (kind = 'private' AND party_id IS NOT NULL)",
            name="private_has_its_party",
        ),
        Index("ix_mediation_sessions_case_id_starts_at", "case_id", "starts_at"),
        # The overlap check and a mediator's agenda: one mediator's sessions by time.
        Index("ix_mediation_sessions_mediator_id_starts_at", "mediator_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    mediator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[object] = mapped_column(UTCDateTime)
    ends_at: Mapped[object] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[SessionKind] = mapped_column(
        db.Enum(SessionKind, native_enum=False, length=10, values_callable=_values)
    )
    # The one party of a private session (背对背); None for a joint session.
    party_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[SessionStatus] = mapped_column(
        db.Enum(SessionStatus, native_enum=False, length=10, values_callable=_values),
        default=SessionStatus.SCHEDULED,
    )
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # The calendar invitation's identity (RFC 5545 UID) and revision (SEQUENCE).
    uid: Mapped[str] = mapped_column(String(100), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    case: Mapped[Case] = relationship()
    mediator: Mapped[User] = relationship(foreign_keys=[mediator_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    party: Mapped[Organisation | None] = relationship(foreign_keys=[party_id])
    participants: Mapped[list[Organisation]] = relationship(
        secondary=session_participants, order_by=Organisation.id
    )
    minutes: Mapped["SessionMinutes | None"] = relationship(back_populates="session", uselist=False)

    # Reschedule and cancel are compare-and-set on the version the caller read.
    __mapper_args__: ClassVar[dict] = {"version_id_col": version}

    @property
    def location(self) -> str:
        return self.place or self.video_link

    def __repr__(self) -> str:
        return f"<MediationSession {self.id} {self.kind.value} {self.status.value}>"


class SessionMinutes(db.Model):
    """The minutes of one session: a draft until finalised, then fixed with its hash."""

    __tablename__ = "session_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("mediation_sessions.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    finalised_at: Mapped[object | None] = mapped_column(UTCDateTime)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str | None] = mapped_column(String(64))  # of the text, set when finalised
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    session: Mapped[MediationSession] = relationship(back_populates="minutes")
    written_by: Mapped[User] = relationship(foreign_keys=[written_by_id])
    finalised_by: Mapped[User | None] = relationship(foreign_keys=[finalised_by_id])

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class MediatorCalendar(db.Model):
    """One row per mediator, bumped by every change to their agenda in the same
    transaction: it serialises scheduling per mediator, so two sessions booked at
    the same moment cannot both pass the overlap check (PostgreSQL and SQLite)."""

    __tablename__ = "mediator_calendars"

    mediator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(Integer, default=0)


class SessionReminder(db.Model):
    """The day-before reminder sent for a session at one time: once per session and
    start, however often the timer runs; a rescheduled session is reminded again."""

    __tablename__ = "session_reminders"
    __table_args__ = (UniqueConstraint("session_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("mediation_sessions.id"))
    starts_at: Mapped[object] = mapped_column(UTCDateTime)
    sent_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
