"""A job is recorded in the business transaction and run after it commits: once,
never for a rolled-back change, again after a failure or a dead runner, and by RQ
workers when Redis is configured."""

import json
import threading
from datetime import timedelta

import pytest
from rq import SimpleWorker
from sqlalchemy import select, update

from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus
from mediation_app.jobs.queues import QUEUES, connection, queue
from mediation_app.jobs.runner import perform_in, run, sweep
from mediation_app.jobs.tasks import TASKS, Permanent, later, task
from mediation_app.types import utcnow

calls: list[dict] = []


@task("test_note", max_attempts=3, retry_seconds=60)
def note(n: int, fail: str | None = None) -> None:
    """Records its call; schedules a follow-up in its own transaction, then maybe fails."""
    calls.append({"n": n})
    later("test_follow_up", f"follow-up:{n}", n=n)
    if fail == "once" and len(calls) == 1:
        raise RuntimeError("the first attempt fails")
    if fail == "always":
        raise RuntimeError("every attempt fails")
    if fail == "for good":
        raise Permanent("the object is gone")


@task("test_follow_up")
def follow_up(n: int) -> None:
    calls.append({"follow_up": n})


@pytest.fixture(autouse=True)
def _calls():
    calls.clear()
    yield
    calls.clear()


def _job(key: str) -> Job:
    db.session.rollback()
    return db.session.scalars(select(Job).where(Job.key == key)).one_or_none()


def _due_now(key: str) -> None:
    """As if the backoff (or a dead runner's lease) had run out long ago."""
    db.session.execute(
        update(Job).where(Job.key == key).values(next_attempt_at=utcnow() - timedelta(hours=2))
    )
    db.session.commit()


def test_a_job_runs_once_right_after_its_transaction_commits(ctx):
    later("test_note", "note:1", n=1)
    assert calls == []  # not before the commit
    db.session.commit()
    assert calls == [{"n": 1}, {"follow_up": 1}]  # the follow-up its own run scheduled ran too
    job = _job("note:1")
    assert (job.status, job.attempts, job.last_error) == (JobStatus.DONE, 1, None)
    assert run("note:1") is None and len(calls) == 2  # done: running it again has no effect


def test_a_rolled_back_change_has_no_job(ctx):
    later("test_note", "note:2", n=2)
    db.session.rollback()
    db.session.commit()
    assert calls == [] and _job("note:2") is None


def test_the_same_key_is_one_job(ctx):
    later("test_note", "note:3", n=3)
    later("test_note", "note:3", n=3)
    db.session.commit()
    later("test_note", "note:3", n=3)
    db.session.commit()
    assert calls.count({"n": 3}) == 1
    assert db.session.scalars(select(Job).where(Job.key == "note:3")).all()[0].status is JobStatus.DONE


def test_a_failure_waits_its_backoff_and_its_effects_are_rolled_back(ctx):
    later("test_note", "note:4", n=4, fail="once")
    db.session.commit()
    job = _job("note:4")
    assert (job.status, job.attempts) == (JobStatus.PENDING, 1)
    assert job.last_error == "RuntimeError: the first attempt fails"
    assert job.next_attempt_at > utcnow() + timedelta(seconds=50)  # 60 s, then doubling
    assert _job("follow-up:4") is None  # what the failed attempt scheduled went with it
    assert sweep() == 0 and run("note:4") is None  # not due yet
    _due_now("note:4")
    assert sweep() == 1
    assert _job("note:4").status is JobStatus.DONE and _job("follow-up:4").status is JobStatus.DONE


def test_a_job_out_of_attempts_or_refused_for_good_is_failed(ctx):
    later("test_note", "note:5", n=5, fail="always")
    later("test_note", "note:6", n=6, fail="for good")
    db.session.commit()
    for _attempt in range(TASKS["test_note"].max_attempts - 1):
        _due_now("note:5")
        sweep()
    failed, refused = _job("note:5"), _job("note:6")
    assert (failed.status, failed.attempts) == (JobStatus.FAILED, 3)
    assert (refused.status, refused.attempts, refused.last_error) == (
        JobStatus.FAILED,
        1,
        "Permanent: the object is gone",
    )
    _due_now("note:5")
    assert sweep() == 0  # given up


def test_a_job_whose_runner_died_runs_again_when_its_lease_ends(ctx):
    """A runner that claimed the job and died leaves it leased; the sweeper sends it again."""
    later("test_note", "note:7", n=7)
    db.session.info.pop("scheduled_jobs")  # the process ends before its dispatch
    db.session.commit()
    db.session.execute(
        update(Job)
        .where(Job.key == "note:7")
        .values(attempts=1, next_attempt_at=utcnow() + TASKS["test_note"].lease)
    )
    db.session.commit()
    assert sweep() == 0 and calls == []  # leased: the runner may still be at it
    _due_now("note:7")
    assert sweep() == 1
    job = _job("note:7")
    assert (job.status, job.attempts) == (JobStatus.DONE, 2) and calls[0] == {"n": 7}


def test_runners_racing_for_one_job_run_it_once(app, ctx):
    later("test_note", "note:8", n=8)
    db.session.info.pop("scheduled_jobs")
    db.session.commit()
    barrier = threading.Barrier(4)

    def runner():
        barrier.wait()
        perform_in(app, "note:8")

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls.count({"n": 8}) == 1
    assert (_job("note:8").status, _job("note:8").attempts) == (JobStatus.DONE, 1)


def test_with_redis_a_worker_runs_the_job(ctx, app, redis_url):
    later("test_note", "note:9", n=9)
    db.session.commit()
    assert calls == [] and _job("note:9").status is JobStatus.PENDING  # enqueued, not run here
    assert queue(app, "default").count == 1
    SimpleWorker([queue(app, name) for name in QUEUES], connection=connection(app)).work(burst=True)
    assert calls == [{"n": 9}, {"follow_up": 9}]  # the follow-up went through Redis too
    assert _job("note:9").status is JobStatus.DONE and _job("follow-up:9").status is JobStatus.DONE


def test_with_redis_down_the_change_commits_and_the_sweeper_sends_its_job(ctx, app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    later("test_note", "note:10", n=10)
    db.session.commit()
    assert _job("note:10").status is JobStatus.PENDING and calls == []
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    _due_now("note:10")
    assert sweep() == 1 and _job("note:10").status is JobStatus.DONE


def test_the_commands_report_and_retry_failed_jobs(app, ctx):
    later("test_note", "note:11", n=11, fail="for good")
    db.session.commit()
    runner = app.test_cli_runner()
    report = json.loads(runner.invoke(args=["jobs", "status"]).output)
    assert {"task": "test_note", "status": "failed", "jobs": 1} in report["counts"]
    (failed,) = report["failed"]
    assert failed["key"] == "note:11" and failed["error"] == "Permanent: the object is gone"
    result = runner.invoke(args=["jobs", "retry", str(failed["id"])])
    assert result.exit_code == 0 and len([c for c in calls if "n" in c]) == 2  # it ran again
    assert _job("note:11").status is JobStatus.FAILED  # refused for good again
    assert runner.invoke(args=["jobs", "retry", "999999"]).exit_code == 1
