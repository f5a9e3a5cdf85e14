"""A deployment of many processes under load (issue 12, item 5): two app processes, two
job workers and the timer on PostgreSQL and Redis serve concurrent clients for a
bounded time, and one worker is killed in the middle of a render. Afterwards every
record agrees with the others: the kept totals with the cases, each issued document
with its file, the mail server's inbox with the outbox, the jobs table with the work
done, the timeline with what the clients were told (and every audit trail verifies);
and the log-in limit held."""

import hashlib
import itertools
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from redis import Redis
from rq import Worker
from rq.job import Job as QueuedJob
from sqlalchemy import select, update

from mediation_app.cases.models import Case, CaseEvent
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.jobs.runner import SWEEP_GRACE
from mediation_app.notifications.models import MessageStatus, OutboxMessage
from mediation_app.types import utcnow
from tests.deployment_support import Commands, call, commands, environment, processes  # noqa: F401
from tests.jobs.conftest import redis_url  # noqa: F401  (a fixture)
from tests.notifications.conftest import SmtpServer, free_port

pytestmark = pytest.mark.postgresql_only

LOAD_SECONDS = 35  # clients at work
KILL_AFTER_SECONDS = 10  # then one worker is killed, as soon as it is caught rendering
DRAIN_SECONDS = 60  # at most, for the surviving worker and the timer to finish the backlog
FILING_PAUSE = 2.5  # seconds between two filings of one enterprise: the workers keep up
MAIL_DOMAIN = "centre.test"
MESSAGE_ID = re.compile(rf"<outbox\.(\d+)\.\d+@{re.escape(MAIL_DOMAIN)}>")

# What each kind of request may answer under load; anything else is a fault. A transition
# may lose a race (409: another client moved the case first), a download may come
# before its document is rendered (202).
EXPECTED = {
    "file": {201},
    "list": {200},
    "fire": {200, 409},
    "documents": {200},
    "download": {200, 202},
}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


def http(method: str, url: str, body: dict | None = None, token: str | None = None) -> Answer:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (http only)
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


@dataclass
class Record:
    """What the clients saw, written by every client thread."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)  # (kind of request, status)
    unexpected: list = field(default_factory=list)  # (kind, method, url, status, body): 5xx among them
    errors: list = field(default_factory=list)  # exceptions raised in client threads
    filed: list[int] = field(default_factory=list)  # case ids answered 201
    fired: Counter = field(default_factory=Counter)  # (case id, trigger) answered 200
    downloaded: dict = field(default_factory=dict)  # document id -> SHA-256 of the PDF served
    bad_downloads: list = field(default_factory=list)  # (document id, header, body's hash)
    log_ins: list[int] = field(default_factory=list)  # the wrong-password client's statuses

    def saw(self, kind: str, method: str, url: str, answer: Answer) -> None:
        with self.lock:
            self.statuses[kind, answer.status] += 1
            if answer.status not in EXPECTED[kind]:
                self.unexpected.append((kind, method, url, answer.status, answer.body[:300]))


class Client:
    """One person on the API with a bearer token, taking turns between the app
    processes as a load balancer would send them."""

    def __init__(self, urls: list[str], person, record: Record):
        status, body = call(f"{urls[0]}/api/v1/tokens", {"email": person.email, "password": person.password})
        assert status == 201, body
        self.token, self.urls, self.record = body["token"], itertools.cycle(urls), record

    def request(self, kind: str, method: str, path: str, body: dict | None = None) -> Answer:
        url = f"{next(self.urls)}/api/v1{path}"
        answer = http(method, url, body, self.token)
        self.record.saw(kind, method, url, answer)
        return answer

    def cases(self, **query) -> list[dict]:
        answer = self.request("list", "GET", "/cases?" + "&".join(f"{k}={v}" for k, v in query.items()))
        return answer.json()["items"] if answer.status == 200 else []

    def fire(self, case: dict, trigger: str, **data) -> None:
        body = {"trigger": trigger, "version": case["version"], **data}
        if self.request("fire", "POST", f"/cases/{case['id']}/transitions", body).status == 200:
            with self.record.lock:
                self.record.fired[case["id"], trigger] += 1


def repeat(stop: threading.Event, record: Record, pause: float, step) -> None:
    """Run ``step()`` every ``pause`` seconds until ``stop``; an exception is recorded."""
    try:
        while not stop.is_set():
            step()
            stop.wait(pause)
    except Exception as error:
        with record.lock:
            record.errors.append(repr(error))


# ---- the clients ------------------------------------------------------------------------------


def filing(client: Client, body: dict):
    def step():
        answer = client.request("file", "POST", "/cases", body)
        if answer.status == 201:
            with client.record.lock:
                client.record.filed.append(answer.json()["id"])

    return step


def staff_work(client: Client, world):
    """Accept (assign) or refuse the filed cases; two of these race for the same cases."""

    def step():
        for case in client.cases(state="filed", limit=20):
            if case["id"] % 4 == 0:
                client.fire(case, "reject", **world.trigger_data("reject"))
            else:
                client.fire(case, "assign", mediator_id=world.mediator.id, override_reason="测试：负载")

    return step


def mediator_work(client: Client, world):
    def step():
        for case in client.cases(state="assigned", limit=20):
            client.fire(case, "start_mediation", respondent_consent=True)
        for case in client.cases(state="mediated", limit=20):
            client.fire(case, "refer_to_court", **world.trigger_data("refer_to_court"))

    return step


def party_reading(client: Client):
    """A party fetching its latest cases' documents, pending (202) or issued (200)."""

    def step():
        for case in client.cases(limit=3):
            listed = client.request("documents", "GET", f"/cases/{case['id']}/documents")
            for document in listed.json() if listed.status == 200 else []:
                answer = client.request("download", "GET", f"/documents/{document['id']}")
                if answer.status != 200:
                    continue
                served = hashlib.sha256(answer.body).hexdigest()
                with client.record.lock:
                    client.record.downloaded[document["id"]] = served
                    if answer.headers.get("X-Content-SHA256") != served:
                        client.record.bad_downloads.append(
                            (document["id"], answer.headers.get("X-Content-SHA256"), served)
                        )

    return step


def guessing_passwords(urls: list[str], person, record: Record, stop: threading.Event):
    """Wrong passwords for one account, to each process in turn, spread over the load;
    then the right one. The limit (5 failures) is shared through Redis."""

    def run():
        wrong = {"email": person.email, "password": "wrong-password"}
        for attempt in range(6):
            record.log_ins.append(call(f"{urls[attempt % 2]}/api/v1/tokens", wrong)[0])
            stop.wait(2)
        right = {"email": person.email, "password": person.password}
        record.log_ins.append(call(f"{urls[0]}/api/v1/tokens", right)[0])

    return run


# ---- the worker killed mid-render ---------------------------------------------------------------


def _held_job_key(redis: Redis, pid: int) -> str | None:
    """The key of the job the RQ worker with this pid is running now, if any."""
    for worker in Worker.all(connection=redis):
        if worker.pid == pid and (job_id := worker.get_current_job_id()):
            return QueuedJob.fetch(job_id, connection=redis).description
    return None


def _leased(app, key: str) -> bool:
    """Whether the job ``key`` is claimed by a run whose effects are not committed."""
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.key == key)).one()
        document = db.session.get(Document, int(key.removeprefix("document:")))
        leased = job.status is JobStatus.PENDING and job.attempts >= 1 and job.next_attempt_at > utcnow()
        held = leased and document.status is DocumentStatus.PENDING
        db.session.rollback()
        return held


def kill_while_rendering(app, redis: Redis, worker, timeout: float = 20) -> str:
    """SIGKILL ``worker`` while it holds a render job; that job's key. The worker is
    frozen (SIGSTOP) while the database is read, so what is read is what it dies with."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        key = _held_job_key(redis, worker.pid)
        if key and key.startswith("document:"):
            os.kill(worker.pid, signal.SIGSTOP)
            try:
                if _leased(app, key):
                    worker.kill()
                    worker.wait(10)
                    return key
            finally:
                if worker.poll() is None:
                    os.kill(worker.pid, signal.SIGCONT)
        time.sleep(0.02)
    pytest.fail(f"the worker was not caught rendering within {timeout} s")


def end_lease(app, key: str) -> None:
    # A render's lease is 10 minutes (Task.lease), after which the sweeper takes its
    # worker for dead; the test cannot wait that long, so it moves the end of the dead
    # worker's lease (and the sweeper's grace after it) into the past, as time would.
    with app.app_context():
        db.session.execute(
            update(Job)
            .where(Job.key == key, Job.status == JobStatus.PENDING)
            .values(next_attempt_at=utcnow() - SWEEP_GRACE - timedelta(seconds=1))
        )
        db.session.commit()


# ---- afterwards ---------------------------------------------------------------------------------


def unfinished(app) -> dict[str, int]:
    with app.app_context():
        left = {
            "jobs": db.session.query(Job).filter(Job.status == JobStatus.PENDING).count(),
            "documents": db.session.query(Document).filter(Document.status == DocumentStatus.PENDING).count(),
            "mail": db.session.query(OutboxMessage)
            .filter(OutboxMessage.status == MessageStatus.PENDING)
            .count(),
        }
        db.session.rollback()
        return left


def _unfinished_rows(app) -> str:
    with app.app_context():
        rows = [
            *db.session.scalars(select(Job).where(Job.status != JobStatus.DONE)),
            *db.session.scalars(select(OutboxMessage).where(OutboxMessage.status != MessageStatus.SENT)),
        ]
        return "\n".join(
            f"{row!r} attempts={row.attempts} next={row.next_attempt_at} error={row.last_error}"
            for row in rows
        )


def drain(app, deployment, timeout: float) -> None:
    """Wait for the surviving worker to finish the backlog, running the timer's work
    once a round (it sends the due mail and dispatches what is due again)."""
    deadline = time.monotonic() + timeout
    while any((left := unfinished(app)).values()):
        if time.monotonic() > deadline:
            pytest.fail(f"not finished after {timeout} s: {left}\n{_unfinished_rows(app)}")
        deployment.flask("jobs", "cron", "--once")
        time.sleep(1)


@pytest.fixture
def mail_server():
    server = SmtpServer(free_port()).start()
    yield server
    server.stop()


@dataclass
class Deployment:
    urls: list[str]  # the app processes
    workers: list[subprocess.Popen]
    documents: Path  # where the processes store the documents
    commands: Commands
    env: dict[str, str]  # its settings beyond the test database's

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        """A one-off command of this deployment (``flask <args>``) to its end."""
        return self.commands.run(*args, **self.env)


@pytest.fixture
def deployment(world, redis_url, mail_server, processes, commands, environment):  # noqa: F811
    """Two app processes, two job workers and the timer, on PostgreSQL and Redis, sending
    mail to a real SMTP server; all stopped after the test, however it ended."""
    env = {
        "REDIS_URL": redis_url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mail_server.port),
        "MAIL_FROM": f"调解中心 <noreply@{MAIL_DOMAIN}>",
    }
    urls = processes(2, **env)
    workers = [commands.start("jobs", "worker", **env) for _ in range(2)]
    commands.start("jobs", "cron", **env)
    return Deployment(urls, workers, Path(environment()["DOCUMENT_STORAGE"]), commands, env)


def test_a_deployment_of_many_processes_stays_consistent_under_load_when_a_worker_dies(
    app, world, deployment, mail_server
):
    urls, victim = deployment.urls, deployment.workers[0]
    record, stop = Record(), threading.Event()
    redis = Redis.from_url(deployment.env["REDIS_URL"])
    against = {"name": "江苏常安纺织科技有限公司", "uscc": world.applicant_uscc}
    steps = [
        (filing(Client(urls, world.applicant, record), world.filing(source=None)), FILING_PAUSE),
        (
            filing(
                Client(urls, world.respondent, record),
                world.filing(
                    source=None,
                    applicant={"name": "海安华达锦纶有限公司", "uscc": world.respondent_uscc},
                    respondent=against,
                ),
            ),
            FILING_PAUSE,
        ),
        (staff_work(Client(urls, world.staff, record), world), 0.5),
        (staff_work(Client(urls, world.staff, record), world), 0.5),
        (mediator_work(Client(urls, world.mediator, record), world), 0.5),
        (party_reading(Client(urls, world.applicant, record)), 0.5),
        (party_reading(Client(urls, world.respondent, record)), 0.5),
    ]
    threads = [threading.Thread(target=repeat, args=(stop, record, pause, step)) for step, pause in steps]
    threads.append(threading.Thread(target=guessing_passwords(urls, world.outsider, record, stop)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(KILL_AFTER_SECONDS)
        killed = kill_while_rendering(app, redis, victim)
        end_lease(app, killed)
        # The sweeper sends it again: this one, or the deployment's own timer a moment
        # earlier (then the surviving worker may hold it already and this one sends none);
        # that it ran again is checked below (its attempts).
        swept = deployment.flask("jobs", "sweep")
        assert swept.returncode == 0, swept
        time.sleep(max(0.0, started + LOAD_SECONDS - time.monotonic()))
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    drain(app, deployment, DRAIN_SECONDS)

    # What the clients saw: no error, no answer other than the expected ones.
    assert record.errors == []
    assert record.unexpected == [], dict(record.statuses)  # no 5xx above all
    assert len(record.filed) >= 10 and record.fired, dict(record.statuses)

    # The log-in limit held across both processes (failures counted in Redis).
    assert record.log_ins == [401] * 5 + [429] + [429]

    # The totals kept by every transition, in both processes, match the cases.
    verified = deployment.flask("totals", "verify")
    assert verified.returncode == 0, verified.stderr
    # Every case's audit trail, appended to by both processes and both workers, holds.
    audited = deployment.flask("audit", "verify")
    assert audited.returncode == 0, audited.stderr

    with app.app_context():
        # Every 201 is one case, every 200 one transition on the timeline, and nothing else.
        assert sorted(db.session.scalars(select(Case.id))) == sorted(record.filed)
        triggers = {trigger for _case, trigger in record.fired}
        events = db.session.execute(
            select(CaseEvent.case_id, CaseEvent.action).where(CaseEvent.action.in_(triggers))
        ).all()
        assert Counter(map(tuple, events)) == record.fired

        # No job was lost: every one ran to its end, the killed one again.
        jobs = {job.key: job for job in db.session.scalars(select(Job))}
        assert {key: job.status for key, job in jobs.items() if job.status is not JobStatus.DONE} == {}
        assert jobs[killed].attempts >= 2

        # Every document is issued, with a stored file whose SHA-256 is the one recorded,
        # the one every download served.
        documents = db.session.scalars(select(Document).order_by(Document.id)).all()
        assert documents
        assert {d.id: d.status for d in documents if d.status is not DocumentStatus.ISSUED} == {}
        assert {f"document:{d.id}" for d in documents} <= jobs.keys()
        stored = {
            d.id: hashlib.sha256((deployment.documents / d.storage_name).read_bytes()).hexdigest()
            for d in documents
        }
        assert stored == {d.id: d.sha256 for d in documents}
        assert record.bad_downloads == []
        assert record.downloaded and record.downloaded == {i: stored[i] for i in record.downloaded}

        # Every message was sent, and arrived exactly once; each acceptance told its mediator.
        outbox = db.session.scalars(select(OutboxMessage)).all()
        assert outbox and {m.id: m.status for m in outbox if m.status is not MessageStatus.SENT} == {}
        arrived = Counter(
            int(MESSAGE_ID.fullmatch(message["Message-ID"]).group(1))
            for message in mail_server.inbox.messages()
        )
        assert arrived == Counter(m.id for m in outbox)
        assigned = Counter(m.case_id for m in outbox if m.kind == "mediator_assigned")
        assert assigned == Counter(case_id for case_id, trigger in record.fired if trigger == "assign")
