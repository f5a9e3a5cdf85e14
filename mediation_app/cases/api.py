"""JSON API for cases (see shared API.md); thin: parse, call one operation, present."""

from flask import jsonify, request
from flask_babel import gettext as _

from mediation_app.api_support import api, caller, json_body, remote_addr
from mediation_app.cases import operations, queries
from mediation_app.cases.permissions import may_download_documents
from mediation_app.cases.presenters import case_json, document_json, event_json
from mediation_app.documents.delivery import send_document
from mediation_app.errors import Forbidden, ValidationFailed
from workflows.case_states import CaseState


@api.post("/cases")
def create_case():
    user = caller()
    case = operations.file_case(
        user, json_body(), submission_key=request.headers.get("Idempotency-Key"), remote_addr=remote_addr()
    )
    return jsonify(case_json(case, user)), 201


@api.get("/cases/<int:case_id>")
def get_case(case_id: int):
    user = caller()
    return jsonify(case_json(queries.get_visible_case(user, case_id), user))


def _list_arguments() -> dict:
    errors, args = {}, {}
    state = request.args.get("state")
    if state:
        try:
            args["state"] = CaseState(state)
        except ValueError:
            errors["state"] = _("unknown state")
    cursor = request.args.get("cursor")
    if cursor:
        if cursor.isascii() and cursor.isdigit():
            args["before_id"] = int(cursor)
        else:
            errors["cursor"] = _("is not a cursor returned by this list")
    limit = request.args.get("limit", "20")
    if limit.isascii() and limit.isdigit() and 1 <= int(limit) <= queries.MAX_PAGE:
        args["limit"] = int(limit)
    else:
        errors["limit"] = _("must be between 1 and %(n)d", n=queries.MAX_PAGE)
    if errors:
        raise ValidationFailed(fields=errors)
    return args


@api.get("/cases")
def list_cases():
    user = caller()
    page, next_id = queries.list_cases(user, **_list_arguments())
    return jsonify(
        {"items": [case_json(c, user) for c in page], "next_cursor": str(next_id) if next_id else None}
    )


@api.post("/cases/<int:case_id>/transitions")
def transition(case_id: int):
    user = caller()
    case = operations.transition_case(user, case_id, json_body(), remote_addr=remote_addr())
    return jsonify(case_json(case, user))


@api.post("/cases/<int:case_id>/deadline-extensions")
def extend_deadline(case_id: int):
    user = caller()
    case = operations.extend_deadline(user, case_id, json_body(), remote_addr=remote_addr())
    return jsonify(case_json(case, user))


@api.get("/cases/<int:case_id>/events")
def events(case_id: int):
    user = caller()
    case = queries.get_visible_case(user, case_id)
    return jsonify([event_json(e) for e in queries.timeline(case, user)])


@api.get("/cases/<int:case_id>/documents")
def documents(case_id: int):
    user = caller()
    case = queries.get_visible_case(user, case_id)
    if not may_download_documents(user, case):
        raise Forbidden()
    return jsonify([document_json(d) for d in queries.documents_of(case)])


@api.get("/documents/<int:document_id>")
def download(document_id: int):
    return send_document(caller(), document_id)
