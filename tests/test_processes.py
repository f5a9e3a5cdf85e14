"""The app as a deployment of several processes: probes, and limits shared through
Redis, checked against real server processes."""

from tests.deployment_support import call, environment, processes  # noqa: F401  (the last two: fixtures)
from tests.jobs.conftest import redis_url  # noqa: F401  (a fixture)


def test_readiness_names_what_is_unreachable(processes, redis_url, world):  # noqa: F811
    (up,) = processes(1, REDIS_URL=redis_url)
    assert call(f"{up}/readyz") == (
        200,
        {"status": "ready", "checks": {"database": "ok", "stores": "ok", "redis": "ok"}},
    )
    (no_redis,) = processes(1, REDIS_URL="redis://127.0.0.1:1/0")
    assert call(f"{no_redis}/healthz") == (200, {"status": "ok"})  # alive, but not ready
    status, body = call(f"{no_redis}/readyz")
    assert status == 503 and body["checks"]["redis"] == "unavailable" and body["checks"]["database"] == "ok"


def test_log_in_limits_hold_across_processes(processes, redis_url, world):  # noqa: F811
    first, second = processes(2, REDIS_URL=redis_url)
    wrong = {"email": world.staff.email, "password": "wrong-password"}
    statuses = [call(f"{(first, second)[i % 2]}/api/v1/tokens", wrong)[0] for i in range(6)]
    assert statuses == [401] * 5 + [429]
    right = {"email": world.staff.email, "password": world.staff.password}
    assert call(f"{first}/api/v1/tokens", right)[0] == 429  # the other process counted too
