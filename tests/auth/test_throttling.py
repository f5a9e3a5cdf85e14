"""Log-in throttling: per account and per address, failures only, for a limited time."""

from tests.conftest import Api


def _fail(client, email):
    return client.post("/login", data={"email": email, "password": "wrong-password"})


def test_an_account_is_throttled_after_five_failures_for_a_limited_time(world, client):
    statuses = [_fail(client, world.staff.email).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    refused = client.post("/login", data={"email": world.staff.email, "password": world.staff.password})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    # Another account from the same address is not affected by this account's limit.
    assert (
        client.post(
            "/login", data={"email": world.mediator.email, "password": world.mediator.password}
        ).status_code
        == 302
    )


def test_successful_log_ins_do_not_count(world, app):
    for _ in range(8):
        client = app.test_client()
        assert (
            client.post(
                "/login", data={"email": world.staff.email, "password": world.staff.password}
            ).status_code
            == 302
        )


def test_one_address_trying_many_accounts_is_throttled(world, client):
    statuses = [_fail(client, f"guess{n}@test.example").status_code for n in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_the_api_token_endpoint_is_throttled_too(world, client):
    api = Api(client)
    body = {"email": world.staff.email, "password": "wrong-password"}
    statuses = [api.post("/tokens", json=body).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert api.post("/tokens", json=body).get_json()["error"]["code"] == "rate_limited"


def test_a_spoofed_forwarded_address_does_not_escape_the_limit(world, client):
    statuses = [
        client.post(
            "/login",
            data={"email": f"guess{n}@test.example", "password": "x" * 8},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        ).status_code
        for n in range(31)
    ]
    assert statuses[-1] == 429
