"""The API contract as a whole: the generated document describes every route and
every payload, hostile values never reach a 500, and a bounded schemathesis run
against the live app (a real HTTP server) finds no server error and no response
that breaks the document."""

import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mediation_app.core.types import MAX_ID

API = "/api/v1"


@pytest.fixture
def document(client):
    return client.get(f"{API}/openapi.json").get_json()


def _api_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(f"{API}/")]


def test_the_generated_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_api_route_is_declared_with_its_payloads(app, document):
    for rule in _api_rules(app):
        if rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"].get(path, {}).get(method.lower())
            assert operation, f"{method} {rule.rule} is not declared with @endpoint"
            assert operation["summary"] and not operation["summary"].endswith(">"), f"{rule.rule}: no summary"
            assert "422" in operation["responses"], rule.rule


def test_every_json_body_and_json_response_has_a_typed_schema(document):
    """No payload is an untyped object: each points to a component with properties."""
    components = document["components"]["schemas"]

    def typed(schema: dict) -> bool:
        if "$ref" in schema:
            target = components[schema["$ref"].rsplit("/", 1)[1]]
            return bool(target.get("properties") or target.get("oneOf") or target.get("items"))
        if schema.get("type") == "array":
            return typed(schema["items"])
        return False

    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                assert typed(body["schema"]), f"{method} {path}: request body"
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if content:
                    assert typed(content["schema"]), f"{method} {path}: {status} response"


def _concrete(rule, value) -> str:
    return rule.rule.replace("<int:", "{").replace(">", "}").format_map(_Every(value))


class _Every(dict):
    def __init__(self, value):
        super().__init__()
        self.value = value

    def __missing__(self, key):
        return self.value


@pytest.mark.parametrize("value", [MAX_ID + 1, 10**30, 0])
def test_an_id_beyond_its_column_is_not_found_on_every_route(app, world, api, value):
    staff = api(world.staff)
    for rule in _api_rules(app):
        if "<int:" not in rule.rule:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = staff.client.open(
                _concrete(rule, value),
                method=method,
                json={},
                headers={"Authorization": f"Bearer {staff.token}"},
            )
            assert response.status_code == 404, (method, rule.rule, response.get_data(as_text=True))


HOSTILE_TRANSITIONS = [
    {"trigger": ["assign"], "version": 1},
    {"trigger": {"a": 1}, "version": 1},
    {"trigger": "reject", "version": "1"},
    {"trigger": "reject", "version": True},
    {"trigger": "reject", "version": 2**63},
    {"trigger": "reject", "version": 1.5},
    {"trigger": "assign", "version": 1, "mediator_id": 2**40},
    {"trigger": "assign", "version": 1, "mediator_id": "1"},
    {"trigger": "reject", "version": 1, "reason": ["x"]},
    {"trigger": "reject", "version": 1, "reason": "x" * 100_000},
    {"trigger": "reject", "version": 1, "reason": "a\u202eb"},
]


@pytest.mark.parametrize("body", HOSTILE_TRANSITIONS, ids=range(len(HOSTILE_TRANSITIONS)))
def test_a_hostile_transition_is_refused_field_by_field_and_changes_nothing(world, api, body):
    case_id = world.case("filed")
    staff = api(world.staff)
    before = staff.get(f"/cases/{case_id}").get_json()
    response = staff.post(f"/cases/{case_id}/transitions", json=body)
    assert response.status_code in (409, 422), response.get_json()
    error = response.get_json()["error"]
    assert error["message"]
    if response.status_code == 422:
        assert error["fields"], error
    assert staff.get(f"/cases/{case_id}").get_json() == before


def test_json_nested_beyond_any_payload_is_malformed_not_a_crash(world, api):
    staff = api(world.staff)
    for depth in (40, 100_000):
        body = "[" * depth + "]" * depth
        response = staff.post("/cases", data=body, content_type="application/json")
        assert response.status_code == 400, depth
        assert response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_a_date_no_court_would_write_is_refused(world, api, day):
    case_id = world.case("mediated")
    data = {**world.trigger_data("record_agreement"), "performance_deadline": day}
    response = api(world.mediator).fire(case_id, "record_agreement", **data)
    assert response.status_code == 422
    assert "performance_deadline" in response.get_json()["error"]["fields"]


# A bounded schemathesis run over the real HTTP stack: every operation, as staff and as an
# enterprise, with generated (schema-valid) values; any 5xx or any response that breaks the
# document fails. The figures are printed for the record.
EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def _exercise(operation, server: str, headers: dict, calls: Counter, failures: list) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(base_url=server, headers=headers, timeout=30)
        calls[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except AssertionError as failure:
            failures.append(f"{operation.label}: {failure}"[:800])

    run()


def test_schemathesis_finds_no_server_error_and_no_schema_violation(app, world, api, server, document):
    world.case("filed"), world.case("mediated"), world.case("settled")
    schema = schemathesis.openapi.from_dict(document)
    failures, calls = [], Counter()
    for person in (world.staff, world.applicant):
        headers = {"Authorization": f"Bearer {api(person).token}"}
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.path.endswith("/tokens/current"):
                continue  # revoking the token would end the run's own session
            _exercise(operation, server, headers, calls, failures)
    print(
        f"\nschemathesis: {sum(calls.values())} calls {dict(sorted(calls.items()))}, {len(failures)} failures"
    )
    assert not [s for s in calls if s >= 500], failures
    assert not failures, "\n".join(failures[:10])
