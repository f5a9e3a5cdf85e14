"""The OpenAPI 3 description of ``/api/v1`` (the contract in shared/API.md).

A test checks that every API route in ``app.url_map`` is described here, so
the document cannot silently fall behind the code.
"""

from flask import jsonify

from mediation_app.api_support import api
from workflows.case_states import CaseState
from workflows.case_workflow import TRIGGERS

_MONEY = {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,2})?$", "example": "580000.00"}
_PARTY = {
    "type": "object",
    "required": ["name", "uscc"],
    "properties": {
        "name": {"type": "string", "maxLength": 200},
        "uscc": {"type": "string", "minLength": 18, "maxLength": 18},
    },
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {str(code): {"$ref": "#/components/responses/Error"} for code in (400, 401, 403, 404, 409, 422)}


def _op(
    summary: str,
    responses: dict,
    body: dict | None = None,
    params: list | None = None,
    public: bool = False,
    multipart: dict | None = None,
) -> dict:
    operation = {"summary": summary, "responses": {**responses, **_ERRORS}}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if multipart:
        form = {"type": "object", "required": ["file", "category"], "properties": multipart}
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": form}}}
    if params:
        operation["parameters"] = params
    if public:
        operation["security"] = []
    return operation


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


SPEC = {
    "openapi": "3.0.3",
    "info": {
        "title": "Mediation centre case management API",
        "version": "1.0.0",
        "description": "Cases, their lifecycle, documents and the centre's totals. "
        "Money is a string with two decimals; times are ISO 8601 with offset.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "responses": {"Error": _json(_ref("Error"), "Error")},
        "schemas": {
            "Error": {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                        },
                    }
                },
            },
            "Money": _MONEY,
            "Party": _PARTY,
            "NewCase": {
                "type": "object",
                "required": ["respondent", "claim_amount", "summary"],
                "properties": {
                    "applicant": _PARTY,
                    "respondent": _PARTY,
                    "claim_amount": _MONEY,
                    "summary": {"type": "string", "maxLength": 5000},
                    "industry": {"type": "string"},
                    "source": {"type": "string", "enum": ["direct", "court_delegated", "court_commissioned"]},
                    "court_case_number": {"type": "string", "example": "(2024)苏0621民诉前调123号"},
                    "procedure": {
                        "type": "string",
                        "enum": ["ordinary", "simple"],
                        "description": "court_commissioned only: 15 or 7 days",
                    },
                    "centre_id": {"type": "integer"},
                },
            },
            "Case": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "number": {"type": "string"},
                    "state": {"type": "string", "enum": [s.value for s in CaseState]},
                    "claim_amount": _MONEY,
                    "agreed_amount": {**_MONEY, "nullable": True},
                    "applicant": _PARTY,
                    "respondent": _PARTY,
                    "mediator": {
                        "type": "object",
                        "nullable": True,
                        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                    },
                    "source": {"type": "string"},
                    "court_case_number": {"type": "string", "nullable": True},
                    "deadline": {"type": "string", "format": "date", "nullable": True},
                    "deadline_status": {
                        "type": "string",
                        "enum": ["not_started", "running", "due_soon", "overdue"],
                    },
                    "days_left": {"type": "integer", "nullable": True},
                    "procedure": {"type": "string", "enum": ["ordinary", "simple"]},
                    "extension_days": {"type": "array", "items": {"type": "integer"}},
                    "version": {"type": "integer"},
                    "allowed_triggers": {
                        "type": "array",
                        "items": {"type": "string", "enum": list(TRIGGERS)},
                    },
                    "created_at": {"type": "string", "format": "date-time"},
                    "updated_at": {"type": "string", "format": "date-time"},
                },
            },
            "Transition": {
                "type": "object",
                "required": ["trigger", "version"],
                "properties": {
                    "trigger": {"type": "string", "enum": list(TRIGGERS)},
                    "version": {"type": "integer"},
                    "mediator_id": {"type": "integer"},
                    "reason": {"type": "string"},
                    "respondent_consent": {"type": "boolean"},
                    "agreed_amount": _MONEY,
                    "terms": {"type": "array", "items": {"type": "string"}},
                    "performance_deadline": {"type": "string", "format": "date"},
                },
            },
            "Event": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "action": {"type": "string"},
                    "actor": {"type": "object", "nullable": True},
                    "from_state": {"type": "string", "nullable": True},
                    "to_state": {"type": "string", "nullable": True},
                    "data": {"type": "object"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "hash": {"type": "string"},
                },
            },
            "Document": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "kind": {"type": "string"},
                    "sha256": {"type": "string"},
                    "created_at": {"type": "string", "format": "date-time"},
                },
            },
            "Evidence": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "category": {"type": "string"},
                    "description": {"type": "string"},
                    "content_type": {"type": "string"},
                    "size": {"type": "integer"},
                    "sha256": {"type": "string"},
                    "mediator_only": {"type": "boolean"},
                    "uploaded_by": {"type": "object"},
                    "created_at": {"type": "string", "format": "date-time"},
                },
            },
            "Totals": {
                "type": "object",
                "properties": {
                    "cases_by_state": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "concluded": {"type": "integer"},
                    "resolved_claim_amount": _MONEY,
                    "agreed_amount": _MONEY,
                    "referred_to_court": {"type": "integer"},
                },
            },
        },
    },
    "paths": {
        "/tokens": {
            "post": _op(
                "Log in and get a bearer token",
                {
                    "201": _json(
                        {
                            "type": "object",
                            "properties": {
                                "token": {"type": "string"},
                                "expires_at": {"type": "string", "format": "date-time"},
                            },
                        }
                    )
                },
                body={
                    "type": "object",
                    "required": ["email", "password"],
                    "properties": {"email": {"type": "string"}, "password": {"type": "string"}},
                },
                public=True,
            )
        },
        "/tokens/current": {
            "delete": _op("Revoke the token of this request", {"204": {"description": "Revoked"}})
        },
        "/me": {"get": _op("The caller", {"200": _json({"type": "object"})})},
        "/mediators": {"get": _op("The centre's mediators (staff)", {"200": _json({"type": "array"})})},
        "/totals": {
            "get": _op(
                "The centre's totals; a court's slice for court liaisons", {"200": _json(_ref("Totals"))}
            )
        },
        "/cases": {
            "post": _op(
                "File a case; a retry with the same Idempotency-Key returns the case filed first",
                {"201": _json(_ref("Case"))},
                body=_ref("NewCase"),
                params=[
                    {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 64}}
                ],
            ),
            "get": _op(
                "Cases visible to the caller, newest first",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array", "items": _ref("Case")},
                                "next_cursor": {"type": "string", "nullable": True},
                            },
                        }
                    )
                },
                params=[
                    {"name": "state", "in": "query", "schema": {"type": "string"}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    },
                ],
            ),
        },
        "/cases/{case_id}": {
            "get": _op("One case", {"200": _json(_ref("Case"))}, params=[_path_id("case_id")])
        },
        "/cases/{case_id}/transitions": {
            "post": _op(
                "Fire a lifecycle trigger",
                {"200": _json(_ref("Case"))},
                body=_ref("Transition"),
                params=[_path_id("case_id")],
            )
        },
        "/cases/{case_id}/deadline-extensions": {
            "post": _op(
                "Extend the mediation time limit with the parties' agreement (staff, the case's mediator)",
                {"200": _json(_ref("Case"))},
                body={
                    "type": "object",
                    "required": ["version", "days", "parties_consent"],
                    "properties": {
                        "version": {"type": "integer"},
                        "days": {"type": "integer", "minimum": 1},
                        "parties_consent": {"type": "boolean", "enum": [True]},
                        "note": {"type": "string"},
                    },
                },
                params=[_path_id("case_id")],
            )
        },
        "/cases/{case_id}/events": {
            "get": _op(
                "The case's timeline",
                {"200": _json({"type": "array", "items": _ref("Event")})},
                params=[_path_id("case_id")],
            )
        },
        "/cases/{case_id}/documents": {
            "get": _op(
                "The case's documents",
                {"200": _json({"type": "array", "items": _ref("Document")})},
                params=[_path_id("case_id")],
            )
        },
        "/cases/{case_id}/evidence": {
            "post": _op(
                "Add an evidence file (multipart: file, category, description, mediator_only)",
                {"201": _json(_ref("Evidence"))},
                params=[_path_id("case_id")],
                multipart={
                    "file": {"type": "string", "format": "binary"},
                    "category": {"type": "string"},
                    "description": {"type": "string"},
                    "mediator_only": {"type": "boolean"},
                },
            ),
            "get": _op(
                "The evidence files the caller may see",
                {"200": _json({"type": "array", "items": _ref("Evidence")})},
                params=[_path_id("case_id")],
            ),
        },
        "/evidence/{evidence_id}": {
            "get": _op(
                "Download an evidence file (with X-Content-SHA256)",
                {"200": {"description": "The file, with its original name in Content-Disposition"}},
                params=[_path_id("evidence_id")],
            )
        },
        "/documents/{document_id}": {
            "get": _op(
                "Download a document (PDF, with X-Content-SHA256)",
                {"200": {"description": "The PDF", "content": {"application/pdf": {}}}},
                params=[_path_id("document_id")],
            )
        },
        "/openapi.json": {"get": _op("This document", {"200": _json({"type": "object"})}, public=True)},
    },
}


@api.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
