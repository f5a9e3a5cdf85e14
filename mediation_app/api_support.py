"""Plumbing shared by the JSON API of every domain: the blueprint, who is
calling, the JSON body, and presenting common values."""

from flask import Blueprint, g, request
from flask_babel import gettext as _
from flask_login import current_user

from mediation_app.auth.operations import user_for_token
from mediation_app.errors import Forbidden, MalformedRequest, Unauthenticated
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
    elif current_user.is_authenticated:
        if request.method not in SAFE_METHODS:
            csrf.protect()
        g.api_user = current_user._get_current_object()


def caller(*roles):
    """The authenticated caller, optionally required to hold one of ``roles``."""
    user = g.get("api_user")
    if user is None:
        raise Unauthenticated()
    if roles and user.role not in roles:
        raise Forbidden()
    return user


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
