"""A ledger import: its progress while it runs and its report when it ends."""

from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class ImportStatus(StrEnum):
    QUEUED = "queued"
    VALIDATING = "validating"
    IMPORTING = "importing"
    DONE = "done"  # every row imported (or, with valid rows only, every valid one)
    REFUSED = "refused"  # nothing imported: a bad file, or invalid rows
    FAILED = "failed"  # nothing imported: an unexpected error (logged)

    @property
    def finished(self) -> bool:
        return self in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)


class LedgerImport(db.Model):
    __tablename__ = "ledger_imports"
    __table_args__ = (Index("ix_ledger_imports_centre_id_id", "centre_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    # The uploaded file in ``storage.ledger_uploads``, until its import has run.
    upload_name: Mapped[str | None] = mapped_column(String(80))
    valid_only: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[ImportStatus] = mapped_column(
        db.Enum(ImportStatus, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=ImportStatus.QUEUED,
    )
    rows_total: Mapped[int] = mapped_column(Integer, default=0)  # data rows in the file
    rows_done: Mapped[int] = mapped_column(Integer, default=0)  # progress of the current phase
    imported: Mapped[int] = mapped_column(Integer, default=0)
    already_present: Mapped[int] = mapped_column(Integer, default=0)
    invalid_rows: Mapped[int] = mapped_column(Integer, default=0)
    # The row-by-row report: [{"row": 5, "column": "标的额", "message": "…"}], the first
    # REPORT_LIMIT problems (``invalid_rows`` counts them all).
    problems: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(Text)  # why the whole file was refused
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # The last progress written (PostgreSQL only: see ``jobs``), to tell a running
    # import from one whose process ended.
    progress_at: Mapped[object | None] = mapped_column(UTCDateTime)
