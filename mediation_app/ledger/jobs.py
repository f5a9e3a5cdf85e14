"""Ledger imports uploaded on the page, run as background jobs.

The upload is recorded as a :class:`LedgerImport` and imported by a thread of the
web process, so the page can show its progress while it runs and its report
when it ends. The import itself is one database transaction (all or nothing),
so its progress cannot be committed from inside it: it is kept in this process
(``_live``) and, on PostgreSQL, also written to the import's row through a
connection of its own, so that any worker answering the page's polls sees it.
SQLite has a single writer, which the import holds; there the row is updated
when the import ends, and the progress comes from this process (the embedded
configuration runs one process).

An import whose process ended (a restart, a crash) never finishes its row. One
that is not running here and has shown no sign of life (progress written, or its
upload) for ``STALE_AFTER`` is marked failed when next looked at: its
transaction died with the process, so nothing of it was imported.
"""

import io
import logging
import threading
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from mediation_app.auth.models import User
from mediation_app.core.workspace import require
from mediation_app.errors import DomainError
from mediation_app.extensions import db
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
_threads: dict[int, threading.Thread] = {}


def _file_name(raw: str | None) -> str:
    try:
        return clean_text(raw or "", max_length=FILE_NAME_MAX, required=False) or "ledger.xlsx"
    except ValueError:
        return "ledger.xlsx"


def start_import(actor: User, content: bytes, *, file_name: str | None, valid_only: bool) -> LedgerImport:
    """Record an uploaded ledger and start importing it in the background."""
    require(actor, "keep_ledger")
    record = LedgerImport(
        centre_id=actor.centre_id,
        started_by_id=actor.id,
        file_name=_file_name(file_name),
        valid_only=valid_only,
        status=ImportStatus.QUEUED,
        problems=[],
    )
    db.session.add(record)
    db.session.commit()
    _live[record.id] = {"status": ImportStatus.QUEUED.value, "rows_done": 0, "rows_total": 0}
    app = current_app._get_current_object()
    thread = threading.Thread(
        target=_run, args=(app, record.id, actor.id, content), name=f"ledger-import-{record.id}", daemon=True
    )
    _threads[record.id] = thread
    thread.start()
    return record


def wait_for(import_id: int, timeout: float | None = None) -> None:
    """Wait until the import started here has ended (tests, and a clean shutdown)."""
    thread = _threads.get(import_id)
    if thread is not None:
        thread.join(timeout)


def _run(app, import_id: int, actor_id: int, content: bytes) -> None:
    with app.app_context():
        record = db.session.get(LedgerImport, import_id)
        actor = db.session.get(User, actor_id)
        file_name, valid_only = record.file_name, record.valid_only
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
            _finish(import_id, result, status, message)
            _live.pop(import_id, None)
            _threads.pop(import_id, None)
            db.session.remove()


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
    db.session.commit()


def checked(record: LedgerImport) -> LedgerImport:
    """The import, marked failed first if its process has ended (see the module)."""
    if _has_stopped(record):
        _mark_stopped(record)
    return record


def _has_stopped(record: LedgerImport) -> bool:
    last_sign_of_life = record.progress_at or record.created_at
    return (
        not record.status.finished
        and record.id not in _threads
        and utcnow() - last_sign_of_life > STALE_AFTER
    )


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
