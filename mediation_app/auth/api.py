"""JSON API: tokens and the caller."""

from flask import g, jsonify

from mediation_app.api_support import api, caller, iso, json_body
from mediation_app.auth import operations
from mediation_app.auth.throttle import throttle_logins


@api.post("/tokens")
@throttle_logins(failed=lambda response: response.status_code == 401)
def create_token():
    data = json_body()
    token, record = operations.issue_token(data.get("email"), data.get("password"))
    return jsonify({"token": token, "expires_at": iso(record.expires_at)}), 201


@api.delete("/tokens/current")
def revoke_current_token():
    caller()
    if g.api_token is not None:
        operations.revoke_token(g.api_token)
    return "", 204


def organisation_json(organisation) -> dict | None:
    if organisation is None:
        return None
    return {
        "id": organisation.id,
        "name": organisation.name,
        "kind": organisation.kind.value,
        "uscc": organisation.uscc,
        "court_code": organisation.court_code,
    }


@api.get("/me")
def me():
    user = caller()
    return jsonify(
        {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "role": user.role.value,
            "organisation": organisation_json(user.organisation),
            "centre": {"id": user.centre.id, "name": user.centre.name} if user.centre else None,
        }
    )
