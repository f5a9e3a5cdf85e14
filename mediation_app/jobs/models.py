"""One row per job: written in the transaction whose change needs it, so a committed
change never misses its job and a rolled-back one never has one."""

from enum import StrEnum

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class JobStatus(StrEnum):
    PENDING = "pending"  # waiting to run, or to run again (also while a runner holds its lease)
    DONE = "done"
    FAILED = "failed"  # given up: refused for good, or out of attempts


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        # The sweeper's query: pending jobs whose next attempt is due, oldest first.
        Index("ix_jobs_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What makes it this job: scheduling the same key again is a no-op, running it
    # again once done has no effect.
    key: Mapped[str] = mapped_column(String(160), unique=True)
    task: Mapped[str] = mapped_column(String(60))  # a name in ``jobs.tasks.TASKS``
    arguments: Mapped[dict] = mapped_column(JSON)
    status: Mapped[JobStatus] = mapped_column(
        db.Enum(JobStatus, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=JobStatus.PENDING,
    )
    # Counted when a runner claims the job, so a runner that dies midway counts too.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[object | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.key} {self.status.value}>"
