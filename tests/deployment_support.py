"""The app as a deployment of separate processes on the test database: app servers,
job workers and one-off commands started as they are in production, and plain HTTP
to talk to them (``tests/test_processes.py``, ``tests/test_deployment.py``)."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.notifications.conftest import free_port

SERVE = (
    "import sys\n"
    "from werkzeug.serving import run_simple\n"
    "from mediation_app import create_app\n"
    "run_simple('127.0.0.1', int(sys.argv[1]), create_app(), threaded=True)\n"
)
FLASK = [sys.executable, "-m", "flask", "--app", "mediation_app"]


def call(url: str, body: dict | None = None) -> tuple[int, dict]:
    """``GET`` (or ``POST`` with a JSON ``body``) ``url``: its status and JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (http only)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def stop(process: subprocess.Popen) -> None:
    """Ask a process to end; kill it when it does not within ten seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture
def environment(app, database_url, tmp_path):
    """``environment(**env)``: the variables a process of the app runs with here: the
    test database (migrated by ``app``), this test's file stores, cheap password hashes."""

    def variables(**env) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "AUDIT_KEY": "test-audit-key",
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
            "DOCUMENT_STORAGE": str(tmp_path / "documents"),
            "EVIDENCE_STORAGE": str(tmp_path / "evidence"),
            "LEDGER_UPLOADS": str(tmp_path / "uploads"),
            "CENTRE_SIGNING_KEYS": str(tmp_path / "signing-keys"),
            **env,
        }

    return variables


class Processes:
    """``processes(n, **env)``: n app processes on the test database; their base URLs.
    Each writes its output to ``logs``; :meth:`kill` ends one at once (SIGKILL)."""

    def __init__(self, environment, logs):
        self.environment, self.logs = environment, logs
        self.started: dict[str, subprocess.Popen] = {}

    def __call__(self, count: int, **env) -> list[str]:
        urls = []
        for _ in range(count):
            port = free_port()
            with open(self.logs / f"app-{port}.log", "wb") as log:
                process = subprocess.Popen(  # noqa: S603  (this interpreter, our script)
                    [sys.executable, "-c", SERVE, str(port)],
                    env=self.environment(**env),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            urls.append(f"http://127.0.0.1:{port}")
            self.started[urls[-1]] = process
        for url in urls:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if call(f"{url}/healthz")[0] == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        return urls

    def kill(self, url: str) -> None:
        process = self.started[url]
        process.kill()
        process.wait(10)


def _logs(tmp_path) -> Path:
    logs = tmp_path / "logs"
    logs.mkdir(exist_ok=True)
    return logs


@pytest.fixture
def processes(environment, tmp_path):
    """:class:`Processes` on the test database; all stopped after the test."""
    started = Processes(environment, _logs(tmp_path))
    yield started
    for process in started.started.values():
        stop(process)


class Commands:
    """``flask`` commands of the app, run as separate processes with its environment."""

    def __init__(self, environment, logs):
        self.environment, self.logs = environment, logs
        self.started: list[subprocess.Popen] = []

    def start(self, *args: str, **env) -> subprocess.Popen:
        """``flask <args>`` in the background (a job worker, the timer); its output in the logs."""
        with open(self.logs / f"{'-'.join(args)}-{len(self.started)}.log", "wb") as log:
            process = subprocess.Popen(  # noqa: S603  (this interpreter, our commands)
                [*FLASK, *args], env=self.environment(**env), stdout=log, stderr=subprocess.STDOUT
            )
        self.started.append(process)
        return process

    def run(self, *args: str, **env) -> subprocess.CompletedProcess:
        """``flask <args>`` to its end; its output as text (also added to the logs)."""
        done = subprocess.run(  # noqa: S603  (this interpreter, our commands)
            [*FLASK, *args], env=self.environment(**env), capture_output=True, text=True, timeout=120
        )
        with open(self.logs / f"{'-'.join(args)}.log", "a") as log:
            log.write(f"$ flask {' '.join(args)}\n{done.stdout}{done.stderr}exit {done.returncode}\n")
        return done


@pytest.fixture
def commands(environment, tmp_path):
    """:class:`Commands` on the test database; what it started is stopped after the test."""
    commands = Commands(environment, _logs(tmp_path))
    yield commands
    for process in commands.started:
        stop(process)
