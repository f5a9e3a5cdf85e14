"""What operators watch: Prometheus figures at /metrics (for operators only) and
JSON log lines carrying the request id."""

import io
import json
import logging

from mediation_app.extensions import db
from mediation_app.jobs.tasks import later
from tests.jobs.test_runner import note  # noqa: F401  (declares the test tasks)


def _value(text: str, line_start: str) -> float:
    (line,) = [line for line in text.splitlines() if line.startswith(line_start)]
    return float(line.rsplit(" ", 1)[1])


def test_metrics_give_latency_by_route_and_the_job_queue(app, world, api, monkeypatch):
    staff = api(world.staff)
    assert staff.get("/cases").status_code == 200
    with app.app_context():
        monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing takes the job
        later("test_note", "note:metrics", n=1)
        later("test_note", "note:metrics-failed", n=2, fail="for good")
        db.session.commit()
        monkeypatch.setitem(app.config, "REDIS_URL", None)
        later("test_note", "note:metrics-failed-2", n=3, fail="for good")
        db.session.commit()
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'mediation_http_request_duration_seconds_count{endpoint="api.list_cases"' in text
    assert _value(text, "mediation_jobs_pending ") == 2  # the two sent to the dead Redis
    assert _value(text, "mediation_jobs_failed ") == 1
    assert _value(text, 'mediation_jobs{status="failed",task="test_note"}') == 1


def test_metrics_are_for_operators_only(app, monkeypatch):
    client = app.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "s3cret-token")
    assert client.get("/metrics").status_code == 404  # a token is set: even this machine shows it
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    shown = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert shown.status_code == 200 and "mediation_jobs_pending" in shown.get_data(as_text=True)


def test_log_lines_are_json_with_the_request_id(app):
    from mediation_app.observability import json_handler

    stream = io.StringIO()
    logger = logging.getLogger("mediation_app.test_observability")
    handler = json_handler(stream)
    logger.addHandler(handler)
    try:
        with app.test_request_context():
            from flask import g

            g.request_id = "abc123def456"
            logger.warning("the case %s changed", 7)
        logger.warning("outside any request")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "the case 7 changed" and first["request_id"] == "abc123def456"
    assert first["levelname"] == "WARNING" and first["name"] == "mediation_app.test_observability"
    assert second["request_id"] is None and "asctime" in second
