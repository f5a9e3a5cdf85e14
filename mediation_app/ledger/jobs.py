"""Ledger imports uploaded on the page, run as jobs (``jobs``).

The upload is stored beside the database and recorded as a :class:`LedgerImport`
whose job (``import_ledger``) runs on a worker, or with no Redis on a thread of the
web process, so the page can show its progress while it runs and its report when it
ends. The import itself is one database transaction (all or nothing), so its
progress cannot be committed from inside it: on PostgreSQL it is written to the
import's row through a connection of its own, so that any process answering the
page's polls sees it. SQLite has a single writer, which the import holds; there the
progress is kept in the process running it (``_live``: the embedded deployment
runs its jobs in the web process) and the row is updated when the import ends.

A runner that dies midway leaves the job leased; when the lease ends the job runs
again (its transaction died with the runner: nothing was imported). An import whose
job gave up, or an unfinished one with no job and no sign of life for
``STALE_AFTER``, is marked failed when next looked at.
"""

import io
import logging
import time
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from mediation_app import storage
from mediation_app.auth.models import User
from mediation_app.core.workspace import require
from mediation_app.errors import DomainError
from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.jobs.tasks import later, task
from mediation_app.ledger.models import ImportStatus, LedgerImport
from mediation_app.ledger.operations import ImportResult, LedgerRefused, import_ledger
from mediation_app.types import utcnow
from mediation_app.validation import clean_text

log = logging.getLogger(__name__)

REPORT_LIMIT = 1000  # problems kept with an import (all are counted)
# Far longer than any pause between two progress writes (a chunk of 1,000 rows), and
# than a whole 200,000-row import on SQLite, where no progress is written.
STALE_AFTER = timedelta(minutes=15)
FILE_NAME_MAX = 200

_live: dict[int, dict] = {}  # import id -> status and progress, while it runs here


def _file_name(raw: str | None) -> str:
    try:
        return clean_text(raw or "", max_length=FILE_NAME_MAX, required=False) or "ledger.xlsx"
    except ValueError:
        return "ledger.xlsx"


def _job_key(import_id: int) -> str:
    return f"ledger-import:{import_id}"


def start_import(actor: User, content: bytes, *, file_name: str | None, valid_only: bool) -> LedgerImport:
    """Store an uploaded ledger and schedule its import."""
    require(actor, "keep_ledger")
    upload_name, _sha256 = storage.ledger_uploads.store(db.session, content, ".xlsx")
    record = LedgerImport(
        centre_id=actor.centre_id,
        started_by_id=actor.id,
        file_name=_file_name(file_name),
        upload_name=upload_name,
        valid_only=valid_only,
        status=ImportStatus.QUEUED,
        problems=[],
    )
    db.session.add(record)
    db.session.flush()
    later("import_ledger", _job_key(record.id), import_id=record.id)
    db.session.commit()
    return record


def wait_for(import_id: int, timeout: float = 60) -> None:
    """Wait until the import has ended, wherever it runs (tests, scripts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = db.session.scalar(select(LedgerImport.status).where(LedgerImport.id == import_id))
        db.session.rollback()
        if status is None or status.finished:
            return
        time.sleep(0.05)
    raise TimeoutError(f"ledger import {import_id} still runs after {timeout} s")


# A whole import is one transaction of at most a few minutes; the lease outlasts it.
@task("import_ledger", queue="imports", max_attempts=3, lease=timedelta(minutes=30), background=True)
def run_import(import_id: int) -> None:
    record = db.session.get(LedgerImport, import_id)
    if record is None or record.status.finished:
        return  # already run to its end (this is a second run of the job)
    actor = db.session.get(User, record.started_by_id)
    file_name, valid_only, upload_name = record.file_name, record.valid_only, record.upload_name
    content = storage.ledger_uploads.path_of(upload_name).read_bytes()
    db.session.rollback()  # no transaction held open while the import runs
    result, status, message = ImportResult(), ImportStatus.FAILED, None
    try:
        result = import_ledger(
            actor,
            io.BytesIO(content),
            file_name=file_name,
            valid_only=valid_only,
            progress=lambda phase, done, total: _progress(import_id, phase, done, total),
        )
        status = ImportStatus.DONE
    except LedgerRefused as refusal:
        result, status, message = refusal.result, ImportStatus.REFUSED, refusal.message
    except DomainError as error:
        status, message = ImportStatus.REFUSED, str(error.message)
    except Exception:
        log.exception("ledger import %d failed", import_id)
        message = _("The import failed unexpectedly; nothing was imported.")
    finally:
        _live.pop(import_id, None)
    _finish(import_id, result, status, message)
    storage.ledger_uploads.path_of(upload_name).unlink(missing_ok=True)


def _progress(import_id: int, phase: str, done: int, total: int) -> None:
    state = {"status": phase, "rows_done": done, "rows_total": total}
    _live[import_id] = state
    if db.engine.dialect.name != "sqlite":
        with db.engine.begin() as connection:  # not the import's transaction
            connection.execute(
                update(LedgerImport).where(LedgerImport.id == import_id).values(**state, progress_at=utcnow())
            )


def _finish(import_id: int, result: ImportResult, status: ImportStatus, message) -> None:
    record = db.session.get(LedgerImport, import_id)
    record.status = status
    record.message = str(message) if message else None
    record.rows_total = record.rows_done = result.rows
    record.imported = result.imported
    record.already_present = len(result.already_present)
    record.invalid_rows = result.invalid_rows
    problems = sorted(result.problems + result.already_present, key=lambda p: (p.row, p.column))
    record.problems = [p.as_dict() for p in problems[:REPORT_LIMIT]]
    record.finished_at = utcnow()
    db.session.commit()  # before the upload goes: a second run finds the import finished


def checked(record: LedgerImport) -> LedgerImport:
    """The import, marked failed first if its process has ended (see the module)."""
    if _has_stopped(record):
        _mark_stopped(record)
    return record


def _has_stopped(record: LedgerImport) -> bool:
    if record.status.finished:
        return False
    job = db.session.scalar(select(Job.status).where(Job.key == _job_key(record.id)))
    if job is not None:
        return job is JobStatus.FAILED  # a pending job runs (again) by itself
    last_sign_of_life = record.progress_at or record.created_at
    return utcnow() - last_sign_of_life > STALE_AFTER


def _mark_stopped(record: LedgerImport) -> None:
    """Fail an import whose process ended; only if its row still says it runs."""
    stopped = db.session.execute(
        update(LedgerImport)
        .where(LedgerImport.id == record.id, LedgerImport.status == record.status)
        .values(
            status=ImportStatus.FAILED,
            message=_(
                "The import stopped when the server restarted; nothing was imported. Upload the file again."
            ),
            finished_at=utcnow(),
        )
    )
    db.session.commit()
    if stopped.rowcount:
        log.warning("ledger import %d had stopped with its process; marked failed", record.id)
    db.session.refresh(record)


def import_status(record: LedgerImport) -> dict:
    """Where the import is, for the page's polling: progress from this process when
    it runs here, else what the row says."""
    checked(record)
    state = {"status": record.status.value, "rows_done": record.rows_done, "rows_total": record.rows_total}
    if not record.status.finished:
        state |= _live.get(record.id, {})
    finished = ImportStatus(state["status"]).finished
    return {
        "id": record.id,
        **state,
        "finished": finished,
        "imported": record.imported if finished else None,
        "already_present": record.already_present if finished else None,
        "invalid_rows": record.invalid_rows if finished else None,
    }
