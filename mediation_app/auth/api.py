"""JSON API: tokens, and ending access (log out everywhere, change the password)."""

from flask import g, request
from flask_babel import gettext as _

from mediation_app.api_support import api, caller, endpoint, json_body, present
from mediation_app.auth import operations
from mediation_app.auth.models import Scope
from mediation_app.auth.schemas import PasswordChange, TokenInfoOut, TokenListOut, TokenOut, TokenRequest
from mediation_app.auth.throttle import throttle_logins
from mediation_app.errors import Forbidden

# What an account with a reset password may still do: choose a new one, or leave.
OPEN_WHILE_PASSWORD_MUST_CHANGE = frozenset(
    {"api.change_password", "api.revoke_current_token", "api.openapi"}
)


@api.before_request
def _refuse_until_password_changed():
    user = g.get("api_user")
    if (
        user is not None
        and user.must_change_password
        and request.endpoint not in OPEN_WHILE_PASSWORD_MUST_CHANGE
    ):
        raise Forbidden(_("Your password was reset: choose a new one (POST /api/v1/me/password) first."))


@api.post("/tokens")
@endpoint(body=TokenRequest, ok=TokenOut, status=201, public=True, idempotent=False)  # a log-in, not a record
@throttle_logins(failed=lambda response: response.status_code == 401)
def create_token():
    """Log in and get a bearer token."""
    credentials = TokenRequest.parse(json_body())
    scopes = [scope.value for scope in credentials.scopes] if credentials.scopes else None
    token, record = operations.issue_token(credentials.email, credentials.password, scopes)
    return present(TokenOut(token=token, expires_at=record.expires_at, scopes=record.scopes), 201)


@api.delete("/tokens/current")
@endpoint(status=204, description="Revoked", scopes=tuple(Scope))  # any token may end itself
def revoke_current_token():
    """Revoke the token of this request."""
    caller()
    if g.api_token is not None:
        operations.revoke_token(g.api_token)
    return "", 204


@api.get("/me/tokens")
@endpoint(ok=TokenListOut)
def list_tokens():
    """The caller's tokens that still work (never the tokens themselves)."""
    current = g.api_token.id if g.api_token is not None else None
    items = [
        TokenInfoOut(
            id=t.id,
            created_at=t.created_at,
            expires_at=t.expires_at,
            scopes=t.scopes,
            current=t.id == current,
        )
        for t in operations.tokens_of(caller())
    ]
    return present(TokenListOut(items=items))


@api.delete("/me/tokens/<int:token_id>")
@endpoint(status=204, description="Revoked")
def revoke_my_token(token_id: int):
    """Revoke one of the caller's tokens."""
    operations.revoke_own_token(caller(), token_id)
    return "", 204


@api.post("/me/logout-everywhere")
@endpoint(status=204, description="Every session and token of the caller ended")
def log_out_everywhere():
    """End every cookie session and every token of the caller, this one included."""
    operations.log_out_everywhere(caller())
    return "", 204


@api.post("/me/password")
@endpoint(body=PasswordChange, status=204, description="Changed; every session and token ended")
def change_password():
    """Change the caller's password. Every session and token ends, this one included: log in again."""
    operations.change_password(caller(), json_body())
    return "", 204
