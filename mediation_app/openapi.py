"""The OpenAPI 3 description of ``/api/v1`` (the contract in shared/API.md).

A test checks that every API route in ``app.url_map`` is described here, so
the document cannot silently fall behind the code.
"""

from flask import jsonify

from mediation_app.api_support import api
from mediation_app.cases.inputs import DISPUTE_TYPES
from mediation_app.cases.models import CaseSource
from mediation_app.cases.search import EARLIEST_DATE, LATEST_DATE, MAX_TERM, SORTS
from mediation_app.documents.kinds import KINDS
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


_ERRORS = {
    str(code): {"$ref": "#/components/responses/Error"} for code in (400, 401, 403, 404, 409, 422, 503)
}


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


def _query(name: str, schema: dict, description: str = "") -> dict:
    parameter = {"name": name, "in": "query", "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


def _case_read(summary: str, schema: dict) -> dict:
    """A GET on one case's sub-resource: ``/cases/{case_id}/…``."""
    return _op(summary, {"200": _json(schema)}, params=[_path_id("case_id")])


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


_MONTH_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
_PERIOD = [
    _query("year", {"type": "integer", "minimum": 2000}, "a calendar year; or from and to"),
    _query("from", {"type": "string", "pattern": _MONTH_PATTERN}, "first month (default: 11 before to)"),
    _query("to", {"type": "string", "pattern": _MONTH_PATTERN}, "last month (default: this month)"),
]

_REGISTRATION_FIELDS = (
    "enterprise_name",
    "uscc",
    "legal_representative",
    "contact_name",
    "phone",
    "email",
    "password",
)

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
                    "dispute_type": {
                        "type": "string",
                        "enum": list(DISPUTE_TYPES),
                        "default": "other",
                        "description": "纠纷类型 (default: other)",
                    },
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
                    "industry": {"type": "string"},
                    "dispute_type": {"type": "string", "enum": list(DISPUTE_TYPES)},
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
                    "override_reason": {
                        "type": "string",
                        "description": "assign/reassign: why a mediator flagged for a conflict is chosen",
                    },
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
                    "kind": {
                        "type": "string",
                        "enum": list(KINDS),
                        "description": "court liaisons see only the kinds a court needs",
                    },
                    "title": {"type": "string", "example": "调解协议书"},
                    "number": {"type": "string", "example": "(2026)海工商调协字第0003号", "nullable": True},
                    "version": {"type": "integer", "description": "a correction is version + 1, same number"},
                    "supersedes_id": {"type": "integer", "nullable": True},
                    "superseded": {"type": "boolean"},
                    "reason": {"type": "string", "nullable": True, "description": "why this version"},
                    "sha256": {"type": "string"},
                    "size": {"type": "integer"},
                    "template_version": {"type": "string"},
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
            "Figures": {
                "type": "object",
                "properties": {
                    **{
                        name: {"type": "integer"}
                        for name in (
                            "received",
                            "accepted",
                            "concluded",
                            "settled",
                            "referred_to_court",
                            "withdrawn",
                            "rejected",
                            "concluded_late",
                        )
                    },
                    "success_rate": {"type": "string", "nullable": True, "example": "66.7"},
                    "average_days_to_conclude": {"type": "string", "nullable": True, "example": "21.5"},
                    "claim_amount": _MONEY,
                    "resolved_claim_amount": _MONEY,
                    "agreed_amount": _MONEY,
                    "performed_amount": _MONEY,
                },
            },
            "Statistics": {
                "type": "object",
                "properties": {
                    "period": {
                        "type": "object",
                        "properties": {
                            "from": {"type": "string", "pattern": _MONTH_PATTERN},
                            "to": {"type": "string", "pattern": _MONTH_PATTERN},
                        },
                    },
                    "headline": {
                        "allOf": [
                            _ref("Figures"),
                            {
                                "type": "object",
                                "properties": {
                                    "overdue_now": {"type": "integer"},
                                    "overdue_now_capped": {
                                        "type": "boolean",
                                        "description": "true when overdue_now is a lower bound",
                                    },
                                },
                            },
                        ]
                    },
                    "months": {
                        "type": "array",
                        "items": {
                            "allOf": [
                                _ref("Figures"),
                                {"type": "object", "properties": {"month": {"type": "string"}}},
                            ]
                        },
                    },
                    "breakdowns": {
                        "type": "object",
                        "description": "by source, industry, chamber, mediator and court",
                        "additionalProperties": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    _ref("Figures"),
                                    {
                                        "type": "object",
                                        "properties": {
                                            "key": {"type": "string"},
                                            "label": {"type": "string"},
                                        },
                                    },
                                ]
                            },
                        },
                    },
                },
            },
            "Totals": {
                "type": "object",
                "properties": {
                    "cases_by_state": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "concluded": {"type": "integer"},
                    "resolved_claim_amount": _MONEY,
                    "agreed_amount": _MONEY,
                    "performed_amount": {**_MONEY, "description": "paid under settled cases' agreements"},
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
        "/statistics": {
            "get": _op(
                "The centre's statistics over whole months (a court's slice for court liaisons): "
                "headline figures, one entry per month and breakdowns by source, industry, chamber, "
                "mediator and court. Intake counts in the filing month, outcomes in the conclusion "
                "month, payments in the payment month; mediators get the outcomes of the cases they "
                "concluded. An inverted, absurd (before 2000, after next year) or over-long "
                "(over 120 months) period is a 422.",
                {"200": _json(_ref("Statistics"))},
                params=_PERIOD,
            )
        },
        "/statistics/monthly-report": {
            "get": _op(
                "The monthly statistics report (统计月报) of the staff member's centre, as a PDF",
                {"200": {"description": "The PDF", "content": {"application/pdf": {}}}},
                params=[{**_query("month", {"type": "string", "pattern": _MONTH_PATTERN}), "required": True}],
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
                "Cases visible to the caller, searched, filtered and sorted (newest first by default), "
                "keyset-paginated: pass next_cursor back as cursor, with the same filters and sort, "
                "for the next page. Every bad parameter is a 422 with an error for that field.",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array", "items": _ref("Case")},
                                "next_cursor": {
                                    "type": "string",
                                    "nullable": True,
                                    "description": "opaque; null on the last page",
                                },
                            },
                        }
                    )
                },
                params=[
                    _query(
                        "number",
                        {"type": "string", "maxLength": MAX_TERM},
                        "the case number contains this text (an exact number matches itself)",
                    ),
                    _query(
                        "party",
                        {"type": "string", "maxLength": MAX_TERM},
                        "the applicant's or respondent's name contains this text, case-insensitively "
                        "where the database folds case; % _ and \\ match themselves",
                    ),
                    _query("state", {"type": "string", "enum": [s.value for s in CaseState]}),
                    _query("mediator_id", {"type": "integer", "minimum": 1}, "the assigned mediator"),
                    _query("source", {"type": "string", "enum": [s.value for s in CaseSource]}),
                    _query(
                        "filed_from",
                        {"type": "string", "format": "date"},
                        f"filed on or after this date (calendar date in China, Asia/Shanghai; "
                        f"{EARLIEST_DATE} to {LATEST_DATE})",
                    ),
                    _query(
                        "filed_to",
                        {"type": "string", "format": "date"},
                        "filed on or before this date (inclusive; not before filed_from)",
                    ),
                    _query(
                        "sort",
                        {"type": "string", "enum": list(SORTS), "default": "newest"},
                        "claim_desc / claim_asc: by claim amount; equal amounts by id",
                    ),
                    _query("cursor", {"type": "string"}, "next_cursor of the previous page"),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
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
        "/cases/{case_id}/respondent-consent": {
            "post": _op(
                "The respondent agrees to mediate (its users; staff record paper or phone consent with "
                "channel). Declining is the decline_mediation trigger.",
                {"200": _json(_ref("Case"))},
                body={
                    "type": "object",
                    "required": ["version"],
                    "properties": {
                        "version": {"type": "integer"},
                        "channel": {"type": "string", "enum": ["paper", "phone"]},
                    },
                },
                params=[_path_id("case_id")],
            )
        },
        "/cases/{case_id}/mediator-suggestions": {
            "get": _case_read(
                "Mediators ranked for this case with their conflicts (staff)", {"type": "array"}
            )
        },
        "/cases/{case_id}/duplicates": {
            "get": _case_read(
                "Other open cases between the same parties (staff)", {"type": "array", "items": _ref("Case")}
            )
        },
        "/me/conflict-declarations": {
            "post": _op(
                "A mediator declares a conflict with an enterprise",
                {"201": _json({"type": "object"})},
                body={
                    "type": "object",
                    "required": ["uscc", "reason"],
                    "properties": {"uscc": {"type": "string"}, "reason": {"type": "string"}},
                },
            )
        },
        "/verifications": {
            "post": _op(
                "Check a document: a code (JSON {code}) or the PDF (multipart file, optional code); "
                "answers only whether it matches, with the kind, number and date",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "match": {"type": "boolean"},
                                "kind": {"type": "string"},
                                "number": {"type": "string", "description": "the document's number"},
                                "version": {"type": "integer"},
                                "superseded": {
                                    "type": "boolean",
                                    "description": "a corrected version has since been issued",
                                },
                                "issued_on": {"type": "string", "format": "date"},
                            },
                        }
                    )
                },
                public=True,
            )
        },
        "/queue": {
            "get": _op(
                "The mediator's open cases, most urgent first (mediators)", {"200": _json({"type": "array"})}
            )
        },
        "/registrations": {
            "post": _op(
                "Register an enterprise user (public); the centre verifies it before it can file",
                {"201": _json({"type": "object"})},
                body={
                    "type": "object",
                    "required": list(_REGISTRATION_FIELDS),
                    "properties": {
                        "centre": {
                            "type": "string",
                            "description": "code of the centre registered with (its staff verify); "
                            "optional when the deployment has one centre",
                        },
                        **{k: {"type": "string"} for k in _REGISTRATION_FIELDS},
                    },
                },
                public=True,
            ),
            "get": _op(
                "Registrations waiting for verification (staff; phones masked)",
                {"200": _json({"type": "array"})},
            ),
        },
        "/registrations/{user_id}/decision": {
            "post": _op(
                "Verify or refuse a registration (staff)",
                {"200": _json({"type": "object"})},
                body={
                    "type": "object",
                    "required": ["approved"],
                    "properties": {"approved": {"type": "boolean"}},
                },
                params=[_path_id("user_id")],
            )
        },
        "/cases/{case_id}/recusal-requests": {
            "post": _op(
                "A party asks that the mediator withdraw (申请回避)",
                {"201": _json({"type": "object"})},
                body={
                    "type": "object",
                    "required": ["grounds"],
                    "properties": {"grounds": {"type": "string"}},
                },
                params=[_path_id("case_id")],
            ),
            "get": _op(
                "The case's recusal requests", {"200": _json({"type": "array"})}, params=[_path_id("case_id")]
            ),
        },
        "/cases/{case_id}/recusal-decision": {
            "post": _op(
                "Staff grant (reassigning to mediator_id, with the case version) or refuse (with a note) the "
                "pending request",
                {"200": _json({"type": "object"})},
                body={
                    "type": "object",
                    "required": ["granted"],
                    "properties": {
                        "granted": {"type": "boolean"},
                        "version": {"type": "integer"},
                        "mediator_id": {"type": "integer"},
                        "override_reason": {"type": "string"},
                        "note": {"type": "string"},
                    },
                },
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
            "get": _case_read("The case's timeline", {"type": "array", "items": _ref("Event")})
        },
        "/cases/{case_id}/documents": {
            "get": _case_read("The case's documents", {"type": "array", "items": _ref("Document")})
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
            "get": _case_read(
                "The evidence files the caller may see", {"type": "array", "items": _ref("Evidence")}
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


# --- Document corrections and signing (mediation_app/documents) ---------------------------
_IMAGE = {"type": "string", "format": "binary"}
SPEC["components"]["schemas"]["SigningStatus"] = {
    "type": "object",
    "properties": {
        "agreement_id": {"type": "integer", "nullable": True, "description": "the version being signed"},
        "effective_on": {"type": "string", "format": "date", "nullable": True},
        "signatures": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "signer_role": {"type": "string", "enum": ["applicant", "respondent", "mediator"]},
                    "method": {"type": "string", "enum": ["drawn", "scan"]},
                    "signed_by": {"type": "object"},
                    "signed_at": {"type": "string", "format": "date-time"},
                    "sha256": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        },
        "awaiting": {"type": "array", "items": {"type": "string"}},
    },
}
SPEC["paths"].update(
    {
        "/documents/{document_id}/corrections": {
            "post": _op(
                "Issue a corrected version (staff, the case's mediator); the old one stays, superseded. "
                "A signed agreement cannot be corrected (409)",
                {"201": _json(_ref("Document"), "The new version")},
                body={"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
                params=[_path_id("document_id")],
            )
        },
        "/cases/{case_id}/signatures": {
            "get": _case_read("Who has signed the agreement, who has not", _ref("SigningStatus")),
            "post": {
                **_op(
                    "Sign the agreement: each party (drawn signature with the company seal, or the signed "
                    "scan), then the mediator; staff record a party's paper signature as a scan. The last "
                    "signature makes the agreement effective and issues the signed copy",
                    {"201": _json(_ref("SigningStatus"))},
                    params=[_path_id("case_id")],
                ),
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["method"],
                                "properties": {
                                    "method": {"type": "string", "enum": ["drawn", "scan"]},
                                    "signature": {**_IMAGE, "description": "drawn: PNG or JPEG, not blank"},
                                    "seal": {**_IMAGE, "description": "drawn, for a party: the seal image"},
                                    "scan": {**_IMAGE, "description": "scan: PDF, PNG or JPEG"},
                                    "party": {
                                        "type": "string",
                                        "enum": ["applicant", "respondent"],
                                        "description": "staff only: whose paper signature this is",
                                    },
                                },
                            }
                        }
                    },
                },
            },
        },
    }
)


# --- Sessions and minutes (mediation_app/sessions) -------------------------------------
_WHEN = {
    "starts_at": {"type": "string", "format": "date-time", "example": "2026-12-03T14:30:00+08:00"},
    "ends_at": {"type": "string", "format": "date-time", "description": "after the start, ≤ 12 hours"},
    "place": {"type": "string", "maxLength": 200},
    "video_link": {"type": "string", "maxLength": 500, "description": "https:// only"},
}
_VERSIONED = {"version": {"type": "integer", "description": "the version you read (0: no minutes yet)"}}
SPEC["components"]["schemas"].update(
    {
        "NewSession": {
            "type": "object",
            "required": ["starts_at", "ends_at"],
            "description": "A place or a video link is required; times with an offset, stored in UTC.",
            "properties": {
                **_WHEN,
                "kind": {"type": "string", "enum": ["joint", "private"], "default": "joint"},
                "party_id": {"type": "integer", "description": "private sessions only: the one party"},
                "participant_ids": {
                    "type": "array",
                    "items": {"type": "integer"},
                    "description": "parties of the case; default both (joint) or the party (private)",
                },
            },
        },
        "Minutes": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "session_id": {"type": "integer"},
                "text": {"type": "string"},
                "status": {"type": "string", "enum": ["draft", "final"]},
                "sha256": {"type": "string", "nullable": True},
                "version": {"type": "integer"},
                "updated_at": {"type": "string", "format": "date-time"},
                "finalised_at": {"type": "string", "format": "date-time", "nullable": True},
            },
        },
        "Session": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "case_id": {"type": "integer"},
                "kind": {"type": "string", "enum": ["joint", "private"]},
                "party_id": {"type": "integer", "nullable": True},
                "participant_ids": {"type": "array", "items": {"type": "integer"}},
                **_WHEN,
                "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
                "cancel_reason": {"type": "string", "nullable": True},
                "mediator": {"type": "object"},
                "uid": {"type": "string", "description": "the calendar invitation's UID"},
                "sequence": {"type": "integer", "description": "the invitation's SEQUENCE"},
                "version": {"type": "integer"},
                "minutes": {**_ref("Minutes"), "nullable": True},
            },
        },
    }
)
_SESSION = [_path_id("session_id")]
SPEC["paths"].update(
    {
        "/cases/{case_id}/sessions": {
            "post": _op(
                "Schedule a session and e-mail the participants an .ics invitation (the case's "
                "mediator, staff; case accepted or in mediation)",
                {"201": _json(_ref("Session"))},
                body=_ref("NewSession"),
                params=[_path_id("case_id")],
            ),
            "get": _case_read(
                "The sessions the caller may see (private ones: the mediator, staff and that party)",
                {"type": "array", "items": _ref("Session")},
            ),
        },
        "/sessions/{session_id}": {
            "get": _op("One session", {"200": _json(_ref("Session"))}, params=_SESSION)
        },
        "/sessions/{session_id}/reschedule": {
            "post": _op(
                "Move a session (new time and place, a reason); the invitation is updated",
                {"200": _json(_ref("Session"))},
                body={
                    "type": "object",
                    "required": ["version", "starts_at", "ends_at", "reason"],
                    "properties": {**_VERSIONED, **_WHEN, "reason": {"type": "string"}},
                },
                params=_SESSION,
            )
        },
        "/sessions/{session_id}/cancel": {
            "post": _op(
                "Cancel a session (a reason); the invitation is withdrawn (METHOD:CANCEL)",
                {"200": _json(_ref("Session"))},
                body={
                    "type": "object",
                    "required": ["version", "reason"],
                    "properties": {**_VERSIONED, "reason": {"type": "string"}},
                },
                params=_SESSION,
            )
        },
        "/sessions/{session_id}/minutes": {
            "get": _op(
                "The minutes: for the parties and the court only finalised minutes of joint sessions",
                {"200": _json(_ref("Minutes"))},
                params=_SESSION,
            ),
            "put": _op(
                "Write or rewrite the draft minutes (the case's mediator, staff)",
                {"200": _json(_ref("Minutes"))},
                body={
                    "type": "object",
                    "required": ["version", "text"],
                    "properties": {**_VERSIONED, "text": {"type": "string", "maxLength": 100000}},
                },
                params=_SESSION,
            ),
        },
        "/sessions/{session_id}/minutes/finalise": {
            "post": _op(
                "Finalise the minutes (no more edits) and tell the participants",
                {"200": _json(_ref("Minutes"))},
                body={"type": "object", "required": ["version"], "properties": _VERSIONED},
                params=_SESSION,
            )
        },
    }
)
# --- end of sessions and minutes ---------------------------------------------------------


# --- Court linkage (mediation_app/court) ----------------------------------------------------
_DAY = {"type": "string", "format": "date"}
_CASE = [_path_id("case_id")]
SPEC["components"]["schemas"].update(
    {
        "Instalment": {
            "type": "object",
            "required": ["amount", "due_on"],
            "properties": {"amount": _MONEY, "due_on": _DAY},
        },
        "Performance": {
            "type": "object",
            "description": "Payments go to instalments in due order; an instalment is overdue from the "
            "day after its due date (China calendar days); a case with an overdue, unpaid instalment "
            "is in default.",
            "properties": {
                "agreed_amount": _MONEY,
                "paid": _MONEY,
                "owed": _MONEY,
                "overdue_amount": _MONEY,
                "in_default": {"type": "boolean"},
                "instalments": {"type": "array", "items": {"type": "object"}},
                "payments": {"type": "array", "items": _ref("Payment")},
                "visits": {"type": "array", "items": _ref("FollowUpVisit")},
            },
        },
        "Payment": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "amount": _MONEY,
                "paid_on": _DAY,
                "note": {"type": "string"},
                "recorded_by": {"type": "object"},
                "created_at": {"type": "string", "format": "date-time"},
            },
        },
        "FollowUpVisit": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "visited_on": _DAY,
                "note": {"type": "string"},
                "recorded_by": {"type": "object"},
                "created_at": {"type": "string", "format": "date-time"},
            },
        },
        "Referral": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "case_id": {"type": "integer"},
                "case_number": {"type": "string"},
                "court_case_number": {"type": "string", "nullable": True},
                "reason": {"type": "string"},
                "referred_at": {"type": "string", "format": "date-time"},
                "acknowledged_at": {"type": "string", "format": "date-time", "nullable": True},
                "filing_number": {"type": "string", "nullable": True, "description": "立案号"},
                "unacknowledged_over_3_days": {"type": "boolean"},
                "updated_at": {"type": "string", "format": "date-time"},
            },
        },
        "Confirmation": {
            "type": "object",
            "description": "Judicial confirmation (司法确认): the parties apply jointly within 30 days of "
            "the agreement taking effect (the last day is effective date + 30, inclusive).",
            "properties": {
                "agreement_effective_on": {**_DAY, "nullable": True},
                "window_last_day": {**_DAY, "nullable": True},
                "days_left": {"type": "integer", "nullable": True},
                "window_open": {"type": "boolean"},
                "applied_on": {**_DAY, "nullable": True},
                "application_document_id": {"type": "integer", "nullable": True},
                "late_reason": {"type": "string", "nullable": True},
                "outcome": {"type": "string", "enum": ["confirmed", "not_confirmed"], "nullable": True},
                "confirmation_number": {"type": "string", "nullable": True},
                "decided_on": {**_DAY, "nullable": True},
                "reason": {"type": "string", "nullable": True},
                "enforceable": {"type": "boolean"},
            },
        },
    }
)
SPEC["components"]["schemas"]["Transition"]["properties"]["instalments"] = {
    "type": "array",
    "items": _ref("Instalment"),
    "description": "settle: amounts adding up to agreed_amount, due from today to performance_deadline; "
    "default one instalment of the agreed amount due on performance_deadline",
}
SPEC["paths"].update(
    {
        "/cases/{case_id}/performance": {
            "get": _case_read(
                "Instalments, payments, follow-up visits and the default flag", _ref("Performance")
            )
        },
        "/cases/{case_id}/payments": {
            "post": _op(
                "Record a payment under the agreement (the case's mediator, staff; settled cases): positive, "
                "at most what is still owed, paid between the settlement and today",
                {"201": _json(_ref("Payment"))},
                body={
                    "type": "object",
                    "required": ["amount", "paid_on"],
                    "properties": {"amount": _MONEY, "paid_on": _DAY, "note": {"type": "string"}},
                },
                params=_CASE,
            )
        },
        "/cases/{case_id}/follow-up-visits": {
            "post": _op(
                "Record a follow-up visit on performance (履行回访; the case's mediator, staff)",
                {"201": _json(_ref("FollowUpVisit"))},
                body={
                    "type": "object",
                    "required": ["visited_on", "note"],
                    "properties": {"visited_on": _DAY, "note": {"type": "string"}},
                },
                params=_CASE,
            )
        },
        "/cases/{case_id}/delegation-letter": {
            "post": _op(
                "Attach the court's letter of delegation (multipart file; the court's liaison or staff)",
                {"201": _json(_ref("Evidence"))},
                params=_CASE,
            )
        },
        "/referrals": {
            "get": _op(
                "Referrals of the caller's court (staff: the centre's) changed after since, oldest change "
                "first; pass next_cursor back as cursor for the next page",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array", "items": _ref("Referral")},
                                "next_cursor": {"type": "string", "nullable": True},
                            },
                        }
                    )
                },
                params=[
                    _query("since", {"type": "string", "format": "date-time"}, "ISO 8601 with offset"),
                    _query("cursor", {"type": "string"}),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}),
                ],
            )
        },
        "/court/outcomes": {
            "get": _op(
                "Cases by state for the caller's court (staff: the centre), with unacknowledged referrals "
                "(flagged: over 3 days), enforceable and defaulting cases (liaisons, staff)",
                {"200": _json({"type": "object", "additionalProperties": {"type": "integer"}})},
            )
        },
        "/cases/{case_id}/referral": {"get": _case_read("The case's referral to court", _ref("Referral"))},
        "/cases/{case_id}/referral/package": {
            "get": _op(
                "The referral package: termination notice, case summary, evidence list and the evidence "
                "files the court may read (zip, with X-Content-SHA256)",
                {"200": {"description": "The zip", "content": {"application/zip": {}}}},
                params=_CASE,
            )
        },
        "/cases/{case_id}/referral/acknowledgement": {
            "post": _op(
                "The court acknowledges receipt with its filing number (立案号; its liaison, once)",
                {"200": _json(_ref("Referral"))},
                body={
                    "type": "object",
                    "required": ["filing_number"],
                    "properties": {"filing_number": {"type": "string", "example": "(2026)苏0621民初123号"}},
                },
                params=_CASE,
            )
        },
        "/cases/{case_id}/confirmation": {
            "get": _case_read(
                "The judicial-confirmation window and decision (settled cases)", _ref("Confirmation")
            )
        },
        "/cases/{case_id}/confirmation/application": {
            "post": _op(
                "Record the parties' joint application and issue it (the case's mediator, staff); after the "
                "window only with late_reason",
                {"201": _json(_ref("Confirmation"))},
                body={"type": "object", "properties": {"late_reason": {"type": "string"}}},
                params=_CASE,
            )
        },
        "/cases/{case_id}/confirmation/outcome": {
            "post": _op(
                "Record the court's decision once (its liaison, staff): confirmed with the 诉前调确 number "
                "and date, or not confirmed with the reason; late_reason when neither the application nor "
                "today is within the window",
                {"200": _json(_ref("Confirmation"))},
                body={
                    "type": "object",
                    "required": ["outcome", "decided_on"],
                    "properties": {
                        "outcome": {"type": "string", "enum": ["confirmed", "not_confirmed"]},
                        "confirmation_number": {
                            "type": "string",
                            "example": "(2026)苏0621民诉前调确12号",
                        },
                        "decided_on": _DAY,
                        "reason": {"type": "string"},
                        "late_reason": {"type": "string"},
                    },
                },
                params=_CASE,
            )
        },
    }
)
# --- end of court linkage ----------------------------------------------------------------------


# --- Federations (mediation_app/federation) -----------------------------------------------
_FEDERATION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "level": {"type": "string", "enum": ["city", "province"]},
    },
}
SPEC["components"]["schemas"]["RollUp"] = {
    "type": "object",
    "description": "A federation's figures: ``totals`` is exactly the sum of its member centres' "
    "totals (a city federation) or of its member cities' roll-ups (a province federation).",
    "properties": {
        "federation": _FEDERATION,
        "totals": _ref("Totals"),
        "centres": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "totals": _ref("Totals"),
                },
            },
        },
        "members": {"type": "array", "items": _ref("RollUp"), "description": "a province's cities"},
    },
}
SPEC["paths"]["/federation/totals"] = {
    "get": _op(
        "The caller's federation: the roll-up and each member centre's totals (federation users; "
        "figures only, never a case)",
        {"200": _json(_ref("RollUp"))},
    )
}
# --- end of federations ---------------------------------------------------------------------

# --- satisfaction surveys ------------------------------------------------------------------
SPEC["components"]["schemas"]["SurveyAnswer"] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "case_id": {"type": "integer"},
        "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "comment": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
    },
}
SPEC["paths"]["/cases/{case_id}/survey"] = {
    "post": _op(
        "Answer the satisfaction survey of a concluded case (settled, referred to court or withdrawn): "
        "a user of either party, once per party (a second answer: 409; an open case: 409; "
        "anyone else: 403). The score is not shown to the other party or the mediator",
        {"201": _json(_ref("SurveyAnswer"))},
        body={
            "type": "object",
            "required": ["score"],
            "properties": {
                "score": {"type": "integer", "minimum": 1, "maximum": 5, "description": "5 = very satisfied"},
                "comment": {"type": "string", "maxLength": 2000},
            },
        },
        params=[_path_id("case_id")],
    )
}
# --- end of satisfaction surveys ----------------------------------------------------------------


@api.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
