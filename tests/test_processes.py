"""The app as a deployment of several processes: probes, and limits shared through
Redis, checked against real server processes."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.jobs.conftest import redis_url  # noqa: F401  (a fixture)

SERVE = (
    "import sys\n"
    "from werkzeug.serving import run_simple\n"
    "from mediation_app import create_app\n"
    "run_simple('127.0.0.1', int(sys.argv[1]), create_app(), threaded=True)\n"
)


def _call(url: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (http only)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def processes(app, database_url, tmp_path):
    """``processes(n, **env)``: n app processes on the test database; the base URLs."""
    started = []

    def start(count: int, **env) -> list[str]:
        urls = []
        for _ in range(count):
            port = _free_port()
            environment = {
                **os.environ,
                "DATABASE_URL": database_url,
                "SECRET_KEY": "test-secret-key",
                "PASSWORD_HASH_PROFILE": "CHEAPEST",
                "DOCUMENT_STORAGE": str(tmp_path / "documents"),
                "EVIDENCE_STORAGE": str(tmp_path / "evidence"),
                "LEDGER_UPLOADS": str(tmp_path / "uploads"),
                **env,
            }
            started.append(
                subprocess.Popen(  # noqa: S603  (this interpreter, our script)
                    [sys.executable, "-c", SERVE, str(port)],
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if _call(f"{url}/healthz")[0] == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        return urls

    yield start
    for process in started:
        process.terminate()
        process.wait(10)


def test_readiness_names_what_is_unreachable(processes, redis_url, world):  # noqa: F811
    (up,) = processes(1, REDIS_URL=redis_url)
    assert _call(f"{up}/readyz") == (
        200,
        {"status": "ready", "checks": {"database": "ok", "stores": "ok", "redis": "ok"}},
    )
    (no_redis,) = processes(1, REDIS_URL="redis://127.0.0.1:1/0")
    assert _call(f"{no_redis}/healthz") == (200, {"status": "ok"})  # alive, but not ready
    status, body = _call(f"{no_redis}/readyz")
    assert status == 503 and body["checks"]["redis"] == "unavailable" and body["checks"]["database"] == "ok"


def test_log_in_limits_hold_across_processes(processes, redis_url, world):  # noqa: F811
    first, second = processes(2, REDIS_URL=redis_url)
    wrong = {"email": world.staff.email, "password": "wrong-password"}
    statuses = [_call(f"{(first, second)[i % 2]}/api/v1/tokens", wrong)[0] for i in range(6)]
    assert statuses == [401] * 5 + [429]
    right = {"email": world.staff.email, "password": world.staff.password}
    assert _call(f"{first}/api/v1/tokens", right)[0] == 429  # the other process counted too
