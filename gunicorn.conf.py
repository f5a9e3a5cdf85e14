"""gunicorn's settings for `make serve`: every worker's Prometheus figures add up in
one scrape (prometheus_client's multiprocess mode), and request limits that refuse
oversized or slow requests before a worker spends time or memory on them (nginx in
front, ``deploy/nginx.conf.example``, applies the same ones and adds the security
headers to its own refusals)."""

import os
import shutil
import tempfile

from prometheus_client import multiprocess

# Set before the workers import the app, so its metrics are kept in shared files.
METRICS_DIR = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "mediation-metrics")
)


def on_starting(server):
    shutil.rmtree(METRICS_DIR, ignore_errors=True)  # the last run's figures are not this one's
    os.makedirs(METRICS_DIR)


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)


# A request line (method, path and query) and headers far larger than any the app
# or its API sends are refused with 400 before the app sees them: no URL of the app
# comes near 4 KB, and a cookie session plus a bearer token fit in 8 KB.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# A sync worker stuck longer than this (a ledger upload of 16 MB, the largest export)
# is killed and replaced; a document render is bounded separately
# (DOCUMENT_RENDER_TIMEOUT) and runs in the job workers, not here.
timeout = 60
# On a restart, requests under way get this long to finish before the worker is killed.
graceful_timeout = 30
