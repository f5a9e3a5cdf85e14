"""gunicorn's settings for `make serve`: every worker's Prometheus figures add up in
one scrape (prometheus_client's multiprocess mode)."""

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
