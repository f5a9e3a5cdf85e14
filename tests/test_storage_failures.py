"""A full or unwritable file store: every path that writes a file (evidence through the
API and the page, a document's rendering job, a ledger upload) answers 507 or 503 with
a message, writes no row and leaves no file; ``flask storage sweep`` removes what a
killed writer left. Each trial is counted in the suite's fault figures."""

import errno
import io
import os
import time

import pytest
from sqlalchemy import func, select

from mediation_app import storage
from mediation_app.documents.models import DocumentStatus
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.ledger.models import LedgerImport
from tests.documents.test_document_jobs import _documents, _retry_now
from tests.factories import MINIMAL_PDF
from tests.faults import half_done, record
from tests.ledger.conftest import ledger_file, ledger_row

# (fault kind as the figures name it, errno, the step that fails, status, error code):
# a full disk is usually noticed at the write or the sync, a read-only or unreachable
# store when the file is created or renamed.
FAULTS = [
    ("disk full", errno.ENOSPC, "fsync", 507, "storage_full"),
    ("disk full", errno.EDQUOT, "fsync", 507, "storage_full"),
    ("unwritable store", errno.EROFS, "replace", 503, "storage_unavailable"),
    ("unwritable store", errno.EACCES, "open", 503, "storage_unavailable"),
    ("unwritable store", errno.EIO, "fsync", 503, "storage_unavailable"),
]


@pytest.fixture(params=FAULTS, ids=lambda fault: f"{errno.errorcode[fault[1]]}-at-{fault[2]}")
def fault(request):
    """``fault.on()`` makes the store's writes fail as the parameter says (after the
    temporary file has been created, except at ``open``); ``fault.off()`` mends it."""
    kind, number, step, status, code = request.param

    def refuse(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    class Fault:
        def __init__(self):
            self.kind, self.status, self.code = kind, status, code
            self.patch = pytest.MonkeyPatch()  # its own, so off() undoes nothing else

        def on(self):
            if step == "open":  # the store's module alone, not every open() of the process
                self.patch.setattr(storage, "open", refuse, raising=False)
            else:
                self.patch.setattr(storage.os, step, refuse)

        def off(self):
            self.patch.undo()

    found = Fault()
    yield found
    found.off()


def _files(app, store) -> list[str]:
    with app.app_context():
        return sorted(path.name for path in store.root().iterdir())


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _evidence(client, case_id):
    data = {"file": (io.BytesIO(MINIMAL_PDF), "合同.pdf"), "category": "contract"}
    return client.post(f"/cases/{case_id}/evidence", data=data, content_type="multipart/form-data")


def test_an_evidence_upload_to_a_failing_store_is_refused_and_leaves_nothing(world, api, app, fault):
    case_id, applicant = world.case("assigned"), api(world.applicant)
    rows = _count(app, EvidenceFile)
    fault.on()
    refused = _evidence(applicant, case_id)
    fault.off()
    partial = half_done(app) + _files(app, storage.evidence)
    if _count(app, EvidenceFile) != rows:
        partial.append("an evidence row written by a refused upload")
    retried = _evidence(applicant, case_id)
    record(fault.kind, lost=[] if retried.status_code == 201 else ["the retry failed"], partial=partial)
    assert refused.status_code == fault.status and not partial, (refused.get_json(), partial)
    error = refused.get_json()["error"]
    assert error["code"] == fault.code and "存储" in error["message"]
    assert retried.status_code == 201


def test_the_case_page_says_the_store_is_full(world, browser, app, fault):
    case_id, page = world.case("assigned"), browser(world.applicant)
    fault.on()
    refused = _evidence(page, case_id)
    fault.off()
    assert refused.status_code == fault.status and "存储" in refused.get_data(as_text=True)
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert _files(app, storage.evidence) == [] and _count(app, EvidenceFile) == 0


@pytest.mark.with_documents
def test_a_rendering_job_that_cannot_store_its_pdf_leaves_the_document_pending_and_retries(world, app, fault):
    case_id = world.case("filed")
    fault.on()
    world.fire(case_id, "assign")  # the action commits; its documents' jobs fail to store
    pending = _documents(app, case_id)
    stored = _files(app, storage.documents)
    fault.off()
    _retry_now(app)
    issued = _documents(app, case_id)
    partial = half_done(app) + stored
    record(fault.kind, lost=[] if len(issued) == 2 else ["a document"], partial=partial)
    assert [d.status for d in pending] == [DocumentStatus.PENDING] * 2 and not partial, partial
    assert [d.status for d in issued] == [DocumentStatus.ISSUED] * 2


def test_a_ledger_upload_to_a_failing_store_is_refused_and_leaves_nothing(world, browser, app, fault):
    page = browser(world.staff)
    fault.on()
    refused = page.post(
        "/ledger/imports",
        data={"file": (ledger_file([ledger_row()]), "历史台账.xlsx")},
        content_type="multipart/form-data",
    )
    fault.off()
    assert refused.status_code == fault.status and "存储" in refused.get_data(as_text=True)
    assert _files(app, storage.ledger_uploads) == [] and _count(app, LedgerImport) == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_store_refuses_uploads_with_503(world, api, app):
    with app.app_context():
        root = storage.evidence.root()
    root.chmod(0o555)
    try:
        refused = _evidence(api(world.applicant), world.case("assigned"))
    finally:
        root.chmod(0o755)
    assert refused.status_code == 503 and refused.get_json()["error"]["code"] == "storage_unavailable"
    assert _files(app, storage.evidence) == [] and _count(app, EvidenceFile) == 0


def test_sweep_removes_only_old_temporary_files(app, clean_db):
    runner = app.test_cli_runner()
    with app.app_context():
        documents, evidence = storage.documents.root(), storage.evidence.root()
    old, young = evidence / "a1.pdf.part", documents / "b2.pdf.part"
    kept = documents / "c3.pdf"  # a finished file (rows name only these), however old
    for path in (old, young, kept):
        path.write_bytes(b"%PDF-")
    an_hour_ago = time.time() - 61 * 60
    for path in (old, kept):
        os.utime(path, (an_hour_ago, an_hour_ago))

    result = runner.invoke(args=["storage", "sweep"])
    assert result.exit_code == 0, result.output
    assert str(old) in result.output and "1 temporary file(s) removed" in result.output
    assert not old.exists() and young.exists() and kept.exists()

    result = runner.invoke(args=["storage", "sweep", "--older-than-minutes", "1"])
    assert "0 temporary file(s) removed" in result.output and young.exists()
