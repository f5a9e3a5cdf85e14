"""JSON API: tokens."""

from flask import g

from mediation_app.api_support import api, caller, endpoint, json_body, present
from mediation_app.auth import operations
from mediation_app.auth.schemas import TokenOut, TokenRequest
from mediation_app.auth.throttle import throttle_logins


@api.post("/tokens")
@endpoint(body=TokenRequest, ok=TokenOut, status=201, public=True, idempotent=False)  # a log-in, not a record
@throttle_logins(failed=lambda response: response.status_code == 401)
def create_token():
    """Log in and get a bearer token."""
    credentials = TokenRequest.parse(json_body())
    token, record = operations.issue_token(credentials.email, credentials.password)
    return present(TokenOut(token=token, expires_at=record.expires_at), 201)


@api.delete("/tokens/current")
@endpoint(status=204, description="Revoked")
def revoke_current_token():
    """Revoke the token of this request."""
    caller()
    if g.api_token is not None:
        operations.revoke_token(g.api_token)
    return "", 204
