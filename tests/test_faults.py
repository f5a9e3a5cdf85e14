"""Faults as figures: each kind of fault injected five times against the real stack;
after every trial nothing an answered request did is lost and nothing is left half
done (``tests.faults.half_done``). The figures print at the end of the suite.

A full disk and an unwritable store are tried with the uploads and the rendering jobs
they hit (``tests/test_storage_failures.py``); here the database connection, a killed
app process, the renderer, the mail server, Redis and the clock."""

import contextlib
import http.client
import io
import json
import random
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import event, func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mediation_app.cases.models import Case, CaseEvent
from mediation_app.court.models import Payment
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.jobs.runner import SWEEP_GRACE, sweep
from mediation_app.notifications.models import MessageStatus, Notification, OutboxMessage
from mediation_app.notifications.operations import send_pending
from mediation_app.sessions.models import MediationSession
from mediation_app.types import utcnow
from tests.deployment_support import call, environment, processes  # noqa: F401  (fixtures)
from tests.factories import MINIMAL_PDF
from tests.faults import TRIALS, half_done, record
from tests.notifications.conftest import SmtpServer, free_port
from tests.sessions.conftest import session_body
from workflows.deadlines import local_date


def _count(app, model, *where) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model).where(*where))
        db.session.rollback()
        return count


def _run_due_jobs(app) -> None:
    """Time passes: every pending job's backoff ends, and the sweeper sends it again."""
    with app.app_context():
        due = utcnow() - SWEEP_GRACE - timedelta(seconds=1)
        db.session.execute(update(Job).where(Job.status == JobStatus.PENDING).values(next_attempt_at=due))
        db.session.commit()
        sweep()
        db.session.remove()


# ---- the database connection dropped in the middle of a transaction ---------------------------


@contextmanager
def connection_dropped_at_commit():
    """The next commit finds its connection gone: on PostgreSQL the server ends the
    session's backend (pg_terminate_backend) just before COMMIT; SQLite fails the commit."""
    armed = [True]

    def drop(session):
        if not armed[0]:
            return
        armed[0] = False
        connection = session.connection()
        if connection.dialect.name != "postgresql":
            raise OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            other.commit()

    event.listen(Session, "before_commit", drop)
    try:
        yield
    finally:
        event.remove(Session, "before_commit", drop)


def _five_writes(world, api):
    """Requests that each write several rows (and a file): filing, acceptance, an
    evidence upload, a payment, a session."""
    staff, mediator, applicant = api(world.staff), api(world.mediator), api(world.applicant)
    filed, assigned = world.case("filed"), world.case("assigned")
    settled, mediated = world.case("settled"), world.case("mediated")
    payment = {"amount": "1000.00", "paid_on": local_date(utcnow()).isoformat()}
    return [
        lambda: staff.post("/cases", json=world.filing()),
        lambda: staff.fire(filed, "assign", mediator_id=world.mediator.id, override_reason="测试"),
        lambda: applicant.post(
            f"/cases/{assigned}/evidence",
            data={"file": (io.BytesIO(MINIMAL_PDF), "合同.pdf"), "category": "contract"},
            content_type="multipart/form-data",
        ),
        lambda: mediator.post(f"/cases/{settled}/payments", json=payment),
        lambda: mediator.post(f"/cases/{mediated}/sessions", json=session_body()),
    ]


WRITTEN = (Case, CaseEvent, EvidenceFile, Payment, MediationSession, OutboxMessage, Job)


def test_a_connection_dropped_before_commit_loses_nothing_and_leaves_nothing(app, world, api):
    for write in _five_writes(world, api)[:TRIALS]:
        before = [_count(app, model) for model in WRITTEN]
        with connection_dropped_at_commit():
            refused = write()
        partial = half_done(app)
        if [_count(app, model) for model in WRITTEN] != before:
            partial.append("rows written by a refused request")
        retried = write()  # the next request works, on a fresh connection
        lost = [] if retried.status_code in (200, 201) else [f"the retry answered {retried.status_code}"]
        record("database connection dropped", lost=lost, partial=partial)
        assert refused.status_code == 503 and not partial and not lost, (refused.get_json(), partial, lost)


# ---- the renderer timing out ------------------------------------------------------------------


@pytest.mark.with_documents
def test_a_render_timing_out_leaves_the_document_pending_until_it_renders(app, world, monkeypatch):
    for _ in range(TRIALS):
        case_id = world.case("filed")
        monkeypatch.setitem(app.config, "DOCUMENT_RENDER_TIMEOUT", 0.001)
        world.fire(case_id, "assign")  # its notices are rendered by a job, which times out
        of_case = Document.case_id == case_id
        pending = _count(app, Document, of_case, Document.status == DocumentStatus.PENDING)
        partial = half_done(app)
        monkeypatch.setitem(app.config, "DOCUMENT_RENDER_TIMEOUT", 30)
        _run_due_jobs(app)
        unissued = _count(app, Document, of_case, Document.status != DocumentStatus.ISSUED)
        lost = [f"{unissued} document(s) never issued"] if unissued else []
        partial += half_done(app)
        record("document render timed out", lost=lost, partial=partial)
        assert pending and not lost and not partial, (pending, lost, partial)


# ---- the mail server down ---------------------------------------------------------------------


def test_mail_waits_while_the_server_is_down_and_arrives_once(app, world, monkeypatch):
    port = free_port()
    for setting, value in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", port), ("SMTP_TIMEOUT", 5)):
        monkeypatch.setitem(app.config, setting, value)
    for _ in range(TRIALS):
        world.fire(world.case("filed"), "assign")  # the mediator is told
        with app.app_context():
            down = send_pending()
            db.session.remove()
        waiting = _count(app, OutboxMessage, OutboxMessage.status == MessageStatus.PENDING)
        server = SmtpServer(port).start()
        try:
            with app.app_context():
                db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
                db.session.commit()
                send_pending()
                db.session.remove()
            arrived = len(server.inbox.messages())
        finally:
            server.stop()
        sent = _count(app, OutboxMessage, OutboxMessage.status == MessageStatus.SENT)
        lost = [f"{waiting - sent} message(s) not sent"] if sent != waiting else []
        partial = [f"{arrived} arrived for {sent} sent"] if arrived != sent else []
        record("mail server down", lost=lost, partial=partial + half_done(app))
        assert down.sent == 0 and waiting and not lost and not partial, (waiting, lost, partial)
        with app.app_context():  # the next trial counts its own messages
            db.session.execute(Notification.__table__.delete())
            db.session.execute(OutboxMessage.__table__.delete())
            db.session.commit()


# ---- the clock moved --------------------------------------------------------------------------


def test_a_clock_moved_back_and_forth_keeps_every_record_whole(app, world):
    for trial in range(TRIALS):
        case_id = world.case("filed")
        with time_machine.travel(utcnow() - timedelta(days=3 + trial), tick=True):
            world.fire(case_id, "assign")  # recorded in the past
        with time_machine.travel(utcnow() + timedelta(hours=2 + trial), tick=True):
            world.fire(case_id, "start_mediation")  # and again ahead of now
            _run_due_jobs(app)
        moved = _count(app, Case, Case.id == case_id, Case.state == "mediated")
        lost = [] if moved else [f"case {case_id} did not move"]
        partial = half_done(app)
        record("clock moved", lost=lost, partial=partial)
        assert not lost and not partial, (lost, partial)


# ---- Redis down; an app process killed in the middle of requests ------------------------------


def _token(url: str, person) -> str:
    status, body = call(f"{url}/api/v1/tokens", {"email": person.email, "password": person.password})
    assert status == 201, body
    return body["token"]


def _post(url: str, token: str, body: dict) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310  (our test process)
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_redis_down_refuses_nothing_and_loses_no_job(app, world, processes):  # noqa: F811
    (url,) = processes(1, REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    token = _token(url, world.staff)  # log-in limits fall back to the process's memory
    for _ in range(TRIALS):
        filed, case = _post(f"{url}/api/v1/cases", token, world.filing())
        assign = {"trigger": "assign", "version": case.get("version"), "mediator_id": world.mediator.id}
        assigned = _post(f"{url}/api/v1/cases/{case.get('id')}/transitions", token, assign)[0]
        waiting = _count(app, Job, Job.status == JobStatus.PENDING)
        _run_due_jobs(app)  # Redis is back (here: the jobs run in this process)
        never_ran = _count(app, Job, Job.status != JobStatus.DONE)
        lost = [f"answered {status}" for status in (filed, assigned) if status >= 500]
        lost += [f"{never_ran} job(s) never ran"] if never_ran else []
        partial = half_done(app)
        record("Redis down", lost=lost, partial=partial)
        assert (filed, assigned) == (201, 200) and waiting and not lost and not partial, (filed, assigned)


@pytest.mark.postgresql_only
def test_an_app_process_killed_mid_request_leaves_no_half_written_case(app, world, processes):  # noqa: F811
    for _ in range(TRIALS):
        (url,) = processes(1)
        token = _token(url, world.staff)
        answers, start = [], threading.Barrier(9)

        def file(url=url, token=token, answers=answers, start=start):
            start.wait()
            # the process died under it, before or while answering: no answer, no promise
            with contextlib.suppress(OSError, http.client.HTTPException):
                answers.append(_post(f"{url}/api/v1/cases", token, world.filing()))

        clients = [threading.Thread(target=file) for _ in range(8)]
        for client in clients:
            client.start()
        start.wait()
        time.sleep(random.uniform(0.02, 0.2))
        processes.kill(url)
        for client in clients:
            client.join(30)
        with app.app_context():
            present = set(db.session.scalars(select(Case.id)))
            db.session.rollback()
        promised = [body["id"] for status, body in answers if status == 201]
        lost = [f"case {case_id} answered 201 but missing" for case_id in promised if case_id not in present]
        partial = half_done(app)
        record("app process killed", lost=lost, partial=partial)
        assert not lost and not partial, (lost, partial)
