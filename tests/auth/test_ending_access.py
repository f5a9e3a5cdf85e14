"""Sessions and tokens that end: log out everywhere, a password change, on the pages and
through the API. What a thief copied (a cookie, a token) stops working on the next request."""

from dataclasses import replace

import pytest

from tests.conftest import Api, log_in

NEW_PASSWORD = "a-brand-new-passphrase"


def _thief(app, victim_client):
    """Another browser holding a copy of the victim's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", victim_client.get_cookie("session").value)
    assert thief.get("/cases").status_code == 200
    return thief


def _is_logged_out(client) -> bool:
    response = client.get("/cases")
    return response.status_code == 302 and "/login" in response.location


def _change_on_the_page(client, current, new, confirm=None):
    data = {"current_password": current, "new_password": new, "confirm": new if confirm is None else confirm}
    return client.post("/account/password", data=data)


def test_a_token_issued_before_logging_out_everywhere_on_the_web_stops_working(app, client, world):
    api = Api(app.test_client()).login(world.staff)
    browser = log_in(client, world.staff)
    thief = _thief(app, browser)
    assert browser.post("/logout-everywhere").status_code == 302
    assert api.get("/me").status_code == 401
    assert _is_logged_out(browser) and _is_logged_out(thief)


def test_logging_out_everywhere_through_the_api_ends_the_cookie_sessions_too(app, client, world):
    browser = log_in(app.test_client(), world.staff)
    other, api = Api(app.test_client()).login(world.staff), Api(client).login(world.staff)
    assert api.post("/me/logout-everywhere").status_code == 204
    assert api.get("/me").status_code == 401 and other.get("/me").status_code == 401
    assert _is_logged_out(browser)


def test_the_web_logout_keeps_the_users_api_tokens(app, client, world):
    """Only the session logged out ends; a court system's token is not the browser's."""
    api = Api(app.test_client()).login(world.staff)
    log_in(client, world.staff).post("/logout")
    assert api.get("/me").status_code == 200


def test_a_copied_cookie_stops_working_after_a_password_change_elsewhere(app, client, world):
    browser = log_in(client, world.staff)
    thief = _thief(app, log_in(app.test_client(), world.staff))
    api = Api(app.test_client()).login(world.staff)
    response = _change_on_the_page(browser, world.staff.password, NEW_PASSWORD)
    assert response.status_code == 302
    assert browser.get("/cases").status_code == 200  # the changer stays logged in
    assert _is_logged_out(thief)
    assert api.get("/me").status_code == 401
    assert (
        app.test_client()
        .post("/login", data={"email": world.staff.email, "password": world.staff.password})
        .status_code
        == 200
    )
    log_in(app.test_client(), replace(world.staff, password=NEW_PASSWORD))


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field_message"),
    [
        ("wrong-password-1", NEW_PASSWORD, None, "The current password is incorrect."),
        (None, "short-pw", None, "must be at least 10 characters"),
        (None, "Password123", None, "is too common; choose another"),
        (None, "1qaz2wsx3edc", None, "is too common; choose another"),
        (None, "correct-horse-battery", None, "must differ from the current password"),
        (None, NEW_PASSWORD, "a-different-one", "The two new passwords differ."),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(
    client, world, current, new, confirm, field_message
):
    client.post("/lang/en")
    browser = log_in(client, world.staff)
    response = _change_on_the_page(browser, current or world.staff.password, new, confirm)
    assert response.status_code == 422
    assert field_message in response.get_data(as_text=True)
    assert browser.get("/cases").status_code == 200  # nothing ended
    log_in(client.application.test_client(), world.staff)  # the old password still works


def test_changing_the_password_through_the_api_ends_every_token(app, client, world):
    api, other = Api(client).login(world.staff), Api(app.test_client()).login(world.staff)
    body = {"current_password": world.staff.password, "new_password": NEW_PASSWORD}
    assert api.post("/me/password", json=body).status_code == 204
    assert api.get("/me").status_code == 401 and other.get("/me").status_code == 401
    Api(app.test_client()).login(replace(world.staff, password=NEW_PASSWORD))


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"current_password": "x", "new_password": NEW_PASSWORD}, {"current_password"}),
        ({"current_password": None, "new_password": "password1234"}, {"current_password", "new_password"}),
        ({}, {"current_password", "new_password"}),
    ],
)
def test_a_refused_api_password_change_names_the_fields(api, world, body, fields):
    response = api(world.staff).post("/me/password", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields


def test_each_user_lists_and_revokes_their_tokens(app, client, world):
    api, laptop = Api(client).login(world.staff), Api(app.test_client()).login(world.staff)
    Api(app.test_client()).login(world.mediator)  # someone else's, never listed
    listed = api.get("/me/tokens").get_json()["items"]
    assert [item["current"] for item in listed] == [False, True]  # newest first: the laptop's
    assert all(set(item) == {"id", "created_at", "expires_at", "scopes", "current"} for item in listed)
    assert api.call("DELETE", f"/me/tokens/{listed[0]['id']}").status_code == 204
    assert laptop.get("/me").status_code == 401 and api.get("/me").status_code == 200
    assert [item["current"] for item in api.get("/me/tokens").get_json()["items"]] == [True]
    assert api.call("DELETE", f"/me/tokens/{listed[0]['id']}").status_code == 204  # again: still revoked


def test_nobody_revokes_or_sees_another_users_token(app, client, world):
    theirs = Api(app.test_client()).login(world.mediator)
    their_id = theirs.get("/me/tokens").get_json()["items"][0]["id"]
    assert Api(client).login(world.staff).call("DELETE", f"/me/tokens/{their_id}").status_code == 404
    assert (
        log_in(app.test_client(), world.staff).post(f"/account/tokens/{their_id}/revoke").status_code == 404
    )
    assert theirs.get("/me").status_code == 200


def test_the_account_page_lists_the_tokens_and_revokes_one(app, client, world):
    api = Api(app.test_client()).login(world.staff)
    token_id = api.get("/me/tokens").get_json()["items"][0]["id"]
    browser = log_in(client, world.staff)
    page = browser.get("/account/tokens").get_data(as_text=True)
    assert f"#{token_id}" in page and api.token not in page
    assert browser.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert api.get("/me").status_code == 401
    assert f"#{token_id}" not in browser.get("/account/tokens").get_data(as_text=True)
