"""Jobs against the real databases and, for the RQ path, a real Redis."""

import os

import pytest
from redis import Redis
from redis.exceptions import RedisError

from tests.conftest import IN_CI

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


@pytest.fixture
def redis_url(app, monkeypatch):
    """A Redis database of this test process's own, emptied, with the app pointed at it."""
    number = 1 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    url = f"{REDIS_URL}/{number}"
    try:
        Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except RedisError as error:
        if IN_CI:
            raise
        pytest.skip(f"Redis not reachable at {url}: {error}")
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    yield url
    Redis.from_url(url).flushdb()
