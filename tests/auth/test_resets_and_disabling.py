"""An administrator's reset (and the operator's) forces a new password; disabling an
account ends its access at once. Both end every session and token of the account."""

import re
from dataclasses import replace

import pytest

from mediation_app.auth.operations import reset_password
from tests.conftest import Api, log_in

NEW_PASSWORD = "a-brand-new-passphrase"


def _reset_on_the_page(app, world, person) -> str:
    admin = log_in(app.test_client(), world.admin)
    response = admin.post(f"/admin/accounts/{person.id}/reset-password", data={"confirm": "yes"})
    assert response.status_code == 200
    return re.search(r'<code class="pre">([^<]+)</code>', response.get_data(as_text=True))[1]


def test_a_reset_ends_access_and_forces_a_new_password(app, client, world):
    old_cookie, old_token = log_in(app.test_client(), world.staff), Api(app.test_client()).login(world.staff)
    temporary = _reset_on_the_page(app, world, world.staff)
    assert old_cookie.get("/cases").status_code == 302 and old_token.get("/me").status_code == 401
    reset = replace(world.staff, password=temporary)
    browser = log_in(client, reset)
    for page in ("/cases", "/dashboard", "/account/tokens"):
        response = browser.get(page)
        assert response.status_code == 302 and response.location.endswith("/account/password")
    api = Api(app.test_client()).login(reset)
    refused = api.get("/cases")
    assert refused.status_code == 403 and "/api/v1/me/password" in refused.get_json()["error"]["message"]
    data = {"current_password": temporary, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert browser.post("/account/password", data=data).status_code == 302
    assert browser.get("/cases").status_code == 200
    assert api.get("/me").status_code == 401  # the change ended it too


def test_the_api_changes_a_reset_password_and_nothing_else(app, client, world):
    with app.app_context():
        temporary = reset_password(world.admin.user(), world.staff.id)
    api = Api(client).login(replace(world.staff, password=temporary))
    assert api.get("/me/tokens").status_code == 403
    body = {"current_password": temporary, "new_password": NEW_PASSWORD}
    assert api.post("/me/password", json=body).status_code == 204
    assert (
        Api(app.test_client()).login(replace(world.staff, password=NEW_PASSWORD)).get("/cases").status_code
        == 200
    )


def test_the_operators_command_resets_a_password(app, world):
    result = app.test_cli_runner().invoke(
        args=["users", "reset-password", "--email", world.staff.email.upper()]
    )
    assert result.exit_code == 0, result.output
    temporary = result.output.rsplit(": ", 1)[1].strip()
    browser = log_in(app.test_client(), replace(world.staff, password=temporary))
    assert browser.get("/cases").location.endswith("/account/password")
    missing = app.test_cli_runner().invoke(args=["users", "reset-password", "--email", "nobody@test.example"])
    assert missing.exit_code != 0 and world.staff.email not in missing.output


def test_disabling_an_account_ends_its_cookie_and_token_on_the_next_request(app, client, world):
    browser, api = log_in(app.test_client(), world.staff), Api(app.test_client()).login(world.staff)
    admin = log_in(client, world.admin)
    disable = {"active": "no", "confirm": "yes"}
    assert admin.post(f"/admin/accounts/{world.staff.id}/active", data=disable).status_code == 302
    assert browser.get("/cases").status_code == 302 and api.get("/me").status_code == 401
    assert (
        app.test_client()
        .post("/login", data={"email": world.staff.email, "password": world.staff.password})
        .status_code
        == 200
    )
    assert admin.post(f"/admin/accounts/{world.staff.id}/active", data={"active": "yes"}).status_code == 302
    log_in(app.test_client(), world.staff)


@pytest.mark.parametrize("action", ["reset-password", "active"])
def test_an_administrator_manages_neither_their_own_account_nor_a_missing_one(client, world, action):
    admin = log_in(client, world.admin)
    for user_id in (world.admin.id, 999_999):
        assert admin.post(f"/admin/accounts/{user_id}/{action}", data={"active": "no"}).status_code == 404
    log_in(client.application.test_client(), world.admin)  # still works


def test_the_accounts_page_lists_the_centre_and_never_a_password(client, world):
    page = log_in(client, world.admin).get("/admin/accounts").get_data(as_text=True)
    assert world.staff.email in page and world.admin.email not in page and "<code" not in page
