"""POST /tokens: a log-in whose e-mail or password is not text is refused by field."""

import pytest


@pytest.mark.parametrize("field", ["email", "password"])
@pytest.mark.parametrize("value", [123, None, True, ["a"], {"a": 1}])
def test_credentials_that_are_not_text_are_refused_by_field(world, client, field, value):
    body = {"email": world.staff.email, "password": world.staff.password, field: value}
    response = client.post("/api/v1/tokens", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {field}


def test_missing_credentials_are_refused_by_field(world, client):
    response = client.post("/api/v1/tokens", json={})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"email", "password"}


def test_a_password_longer_than_any_allowed_is_refused_without_hashing(world, client):
    response = client.post("/api/v1/tokens", json={"email": world.staff.email, "password": "x" * 10_000})
    assert response.status_code == 422 and "password" in response.get_json()["error"]["fields"]


def test_the_token_and_the_caller(world, client):
    body = {"email": world.staff.email, "password": world.staff.password}
    token = client.post("/api/v1/tokens", json=body).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert (me["email"], me["role"], me["centre"]["id"]) == (world.staff.email, "staff", world.centre_id)
    revoked = client.delete("/api/v1/tokens/current", headers=headers)
    assert revoked.status_code == 204 and revoked.get_data() == b""
    assert client.get("/api/v1/me", headers=headers).status_code == 401
