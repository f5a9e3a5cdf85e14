"""A group of serial cases and its members (each member is a case of its own)."""

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation
from mediation_app.types import UTCDateTime, utcnow


class CaseGroup(db.Model):
    """系列案: the common party (on the same side of every member) and the members. The
    total claim is the members', read from them, never stored apart."""

    __tablename__ = "case_groups"
    __table_args__ = (
        UniqueConstraint("centre_id", "number"),
        UniqueConstraint("filed_by_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    common_party_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # The common party's side in every member: "applicant" (one against many, e.g. a
    # supplier unpaid by its customers) or "respondent" (many against one buyer).
    common_side: Mapped[str] = mapped_column(String(10), default="applicant")
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The filing form's one-time key, as a case's (the API's retries: Idempotency-Key).
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    centre: Mapped[Centre] = relationship()
    common_party: Mapped[Organisation] = relationship()


class CaseGroupMember(db.Model):
    """A case's place in its group; a case belongs to one group at most."""

    __tablename__ = "case_group_members"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("case_groups.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, … in the order filed

    case: Mapped[Case] = relationship()


class GroupNumberCounter(db.Model):
    """Per centre and year serial behind group numbers, as ``CaseNumberCounter``."""

    __tablename__ = "case_group_number_counters"

    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)
