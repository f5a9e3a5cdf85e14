"""Cookie sessions end on the server: idle timeout, absolute lifetime, fresh id at log-in."""

import pytest

from tests.conftest import log_in


@pytest.mark.parametrize(("key", "age_seconds"), [("last_seen", 61 * 60), ("logged_in_at", 13 * 3600)])
def test_a_session_idle_or_too_old_is_ended(world, app, key, age_seconds):
    client = log_in(app.test_client(), world.staff)
    assert client.get("/dashboard").status_code == 200
    with client.session_transaction() as session:
        session[key] -= age_seconds
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logging_in_starts_a_new_session(world, app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    log_in(client, world.staff)
    with client.session_transaction() as session:
        assert "planted" not in session
