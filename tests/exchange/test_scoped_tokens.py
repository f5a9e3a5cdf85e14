"""A court system's token (scope ``court_exchange``) reaches the court exchange and
nothing else, whatever its account may do otherwise."""

from flask import url_for

from tests.conftest import Api
from tests.exchange.conftest import COURT_NUMBER, delegated


def _scoped(client, person) -> Api:
    api = Api(client)
    answer = client.post(
        "/api/v1/tokens",
        json={"email": person.email, "password": person.password, "scopes": ["court_exchange"]},
    )
    assert answer.status_code == 201 and answer.get_json()["scopes"] == ["court_exchange"]
    api.token = answer.get_json()["token"]
    return api


def _api_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_a_scoped_token_is_refused_every_route_outside_its_scope(app, world, client):
    court = _scoped(client, world.liaison)
    scoped = {
        "api.exchange_schema",
        "api.export_case",
        "api.export_cases",
        "api.import_cases",
        "api.revoke_current_token",
    }
    refused, reached = [], []
    for rule, method in _api_routes(app):
        if rule.endpoint in scoped:
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **dict.fromkeys(rule.arguments, 1))
        status = court.call(
            method, url.removeprefix("/api/v1"), json={} if method in ("POST", "PUT") else None
        )
        status.close()
        (refused if status.status_code == 403 else reached).append((method, url, status.status_code))
    # Public routes answer without looking at a token, unless one is sent: then it is checked too.
    assert reached == [] and refused


def test_a_scoped_token_exchanges_its_courts_cases(world, client):
    court = _scoped(client, world.liaison)
    case_id = world.case("filed", source="court_delegated", court_case_number=COURT_NUMBER.format(n=1))
    assert court.get(f"/court-exchange/cases/{case_id}").status_code == 200
    assert court.get("/court-exchange/cases?court=苏0621").status_code == 200
    assert court.get("/court-exchange/cases?court=苏0682").status_code == 422  # another court's
    batch = {"format": "court-exchange/1", "cases": [delegated(2)]}
    assert court.post("/court-exchange/cases", json=batch).status_code == 201
    assert court.get(f"/cases/{case_id}").status_code == 403  # the case API is outside the scope
    assert court.call("DELETE", "/tokens/current").status_code == 204
    assert court.get(f"/court-exchange/cases/{case_id}").status_code == 401


def test_a_scoped_staff_token_cannot_manage_webhooks(world, client):
    staff = _scoped(client, world.staff)
    assert staff.get("/court-exchange/endpoints").status_code == 403
    assert staff.get("/court-exchange/cases?court=苏0621").status_code == 200


def test_an_unknown_scope_is_refused(world, client):
    answer = client.post(
        "/api/v1/tokens",
        json={"email": world.liaison.email, "password": world.liaison.password, "scopes": ["all"]},
    )
    assert answer.status_code == 422 and "scopes.0" in answer.get_json()["error"]["fields"]


def test_the_account_page_marks_a_scoped_token(world, client, browser):
    _scoped(client, world.liaison)
    page = browser(world.liaison)
    page.post("/lang/en")
    assert "court exchange only" in page.get("/account/tokens").get_data(as_text=True)
