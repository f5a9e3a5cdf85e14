"""Cross-cutting HTTP concerns: locale, security headers, request ids, and the
one mapping of domain errors to responses for both faces (HTML and JSON)."""

import logging
import uuid

from flask import (
    current_app,
    g,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from mediation_app.accounts.blueprint import accounts
from mediation_app.agents.blueprint import agents
from mediation_app.agents.labels import EVENT_LABELS as AGENT_EVENT_LABELS
from mediation_app.api import api
from mediation_app.auth.blueprint import auth
from mediation_app.auth.labels import ROLE_LABELS
from mediation_app.cases.blueprint import cases
from mediation_app.cases.labels import (
    ENDING_LABELS,
    EVENT_LABELS,
    RECUSAL_LABELS,
    SOURCE_LABELS,
    STATE_LABELS,
    TRIGGER_LABELS,
)
from mediation_app.core.visibility import is_personal_account
from mediation_app.core.workspace import may
from mediation_app.court.blueprint import court
from mediation_app.court.labels import EVENT_LABELS as COURT_EVENT_LABELS
from mediation_app.court.labels import OUTCOME_LABELS
from mediation_app.documents.blueprint import documents
from mediation_app.documents.labels import EVENT_LABELS as DOCUMENT_EVENT_LABELS
from mediation_app.errors import DomainError
from mediation_app.evidence.blueprint import evidence
from mediation_app.exchange.blueprint import exchange
from mediation_app.extensions import db
from mediation_app.federation.blueprint import federation
from mediation_app.groups.blueprint import groups
from mediation_app.health import health
from mediation_app.ledger.blueprint import ledger
from mediation_app.ledger.labels import EVENT_LABELS as LEDGER_EVENT_LABELS
from mediation_app.mediators.blueprint import mediators
from mediation_app.menu import menu_for
from mediation_app.notifications.blueprint import notifications
from mediation_app.notifications.queries import unread_count
from mediation_app.parties.blueprint import parties
from mediation_app.privacy.blueprint import privacy
from mediation_app.reporting.blueprint import reporting
from mediation_app.service.blueprint import service
from mediation_app.service.labels import EVENT_LABELS as SERVICE_EVENT_LABELS
from mediation_app.sessions.blueprint import sessions
from mediation_app.surveys.blueprint import surveys
from mediation_app.surveys.labels import EVENT_LABELS as SURVEY_EVENT_LABELS
from mediation_app.surveys.views import survey_offer
from workflows.deadlines import CHINA

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def select_locale():
    """Chinese unless English is chosen: on the pages with the language switch, by API
    clients with Accept-Language. Commands and background work use the default."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return languages[0]
    if session.get("lang") in languages:
        return session["lang"]
    if wants_json():
        return request.accept_languages.best_match(languages, default=languages[0])
    return languages[0]


def wants_json() -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        response = jsonify(body)
        response.status_code = status
        return response
    if status >= 500:  # the database may be what failed: the top bar asks it nothing more
        g.unread_notifications = 0
    heading, advice = ERROR_PAGES.get(status, ERROR_PAGES[500 if status >= 500 else 400])
    return render_template(
        "error.html",
        status=status,
        heading=heading,
        message=message,
        advice=advice,
        back_url=_same_site_referrer(),
        request_id=g.get("request_id"),
    ), status


# What an error page says happened, and what to do next (the message says why).
ERROR_PAGES = {
    400: (_l("The request could not be used"), _l("Go back, reload the page and try again.")),
    401: (_l("Please log in"), _l("Log in, then open the page again.")),
    403: (
        _l("You may not do this"),
        _l("Your role does not allow it. If you think it should, ask the centre's staff."),
    ),
    404: (
        _l("Page not found"),
        _l(
            "The case or page does not exist, or is not open to you. "
            "Check the link, or find it in your cases."
        ),
    ),
    409: (
        _l("This cannot be done now"),
        _l(
            "The case has moved on since the page was opened. "
            "Open the case again to see what can be done now."
        ),
    ),
    410: (_l("No longer kept"), _l("Ask the centre if you need a record of it.")),
    413: (_l("The file is too large"), _l("Go back and choose a smaller file.")),
    422: (_l("Please check what was entered"), _l("Go back and correct the marked fields.")),
    429: (_l("Too many attempts"), _l("Wait a few minutes, then try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l(
            "Nothing you did caused this. Try again in a few minutes; if it happens again, "
            "tell the centre the reference below."
        ),
    ),
    503: (_l("The service is busy"), _l("Nothing was saved. Try again in a few minutes.")),
}


def _same_site_referrer() -> str | None:
    """The page the user came from, if it is one of ours and not this one."""
    referrer = request.referrer
    if referrer and referrer.startswith(request.host_url) and referrer != request.url:
        return referrer
    return None


def _on_domain_error(error: DomainError):
    return error_response(
        error.status, error.code, str(error.message), {k: str(v) for k, v in error.fields.items()}
    )


# Werkzeug's own descriptions are English only; these are what people read instead.
_HTTP_ERRORS = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthenticated", _l("Authentication is required.")),
    403: ("forbidden", _l("This action is not allowed for your role.")),
    404: ("not_found", _l("Not found.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    409: ("conflict", _l("The request conflicts with the current state.")),
    413: ("too_large", _l("The upload is too large.")),
    415: ("unsupported_media_type", _l("This content type is not accepted.")),
    429: ("rate_limited", _l("Too many attempts; wait a while and try again.")),
}


def _on_http_error(error: HTTPException):
    if error.code in (301, 302, 303, 307, 308):
        return error
    code, message = _HTTP_ERRORS.get(error.code, ("error", error.name))
    return error_response(error.code, code, str(message))


def _on_csrf_error(error: CSRFError):
    return error_response(
        400,
        "csrf_failed",
        _("The form has expired or was not sent from this site; please reload the page and try again."),
    )


def _on_database_down(error: OperationalError):
    db.session.rollback()
    log.exception("database unavailable (request %s)", g.get("request_id"))
    return error_response(503, "unavailable", _("The service is temporarily unavailable; please try again."))


def _on_unexpected(error: Exception):
    db.session.rollback()
    log.exception("unhandled error (request %s)", g.get("request_id"))
    return error_response(
        500,
        "internal_error",
        _("Something went wrong on our side. Reference: %(id)s", id=g.get("request_id")),
    )


def _start_request():
    g.request_id = uuid.uuid4().hex[:12]


def _secure_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["X-Request-Id"] = g.get("request_id", "")
    if current_app.config["PRODUCTION"]:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if wants_json() and response.mimetype == "application/json":
        response.headers["Content-Type"] = "application/json; charset=utf-8"
    return response


def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(
        request.referrer
        if request.referrer and request.referrer.startswith(request.host_url)
        else url_for("cases.index")
    )


def _current_locale() -> dict:
    return {"current_locale": str(get_locale())}


def _unread_notifications() -> int:
    """The top bar's figure: counted once per page, however often the page shows it."""
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(current_user.id)
    return g.unread_notifications


def _yuan(amount) -> str:
    return "" if amount is None else f"{amount:,.2f}"


def _local_datetime(moment) -> str:
    return "" if moment is None else moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def init_app(app):
    app.jinja_env.globals.update(
        state_labels=STATE_LABELS,
        trigger_labels=TRIGGER_LABELS,
        source_labels=SOURCE_LABELS,
        event_labels=EVENT_LABELS
        | AGENT_EVENT_LABELS
        | COURT_EVENT_LABELS
        | DOCUMENT_EVENT_LABELS
        | LEDGER_EVENT_LABELS
        | SERVICE_EVENT_LABELS
        | SURVEY_EVENT_LABELS,
        outcome_labels=OUTCOME_LABELS,
        ending_labels=ENDING_LABELS,
        role_labels=ROLE_LABELS,
        is_personal_account=is_personal_account,
        recusal_labels=RECUSAL_LABELS,
        survey_offer=survey_offer,
        may=may,
        menu_for=menu_for,
        unread_notifications=_unread_notifications,
    )
    app.context_processor(_current_locale)
    app.add_template_filter(_yuan, "yuan")
    app.add_template_filter(_local_datetime, "local_datetime")
    app.before_request(_start_request)
    app.after_request(_secure_headers)
    app.register_error_handler(DomainError, _on_domain_error)
    app.register_error_handler(CSRFError, _on_csrf_error)
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(OperationalError, _on_database_down)
    app.register_error_handler(Exception, _on_unexpected)
    app.add_url_rule("/lang/<code>", "set_language", set_language, methods=["POST"])
    for blueprint in (
        accounts,
        agents,
        auth,
        cases,
        court,
        documents,
        evidence,
        exchange,
        federation,
        groups,
        ledger,
        mediators,
        notifications,
        parties,
        privacy,
        reporting,
        service,
        sessions,
        surveys,
        api,
        health,
    ):
        app.register_blueprint(blueprint)
