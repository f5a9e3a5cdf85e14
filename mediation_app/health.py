"""Probes for the process manager and the load balancer: ``/healthz`` answers while
the process serves at all; ``/readyz`` only when what a request needs is reachable
(the database, Redis where configured, and the file stores)."""

import os

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from mediation_app import storage
from mediation_app.extensions import db, limiter
from mediation_app.jobs.queues import connection

health = Blueprint("health", __name__)


@health.get("/healthz")
@limiter.exempt
def healthz():
    return jsonify(status="ok")


def _database() -> None:
    db.session.execute(text("SELECT 1"))
    db.session.rollback()


def _redis() -> None:
    connection(current_app).ping()


def _stores() -> None:
    for store in (storage.documents, storage.evidence, storage.ledger_uploads):
        if not os.access(store.root(), os.W_OK):
            raise OSError(f"{store.config_key} is not writable")


@health.get("/readyz")
@limiter.exempt
def readyz():
    checks = {"database": _database, "stores": _stores}
    if current_app.config["REDIS_URL"]:
        checks["redis"] = _redis
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # a probe reports; it never fails the request
            current_app.logger.warning("readiness check %s failed: %s", name, error)
            results[name] = "unavailable"
    ready = all(result == "ok" for result in results.values())
    return jsonify(status="ready" if ready else "unavailable", checks=results), 200 if ready else 503
