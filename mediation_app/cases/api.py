"""JSON API for cases (see shared API.md); thin: parse, call one operation, present."""

from flask import request
from flask_babel import gettext as _

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.cases import operations, queries
from mediation_app.cases.conflicts import mediator_roster, suggest_mediators
from mediation_app.cases.intake import possible_duplicates
from mediation_app.cases.presenters import case_out
from mediation_app.cases.schemas import (
    CaseListQuery,
    CaseOut,
    CasePage,
    ConflictDeclaration,
    Consent,
    DeclarationOut,
    DuplicatesQuery,
    EventOut,
    Extension,
    NewCase,
    NextSession,
    QueueEntry,
    RecusalDecision,
    RecusalOut,
    RecusalRequest,
    RosterMediatorOut,
    Suggestion,
    Transition,
)
from mediation_app.cases.search import parse_cursor, parse_search
from mediation_app.cases.workbench import queue_of
from mediation_app.errors import ValidationFailed
from mediation_app.types import utcnow


@api.post("/cases")
@endpoint(body=NewCase, ok=CaseOut, status=201)
def create_case():
    """File a case; a retry with the same Idempotency-Key gets the first answer again."""
    user = caller()
    case = operations.file_case(user, json_body(), remote_addr=remote_addr())
    return present(case_out(case, user), 201)


@api.get("/cases/<int:case_id>")
@endpoint(ok=CaseOut)
def get_case(case_id: int):
    """A case the caller may see, with what the caller may fire on it now."""
    user = caller()
    return present(case_out(queries.get_visible_case(user, case_id), user, verify=True))


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
@endpoint(query=CaseListQuery, ok=CasePage)
def list_cases():
    """The cases the caller may see, newest first (or as sorted), keyset-paginated."""
    user = caller("list_cases")
    page, next_cursor = queries.list_cases(user, **_list_arguments())
    return present(CasePage(items=[case_out(c, user, listed=True) for c in page], next_cursor=next_cursor))


@api.post("/cases/<int:case_id>/transitions")
@endpoint(body=Transition, ok=CaseOut)
def transition(case_id: int):
    """Fire a trigger on the version read; a stale version is a 409 and changes nothing."""
    user = caller()
    case = operations.transition_case(user, case_id, json_body(), remote_addr=remote_addr())
    return present(case_out(case, user))


@api.post("/cases/<int:case_id>/respondent-consent")
@endpoint(body=Consent, ok=CaseOut)
def respondent_consent(case_id: int):
    """The respondent agrees to mediate (or staff record its agreement on paper or by phone)."""
    user = caller()
    case = operations.record_consent(user, case_id, json_body(), remote_addr=remote_addr())
    return present(case_out(case, user))


@api.post("/cases/<int:case_id>/deadline-extensions")
@endpoint(body=Extension, ok=CaseOut)
def extend_deadline(case_id: int):
    """Extend the time limit by days the parties agreed."""
    user = caller()
    case = operations.extend_deadline(user, case_id, json_body(), remote_addr=remote_addr())
    return present(case_out(case, user))


@api.get("/cases/<int:case_id>/events")
@endpoint(ok=list[EventOut])
def events(case_id: int):
    """The case's timeline as the caller may see it (hash-chained audit events)."""
    user = caller()
    case = queries.get_visible_case(user, case_id)
    return present([EventOut.model_validate(e) for e in queries.timeline(case, user)])


@api.get("/cases/<int:case_id>/mediator-suggestions")
@endpoint(ok=list[Suggestion])
def mediator_suggestions(case_id: int):
    """The centre's mediators for this case, best first, with their conflicts (staff)."""
    case = queries.get_visible_case(caller("manage_intake"), case_id)
    return present([Suggestion.model_validate(s) for s in suggest_mediators(case)])


@api.get("/cases/<int:case_id>/duplicates")
@endpoint(query=DuplicatesQuery, ok=list[CaseOut])
def duplicates(case_id: int):
    """Other open cases between the same parties (staff, at intake), oldest first: at
    most ``limit`` (100); the next page starts ``after`` the last id of this one."""
    user = caller("manage_intake")
    case = queries.get_visible_case(user, case_id)
    page = DuplicatesQuery.parse(request.args.to_dict())
    others = possible_duplicates(case, after=page.after, limit=page.limit)
    return present([case_out(other, user, listed=True) for other in others])


@api.post("/me/conflict-declarations")
@endpoint(body=ConflictDeclaration, ok=DeclarationOut, status=201)
def declare_conflict():
    """A mediator declares a relationship with an enterprise (by credit code)."""
    user = caller("declare_conflict")
    declaration = operations.declare_conflict(user, json_body(), remote_addr=remote_addr())
    return present(DeclarationOut.model_validate(declaration), 201)


@api.post("/cases/<int:case_id>/recusal-requests")
@endpoint(body=RecusalRequest, ok=RecusalOut, status=201)
def request_recusal(case_id: int):
    """A party asks that the mediator withdraw (申请回避)."""
    request = operations.request_recusal(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(RecusalOut.of(request), 201)


@api.get("/cases/<int:case_id>/recusal-requests")
@endpoint(ok=list[RecusalOut])
def recusal_requests(case_id: int):
    """The case's recusal requests and their decisions."""
    user = caller()
    case = queries.get_visible_case(user, case_id)
    return present([RecusalOut.of(r) for r in queries.recusal_requests_of(case)])


@api.post("/cases/<int:case_id>/recusal-decision")
@endpoint(body=RecusalDecision, ok=RecusalOut)
def decide_recusal(case_id: int):
    """Staff grant the pending recusal request (reassigning the case) or refuse it."""
    request = operations.decide_recusal(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(RecusalOut.of(request))


@api.get("/queue")
@endpoint(ok=list[QueueEntry])
def queue():
    """The mediator's open cases, most urgent first, with days waiting and the next session."""
    user = caller("work_queue")
    return present(
        [
            QueueEntry(
                case=case_out(e.case, user, listed=True),
                days_waiting=e.days_waiting,
                next_session=e.next_session and NextSession.model_validate(e.next_session),
            )
            for e in queue_of(user, utcnow())
        ]
    )


@api.get("/mediators")
@endpoint(ok=list[RosterMediatorOut])
def mediators():
    """The centre's active mediators with their open cases (staff)."""
    user = caller("manage_intake")
    return present(
        [
            RosterMediatorOut(
                id=m.id,
                name=m.name,
                industry=m.industry,
                open_cases=open_cases,
                chamber=m.organisation.name if m.organisation else None,
            )
            for m, open_cases in mediator_roster(user.centre_id)
        ]
    )
