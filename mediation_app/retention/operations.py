"""Running the retention schedule (``flask retention run``, and daily on the timer).

- An evidence file is destroyed ``RETENTION_EVIDENCE_YEARS`` after its case concluded:
  the file is deleted, the row stays (name, size, hash) marked destroyed.
- A registration that staff refused keeps its registrant's personal details for
  ``RETENTION_REFUSED_REGISTRATION_YEARS``; then name, phone and e-mail are anonymised
  and the notices sent to them (the refusal, addressed by name and e-mail) deleted.

Cases, documents, timelines and totals are not touched: they are the centre's record.
Each destruction is logged (:class:`DestructionRecord`) in the same commit that marks
it; files are deleted after that commit, and a file a crash left behind is deleted by
the next run, so the log never names a file that still exists for long.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from mediation_app import storage
from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.notifications.models import Notification
from mediation_app.retention.models import DestructionRecord
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from workflows.roles import Role

log = logging.getLogger(__name__)
BATCH = 500
ANONYMOUS_DOMAIN = "anonymised.invalid"


@dataclass
class Report:
    evidence: int = 0
    personal_data: int = 0
    files_deleted: list[str] = field(default_factory=list)


def _years_ago(now: datetime, years: int) -> datetime:
    return now - timedelta(days=365 * years)


def _expired_evidence(now: datetime) -> list[EvidenceFile]:
    concluded_before = _years_ago(now, current_app.config["RETENTION_EVIDENCE_YEARS"])
    return db.session.scalars(
        select(EvidenceFile)
        .join(Case, Case.id == EvidenceFile.case_id)
        .where(EvidenceFile.destroyed_at.is_(None), Case.concluded_at < concluded_before)
        .order_by(EvidenceFile.id)
        .limit(BATCH)
    ).all()


def _expired_registrants(now: datetime) -> list[User]:
    refused_before = _years_ago(now, current_app.config["RETENTION_REFUSED_REGISTRATION_YEARS"])
    return db.session.scalars(
        select(User)
        .where(
            User.role == Role.ENTERPRISE,
            User.active.is_(False),
            User.verified_at.is_(None),
            User.created_at < refused_before,
            User.email.not_like(f"%@{ANONYMOUS_DOMAIN}"),
        )
        .order_by(User.id)
        .limit(BATCH)
    ).all()


def _destroy_evidence(evidence: EvidenceFile, now: datetime, by: str) -> None:
    evidence.destroyed_at = now
    db.session.add(
        DestructionRecord(
            kind="evidence",
            record_id=evidence.id,
            case_id=evidence.case_id,
            sha256=evidence.sha256,
            details={"name": evidence.original_name, "size": evidence.size},
            destroyed_by=by,
            destroyed_at=now,
        )
    )


def _anonymise(user: User, now: datetime, by: str) -> None:
    user.name, user.phone, user.email = "已匿名", "", f"user-{user.id}@{ANONYMOUS_DOMAIN}"
    notices = db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
    for notice in notices:  # each with its e-mail: both name the person
        db.session.delete(notice)
        if notice.outbox_message is not None:
            db.session.delete(notice.outbox_message)
    db.session.add(
        DestructionRecord(
            kind="personal_data",
            record_id=user.id,
            details={"fields": ["name", "phone", "email"], "notices": len(notices)},
            destroyed_by=by,
            destroyed_at=now,
        )
    )


def _delete_files_of_destroyed() -> list[str]:
    """Delete the files of evidence marked destroyed (this run's, and any a crash left)."""
    deleted = []
    for name in db.session.scalars(
        select(EvidenceFile.storage_name).where(EvidenceFile.destroyed_at.is_not(None))
    ):
        path = storage.evidence.path_of(name)
        if path.exists():
            path.unlink()
            deleted.append(name)
    db.session.rollback()
    return deleted


def _in_batches(expired, destroy, now: datetime, by: str, dry_run: bool) -> int:
    """Destroy what ``expired(now)`` finds, a batch per commit; how many (or, in a dry
    run, how many of the first batch) there were."""
    done = 0
    while found := expired(now):
        done += len(found)
        if dry_run:
            break
        with committed():
            for record in found:
                destroy(record, now, by)
    return done


def run_retention(*, by: str = "retention schedule", dry_run: bool = False) -> Report:
    """Destroy what the schedule says is due, logging each destruction."""
    now, report = utcnow(), Report()
    report.evidence = _in_batches(_expired_evidence, _destroy_evidence, now, by, dry_run)
    report.personal_data = _in_batches(_expired_registrants, _anonymise, now, by, dry_run)
    if not dry_run:
        report.files_deleted = _delete_files_of_destroyed()
    db.session.rollback()
    log.info(
        "retention: %d evidence file(s), %d registrant(s)%s",
        report.evidence,
        report.personal_data,
        " (dry run)" if dry_run else "",
    )
    return report
