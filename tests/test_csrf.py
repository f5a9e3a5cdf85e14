"""CSRF protection, with the protection switched on (the other modules switch it off)."""

import re

import pytest

from mediation_app.extensions import db
from tests.conftest import Api, make_app


@pytest.fixture
def csrf_app(database_url, tmp_path, clean_db):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


def _token(client, path="/login") -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True)
    )[1]


def _log_in(client, person):
    response = client.post(
        "/login", data={"email": person.email, "password": person.password, "csrf_token": _token(client)}
    )
    assert response.status_code == 302
    return client


def test_a_form_without_a_token_is_refused(csrf_app, world):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": world.staff.email, "password": world.staff.password})
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 302  # still not logged in


def test_a_token_from_another_session_is_refused(csrf_app, world):
    other = csrf_app.test_client()
    foreign = _token(other)
    client = csrf_app.test_client()
    client.get("/login")
    response = client.post(
        "/login", data={"email": world.staff.email, "password": world.staff.password, "csrf_token": foreign}
    )
    assert response.status_code == 400


def test_a_transition_without_a_token_changes_nothing(csrf_app, world):
    case_id = world.case("filed")
    client = _log_in(csrf_app.test_client(), world.staff)
    response = client.post(
        f"/cases/{case_id}/transitions/reject", data={"version": "1", "reason": "x", "confirm": "y"}
    )
    assert response.status_code == 400
    token = _token(client, f"/cases/{case_id}")
    response = client.post(
        f"/cases/{case_id}/transitions/reject",
        data={"version": "1", "reason": "不属于受理范围", "confirm": "y", "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.get(f"/api/v1/cases/{case_id}").get_json()["state"] == "rejected"


def test_the_api_with_a_cookie_session_needs_the_token_but_bearer_requests_do_not(csrf_app, world):
    client = _log_in(csrf_app.test_client(), world.staff)
    without = client.post("/api/v1/cases", json=world.filing())
    assert without.status_code == 400 and without.get_json()["error"]["code"] == "csrf_failed"
    token = _token(client, "/cases/new")
    with_token = client.post("/api/v1/cases", json=world.filing(), headers={"X-CSRFToken": token})
    assert with_token.status_code == 201
    bearer = Api(csrf_app.test_client()).login(world.staff)
    assert bearer.post("/cases", json=world.filing()).status_code == 201


def test_nothing_changes_on_get(csrf_app, world):
    client = _log_in(csrf_app.test_client(), world.staff)
    assert client.get("/logout").status_code == 405
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize(
    ("who", "path", "data"),
    [
        ("staff", "/logout-everywhere", {}),
        (
            "staff",
            "/account/password",
            {"current_password": "correct-horse-battery", "new_password": "x" * 12},
        ),
        ("staff", "/account/tokens/{token_id}/revoke", {}),
        ("admin", "/admin/accounts/{staff_id}/reset-password", {}),
        ("admin", "/admin/accounts/{staff_id}/active", {"active": "no"}),
        ("admin", "/admin/accounts/{staff_id}/role", {"role": "mediator"}),
        ("admin", "/admin/accounts", {"name": "新同事", "email": "new@test.example", "role": "staff"}),
    ],
)
def test_the_account_forms_without_a_token_end_nothing(csrf_app, world, who, path, data):
    bearer = Api(csrf_app.test_client()).login(world.staff)
    token_id = bearer.get("/me/tokens").get_json()["items"][0]["id"]
    staff = _log_in(csrf_app.test_client(), world.staff)
    client = staff if who == "staff" else _log_in(csrf_app.test_client(), world.admin)
    url = path.format(token_id=token_id, staff_id=world.staff.id)
    assert client.post(url, data={**data, "confirm": data.get("new_password", "")}).status_code == 400
    assert bearer.get("/me").status_code == 200
    assert staff.get("/cases").status_code == 200
    assert (
        client.post(url, data={**data, "csrf_token": _token(client, "/account/password")}).status_code != 400
    )
