"""Plumbing shared by the JSON API of every domain: the blueprint, who is
calling, the JSON body, each route's declared schemas (from which the OpenAPI
document is generated) and presenting response schemas."""

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, g, make_response, request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, Field
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin
from sqlalchemy.exc import IntegrityError

from mediation_app import idempotency
from mediation_app.auth.operations import user_for_token
from mediation_app.core.schema import Out, Schema
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, Forbidden, MalformedRequest, Unauthenticated
from mediation_app.extensions import csrf

api = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer requests need no CSRF token; cookie-authenticated ones are checked below.
csrf.exempt(api)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@api.before_request
def _authenticate():
    g.api_user = g.api_token = None
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        found = user_for_token(token.strip())
        if found is None:
            raise Unauthenticated(_("The token is invalid, expired or revoked."))
        g.api_user, g.api_token = found
        if not g.api_token.covers(_scopes_of(request.endpoint)):
            raise Forbidden(_("This token's scope does not reach this request."))
    elif current_user.is_authenticated:
        if request.method not in SAFE_METHODS:
            csrf.protect()
        g.api_user = current_user._get_current_object()


def _scopes_of(endpoint_name: str | None) -> frozenset:
    view = current_app.view_functions.get(endpoint_name)
    return getattr(view, "token_scopes", frozenset())


def caller(action: str | None = None):
    """The authenticated caller, who must be allowed workspace ``action`` where one is named."""
    user = g.get("api_user")
    if user is None:
        raise Unauthenticated()
    return require(user, action) if action else user


def json_body() -> dict:
    data = request.get_json(silent=True) if request.is_json else None
    if not isinstance(data, dict):
        raise MalformedRequest(_("Send a JSON object with Content-Type: application/json."))
    return data


def iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def money(amount) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def remote_addr() -> str | None:
    return request.remote_addr


class ErrorDetail(Out):
    code: str
    message: str
    fields: dict[str, str] = Field(default_factory=dict)


class Error(Out):
    """Every refusal, with the status that matches it (shared API.md)."""

    error: ErrorDetail


ERROR_STATUSES = (400, 401, 403, 404, 409, 410, 413, 422, 429, 503, 507)


class _Documented(FlaskPlugin):
    """SpecTree's Flask plugin without routes of its own: ``GET /api/v1/openapi.json``
    is an ordinary route of the API blueprint (see ``openapi``)."""

    def register_route(self, app):
        app.record(lambda state: setattr(self, "blueprint_state", state))


_NAMED: dict[str, Any] = {}


def _component_name(model) -> str:
    """Schemas appear in the document under their class names, which must therefore be
    unique across domains (a second ``Party`` would silently replace the first)."""
    name = getattr(model, "__name__", None) or str(model)
    named = _NAMED.setdefault(name, model)
    if named is not model and (_root(model) is None or _root(named) != _root(model)):
        raise TypeError(f"two schemas are named {name}: rename one ({model.__module__})")
    return name


def _root(model):
    """What a list model wraps: SpecTree makes a new ``XList`` for each route answering
    ``list[X]``, the same schema each time (None for any other model)."""
    field = getattr(model, "model_fields", {}).get("root")
    return field.annotation if field is not None else None


spec = SpecTree(
    backend=_Documented,
    mode="strict",  # only routes declared with @endpoint: a test requires every API route to be
    annotations=False,
    title="Mediation centre case management API",
    version="1.1.0",
    description="Cases, their lifecycle, documents and the centre's totals (shared API.md). "
    "Money is a string with two decimals; times are ISO 8601 with offset.",
    validation_error_model=Error,
    naming_strategy=_component_name,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))],
    security={"bearer": []},
    page_templates={},
)


def endpoint(
    *,
    body: type[Schema] | None = None,
    query: type[Schema] | None = None,
    ok: Any = None,
    status: int = 200,
    description: str | None = None,
    public: bool = False,
    tags: tuple[str, ...] = (),
    also: dict[int, Any] | None = None,
    idempotent: bool | None = None,
    withheld: tuple[str, ...] = (),
    scopes: tuple[str, ...] = (),
) -> Callable:
    """Declare an API route's payloads for the generated document: its JSON ``body``
    and ``query`` schemas, and ``ok``, the response schema for ``status`` (``None`` with
    a ``description`` for a file or an empty answer); ``also``, other successful
    answers by status (a document still being produced: 202). A route that creates
    (``status`` 201) honours ``Idempotency-Key`` unless ``idempotent=False``; the members
    named ``withheld`` (a secret shown once) are not kept for a replay, which answers null.
    A token narrowed to scopes (``auth.models.Scope``) reaches only the routes that
    declare one of them in ``scopes``.

    The declaration does not parse: the view passes what it received to its
    operation, which parses it with the same schema *after* checking who may act,
    so a role that may never act is told 403, not 422. SpecTree only records the
    declaration: requests go straight to the view, without its per-request wrapper
    (which cannot pass a file response through)."""

    once = status == 201 if idempotent is None else idempotent

    def decorate(view: Callable) -> Callable:
        responses = {f"HTTP_{code}": Error for code in ERROR_STATUSES}
        responses[f"HTTP_{status}"] = (ok, description) if description else ok
        responses |= {f"HTTP_{code}": schema for code, schema in (also or {}).items()}
        declared = spec.validate(
            json=body,
            query=query,
            headers=RetryHeaders if once else None,
            resp=Response(**responses),
            skip_validation=True,
            security={} if public else None,
            tags=tags,
        )(view)

        @functools.wraps(view)
        def direct(*args, **kwargs):
            return view(*args, **kwargs)

        direct.__wrapped__ = declared  # where SpecTree finds the declaration
        direct.token_scopes = frozenset(scopes)
        return retried_once(direct, withheld) if once else direct

    return decorate


class RetryHeaders(BaseModel):
    idempotency_key: str | None = Field(
        None,
        alias=idempotency.HEADER,
        pattern=idempotency.KEY.pattern,
        description="a key of the caller's choosing: a retry with it has one effect and gets the first "
        "answer again (marked Idempotent-Replayed); the same key with another request is a 422",
    )


def retried_once(view: Callable, withheld: tuple[str, ...] = ()) -> Callable:
    """Honour ``Idempotency-Key`` (``mediation_app.idempotency``): a retry of a request
    that created a record gets the first answer again, marked ``Idempotent-Replayed``,
    without the ``withheld`` members (null), which are never stored."""

    @functools.wraps(view)
    def once(*args, **kwargs):
        raw = request.headers.get(idempotency.HEADER)
        if raw is None:
            return view(*args, **kwargs)
        key, scope = idempotency.parse_key(raw), idempotency.scope_of(g.get("api_user"))
        fingerprint = request_fingerprint()
        if (first := idempotency.earlier(scope, key, fingerprint)) is not None:
            return _replayed(first)
        idempotency.claim(scope, key, fingerprint)
        try:
            answer = make_response(view(*args, **kwargs))
        except (IntegrityError, Conflict):
            # A twin sent at the same time committed the key first: this one's
            # transaction, record included, was refused whole.
            if (first := idempotency.earlier(scope, key, fingerprint)) is not None:
                return _replayed(first)
            raise
        if answer.status_code < 500:
            idempotency.keep_answer(answer.status_code, _kept(answer.get_data(as_text=True), withheld))
        return answer

    return once


def _kept(body: str, withheld: tuple[str, ...]) -> str:
    """The answer as kept for a replay: the ``withheld`` members of a JSON object null."""
    try:
        data = json.loads(body) if withheld else None
    except ValueError:
        return body
    if not isinstance(data, dict):
        return body
    return json.dumps(data | {name: None for name in withheld if name in data}, ensure_ascii=False)


def _replayed(first):
    answer = current_app.response_class(first.response, status=first.status, mimetype="application/json")
    answer.headers["Idempotent-Replayed"] = "true"
    return answer


def request_fingerprint() -> str:
    """What makes two requests the same one: method, path and body (a form's fields
    and files by content, not by the multipart boundary a client draws anew)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.is_json:
        body = request.get_json(silent=True)
        digest.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    elif request.form or request.files:
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(f"{name}={value}\n".encode())
        files = sorted(request.files.items(multi=True), key=lambda item: (item[0], item[1].filename))
        for name, file in files:
            content = hashlib.sha256(file.stream.read()).hexdigest()
            file.stream.seek(0)
            digest.update(f"{name}:{file.filename}:{content}\n".encode())
    else:
        digest.update(request.get_data())
    return digest.hexdigest()


def present(value: BaseModel | list[BaseModel], status: int = 200):
    """A response schema (or a list of them) as the JSON response."""
    if isinstance(value, BaseModel):
        data = value.model_dump(mode="json")
    else:
        data = [item.model_dump(mode="json") for item in value]
    return current_app.json.response(data), status
