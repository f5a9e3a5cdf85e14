"""The destruction log: what the retention schedule destroyed, when, and the destroyed
files' hashes, so a later reader knows a record existed and that it was destroyed."""

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class DestructionRecord(db.Model):
    __tablename__ = "destruction_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # "evidence", "personal_data"
    record_id: Mapped[int] = mapped_column(Integer)  # the evidence file's or the user's id
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    sha256: Mapped[str | None] = mapped_column(String(64))  # a destroyed file's
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. the fields anonymised
    destroyed_by: Mapped[str] = mapped_column(String(60))  # the schedule, or who ran it
    destroyed_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
