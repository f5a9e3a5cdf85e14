"""What operators watch: logs as JSON lines carrying the request id, and Prometheus
metrics (request latency by route, the job queue's depth and failures) at ``/metrics``.

With several gunicorn workers, ``PROMETHEUS_MULTIPROC_DIR`` makes every worker's
figures add up in one scrape (``gunicorn.conf.py`` sets it and cleans up after a
worker ends)."""

import functools
import logging
import os
import secrets

from flask import Flask, abort, current_app, g, has_request_context, request
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_flask_exporter import PrometheusMetrics
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import func, select

from mediation_app.extensions import db
from mediation_app.jobs.models import Job, JobStatus

LOOPBACK = {"127.0.0.1", "::1"}


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


def json_handler(stream=None) -> logging.Handler:
    """One JSON object per line: time, level, logger, message and the request's id."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(_RequestId())
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"))
    return handler


def configure_logging(app: Flask) -> None:
    """JSON lines on stderr where ``LOG_FORMAT=json`` (the default in production)."""
    if app.config["LOG_FORMAT"] != "json":
        return
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return  # a second app in this process (tests, the CLI): configured already
    root.handlers[:] = [json_handler()]
    root.setLevel(logging.INFO)
    app.logger.handlers.clear()  # Flask's own handler would print each line twice
    app.logger.propagate = True


class _Jobs:
    """The job table, read at each scrape: how many wait per task, how many failed."""

    def describe(self):  # registering must not read the database
        return self._families()

    def collect(self):
        per_status = select(Job.task, Job.status, func.count()).group_by(Job.task, Job.status)
        counts = db.session.execute(per_status).all()
        db.session.rollback()
        by_status, pending, failed = self._families()
        for task, status, count in counts:
            by_status.add_metric([task, status.value], count)
        pending.add_metric([], sum(n for _t, s, n in counts if s is JobStatus.PENDING))
        failed.add_metric([], sum(n for _t, s, n in counts if s is JobStatus.FAILED))
        return [by_status, pending, failed]

    @staticmethod
    def _families():
        return [
            GaugeMetricFamily("mediation_jobs", "Jobs by task and status", labels=["task", "status"]),
            GaugeMetricFamily("mediation_jobs_pending", "Jobs waiting to run (the queue's depth)", labels=[]),
            GaugeMetricFamily("mediation_jobs_failed", "Jobs given up, waiting for a person", labels=[]),
        ]


def _only_operators(view):
    """``METRICS_TOKEN`` as a bearer token where set; else only from this machine."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        token = current_app.config["METRICS_TOKEN"]
        if token:
            given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            if not secrets.compare_digest(given, token):
                abort(404)
        elif request.remote_addr not in LOOPBACK:
            abort(404)
        return view(*args, **kwargs)

    return guarded


class _Metrics(PrometheusMetrics):
    """With several processes, their request figures added up, and the job table's."""

    def generate_metrics(self, accept_header=None, names=None):
        if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
            return super().generate_metrics(accept_header, names)  # this process's registry
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_Jobs())
        encode, content_type = choose_encoder(accept_header)
        return encode(registry).decode("utf-8"), content_type


def init_metrics(app: Flask) -> None:
    registry = CollectorRegistry()
    registry.register(_Jobs())
    _Metrics(
        app,
        path="/metrics",
        group_by="endpoint",  # latency by route, not by every case's URL
        defaults_prefix="mediation",
        registry=registry,  # one per app: tests and the CLI make several
        metrics_decorator=_only_operators,
        excluded_paths=["/static/", "/healthz", "/readyz"],
    )
