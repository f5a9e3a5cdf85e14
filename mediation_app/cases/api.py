"""JSON API for cases (see shared API.md); thin: parse, call one operation, present."""

from flask import jsonify, request
from flask_babel import gettext as _

from mediation_app.api_support import api, caller, iso, json_body, remote_addr
from mediation_app.cases import operations, queries
from mediation_app.cases.conflicts import suggest_mediators
from mediation_app.cases.intake import possible_duplicates
from mediation_app.cases.presenters import case_json, event_json
from mediation_app.cases.search import parse_cursor, parse_search
from mediation_app.cases.workbench import queue_of
from mediation_app.documents.delivery import send_document
from mediation_app.documents.presenters import document_list
from mediation_app.errors import ValidationFailed
from mediation_app.types import utcnow
from workflows.roles import Role


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
    """The filters, sort order, cursor and page size of a list request (see
    ``cases.search``); every bad parameter is reported at once, by name."""
    search, errors = parse_search(request.args)
    args = {"search": search}
    if "sort" not in errors:  # a cursor is only meaningful for a known order
        try:
            args["after"] = parse_cursor(request.args.get("cursor", ""), search.sort)
        except ValueError as error:
            errors["cursor"] = str(error)
    limit = request.args.get("limit", "20")
    if len(limit) <= 3 and limit.isascii() and limit.isdigit() and 1 <= int(limit) <= queries.MAX_PAGE:
        args["limit"] = int(limit)
    else:
        errors["limit"] = _("must be between 1 and %(n)d", n=queries.MAX_PAGE)
    if errors:
        raise ValidationFailed(fields=errors)
    return args


@api.get("/cases")
def list_cases():
    user = caller()
    page, next_cursor = queries.list_cases(user, **_list_arguments())
    return jsonify({"items": [case_json(c, user) for c in page], "next_cursor": next_cursor})


@api.post("/cases/<int:case_id>/transitions")
def transition(case_id: int):
    user = caller()
    case = operations.transition_case(user, case_id, json_body(), remote_addr=remote_addr())
    return jsonify(case_json(case, user))


@api.post("/cases/<int:case_id>/respondent-consent")
def respondent_consent(case_id: int):
    user = caller()
    case = operations.record_consent(user, case_id, json_body(), remote_addr=remote_addr())
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
    return jsonify(document_list(user, case))


@api.get("/documents/<int:document_id>")
def download(document_id: int):
    return send_document(caller(), document_id)


@api.get("/cases/<int:case_id>/mediator-suggestions")
def mediator_suggestions(case_id: int):
    """The centre's mediators for this case, best first, with their conflicts (staff)."""
    case = queries.get_visible_case(caller(Role.STAFF), case_id)
    return jsonify(
        [
            {
                "mediator": {"id": s.mediator.id, "name": s.mediator.name, "industry": s.mediator.industry},
                "open_cases": s.open_cases,
                "industry_match": s.industry_match,
                "conflicts": list(s.conflicts),
            }
            for s in suggest_mediators(case)
        ]
    )


@api.get("/cases/<int:case_id>/duplicates")
def duplicates(case_id: int):
    """Other open cases between the same parties (staff, at intake)."""
    user = caller(Role.STAFF)
    case = queries.get_visible_case(user, case_id)
    return jsonify([case_json(other, user) for other in possible_duplicates(case)])


@api.post("/me/conflict-declarations")
def declare_conflict():
    """A mediator declares a relationship with an enterprise (by credit code)."""
    user = caller(Role.MEDIATOR)
    declaration = operations.declare_conflict(user, json_body(), remote_addr=remote_addr())
    return jsonify(
        {"id": declaration.id, "organisation_id": declaration.organisation_id, "reason": declaration.reason}
    ), 201


def recusal_json(request) -> dict:
    return {
        "id": request.id,
        "case_id": request.case_id,
        "mediator_id": request.mediator_id,
        "party": request.party.name,
        "grounds": request.grounds,
        "status": request.status,
        "decision_note": request.decision_note,
        "created_at": iso(request.created_at),
        "decided_at": iso(request.decided_at),
    }


@api.post("/cases/<int:case_id>/recusal-requests")
def request_recusal(case_id: int):
    request = operations.request_recusal(caller(), case_id, json_body(), remote_addr=remote_addr())
    return jsonify(recusal_json(request)), 201


@api.get("/cases/<int:case_id>/recusal-requests")
def recusal_requests(case_id: int):
    user = caller()
    return jsonify(
        [recusal_json(r) for r in queries.recusal_requests_of(queries.get_visible_case(user, case_id))]
    )


@api.post("/cases/<int:case_id>/recusal-decision")
def decide_recusal(case_id: int):
    request = operations.decide_recusal(caller(), case_id, json_body(), remote_addr=remote_addr())
    return jsonify(recusal_json(request))


@api.get("/queue")
def queue():
    """The mediator's open cases, most urgent first, with days waiting and the next session."""
    user = caller(Role.MEDIATOR)
    return jsonify(
        [
            {
                "case": case_json(e.case, user),
                "days_waiting": e.days_waiting,
                "next_session": {
                    "id": e.next_session.id,
                    "starts_at": iso(e.next_session.starts_at),
                    "location": e.next_session.location,
                }
                if e.next_session
                else None,
            }
            for e in queue_of(user, utcnow())
        ]
    )
