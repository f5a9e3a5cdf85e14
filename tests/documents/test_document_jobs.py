"""Documents as jobs: the transaction records a document pending, a job renders,
stores and hashes it; until then its download answers 202; a job that gives up
leaves it failed for staff to produce again; a job run twice stores one file."""

from datetime import timedelta

import pytest
from rq import SimpleWorker
from sqlalchemy import select, update

from mediation_app import storage
from mediation_app.cases.models import CaseEvent
from mediation_app.documents.jobs import render_document
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.jobs.queues import QUEUES, connection, queue
from mediation_app.jobs.runner import run, sweep
from mediation_app.jobs.tasks import TASKS
from mediation_app.types import utcnow
from tests.jobs.conftest import redis_url  # noqa: F401  (a fixture)
from tests.pdf import pdf_text

pytestmark = pytest.mark.with_documents


@pytest.fixture
def renderer_down(app, monkeypatch):
    """Every render runs past its time limit, until the fixture's ``up()`` is called."""
    monkeypatch.setitem(app.config, "DOCUMENT_RENDER_TIMEOUT", 0.001)
    return lambda: monkeypatch.setitem(app.config, "DOCUMENT_RENDER_TIMEOUT", 30.0)


def _documents(app, case_id) -> list[Document]:
    with app.app_context():
        found = db.session.scalars(
            select(Document).where(Document.case_id == case_id).order_by(Document.id)
        ).all()
        db.session.expunge_all()
        return found


def _stored_files(app) -> list:
    with app.app_context():
        return sorted(storage.documents.root().iterdir())


def _retry_now(app) -> int:
    """As if every backoff had run out: the sweeper sends the jobs again."""
    with app.app_context():
        db.session.execute(update(Job).values(next_attempt_at=utcnow() - timedelta(hours=2)))
        db.session.commit()
        return sweep()


def test_a_document_is_pending_until_produced_and_its_download_says_so(
    world, app, api, browser, renderer_down
):
    case_id = world.case("filed")
    world.fire(case_id, "assign")  # the action commits though its documents could not be rendered
    pending = _documents(app, case_id)
    assert [(d.kind, d.status, d.sha256) for d in pending] == [
        ("acceptance_notice", DocumentStatus.PENDING, None),
        ("rights_notice", DocumentStatus.PENDING, None),
    ]
    assert _stored_files(app) == []  # the failed renders left nothing behind
    staff = api(world.staff)
    answer = staff.get(f"/documents/{pending[0].id}")
    assert answer.status_code == 202 and answer.headers["Retry-After"] == "3"
    assert answer.get_json() == {"status": "pending", "retry_after": 3}
    listed = staff.get(f"/cases/{case_id}/documents").get_json()
    assert [(d["status"], d["sha256"]) for d in listed] == [("pending", None), ("pending", None)]
    page = browser(world.applicant)
    waiting = page.get(f"/documents/{pending[0].id}")
    assert waiting.status_code == 202 and '<meta http-equiv="refresh" content="3">' in waiting.get_data(
        as_text=True
    )
    case_page = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "生成中" in case_page and 'http-equiv="refresh"' in case_page

    renderer_down()  # the renderer is back: the next retry produces them
    assert _retry_now(app) == 2
    issued = _documents(app, case_id)
    assert [d.status for d in issued] == [DocumentStatus.ISSUED] * 2 and len(_stored_files(app)) == 2
    download = staff.get(f"/documents/{issued[0].id}")
    assert download.status_code == 200 and download.headers["X-Content-SHA256"] == issued[0].sha256
    assert "受理通知书" in pdf_text(download.data)
    download.close()
    with app.app_context():
        stored = db.session.scalars(select(CaseEvent).where(CaseEvent.action == "store_document")).all()
        assert {(e.data["document_id"], e.data["sha256"]) for e in stored} == {
            (d.id, d.sha256) for d in issued
        }
        assert all(
            d.html is None for d in db.session.scalars(select(Document))
        )  # issued: the PDF is the record
    assert 'http-equiv="refresh"' not in page.get(f"/cases/{case_id}").get_data(as_text=True)


def test_a_document_whose_job_gives_up_is_failed_and_staff_produce_it_again(
    world, app, api, browser, renderer_down
):
    case_id = world.case("filed")
    world.fire(case_id, "assign")
    for _attempt in range(TASKS["render_document"].max_attempts - 1):
        _retry_now(app)
    failed = _documents(app, case_id)
    assert [d.status for d in failed] == [DocumentStatus.FAILED] * 2
    with app.app_context():
        assert {j.status for j in db.session.scalars(select(Job))} == {JobStatus.FAILED}
    refused = api(world.applicant).get(f"/documents/{failed[0].id}")
    assert refused.status_code == 503 and "重新生成" in refused.get_json()["error"]["message"]
    assert "无法生成" in browser(world.staff).get(f"/cases/{case_id}").get_data(as_text=True)
    assert browser(world.mediator).post(f"/documents/{failed[0].id}/production").status_code == 403

    renderer_down()
    staff = browser(world.staff)
    assert staff.post(f"/documents/{failed[0].id}/production").status_code == 302
    assert [d.status for d in _documents(app, case_id)] == [DocumentStatus.ISSUED, DocumentStatus.FAILED]
    again = staff.post(f"/documents/{failed[0].id}/production")  # issued now: nothing to produce again
    assert again.status_code == 409


def test_a_render_job_run_twice_stores_one_file(world, app):
    case_id = world.case("filed")
    world.fire(case_id, "assign")
    files = _stored_files(app)
    (first, _second) = _documents(app, case_id)
    with app.app_context():
        assert run(f"document:{first.id}") is None  # done: not run again
        render_document(first.id)  # even called again by hand, it finds the document issued
        db.session.commit()
        assert db.session.get(Document, first.id).sha256 == first.sha256
    assert _stored_files(app) == files and len(files) == 2


def test_a_worker_killed_mid_render_leaves_the_document_pending_and_it_is_rendered_again(
    world, app, monkeypatch
):
    case_id = world.case("filed")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # the jobs wait
    world.fire(case_id, "assign")
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    with app.app_context():  # a worker claims both jobs, then is killed: its lease holds them
        lease = utcnow() + TASKS["render_document"].lease
        db.session.execute(update(Job).values(attempts=1, next_attempt_at=lease))
        db.session.commit()
        assert sweep() == 0  # leased: the worker might still be at it
    assert [d.status for d in _documents(app, case_id)] == [DocumentStatus.PENDING] * 2
    assert _retry_now(app) == 2  # the lease ran out
    assert [d.status for d in _documents(app, case_id)] == [DocumentStatus.ISSUED] * 2
    assert len(_stored_files(app)) == 2


def test_with_redis_the_workers_produce_the_documents(world, app, api, redis_url):  # noqa: F811
    case_id = world.case("filed")
    world.fire(case_id, "assign")
    pending = _documents(app, case_id)
    assert [d.status for d in pending] == [DocumentStatus.PENDING] * 2
    assert api(world.staff).get(f"/documents/{pending[0].id}").status_code == 202
    with app.app_context():
        assert queue(app, "documents").count == 2
        SimpleWorker([queue(app, name) for name in QUEUES], connection=connection(app)).work(burst=True)
    issued = _documents(app, case_id)
    assert [d.status for d in issued] == [DocumentStatus.ISSUED] * 2
    download = api(world.staff).get(f"/documents/{issued[1].id}")
    download.close()
    assert download.status_code == 200
