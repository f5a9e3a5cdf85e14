"""Security headers and error pages on every kind of response."""

import pytest

from mediation_app.reporting import views
from tests.conftest import log_in

PATHS = ["/login", "/api/v1/openapi.json", "/does-not-exist", "/api/v1/nothing-here", "/api/v1/me"]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Request-Id"]


def test_api_errors_have_the_contract_shape(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {"error": {"code": "not_found", "message": "未找到。"}}
    assert client.delete("/api/v1/cases").status_code == 405


def test_an_unexpected_error_shows_a_generic_page_with_a_reference(app, world, monkeypatch):
    client = log_in(app.test_client(), world.staff)

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "totals", broken)
    response = client.get("/dashboard")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in html and "Traceback" not in html
    assert response.headers["X-Request-Id"] in html


def test_chinese_by_default_english_on_request(client):
    assert "登录" in client.get("/login").get_data(as_text=True)
    # Pages stay Chinese until English is chosen with the switch; the API follows Accept-Language.
    assert "登录" in client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.post("/lang/en")
    assert "Log in" in client.get("/login").get_data(as_text=True)


def test_session_cookies_are_http_only_and_same_site(world, client):
    response = client.post("/login", data={"email": world.staff.email, "password": world.staff.password})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
