"""Evidence files uploaded to a case."""

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class EvidenceFile(db.Model):
    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The party (enterprise) on whose behalf it was uploaded; None for mediator and staff.
    party_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    original_name: Mapped[str] = mapped_column(String(255))  # as uploaded, Chinese kept; metadata only
    storage_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Seen only by the mediator, staff and the uploading party; never by the other party or the court.
    mediator_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    # Its file destroyed at the end of the retention period (``retention``); the row
    # stays, with the hash, as the record that it existed.
    destroyed_at: Mapped[object | None] = mapped_column(UTCDateTime)

    uploaded_by: Mapped[User] = relationship()
