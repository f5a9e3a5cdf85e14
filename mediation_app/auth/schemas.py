"""The payloads of the account API: the credentials a log-in carries, the token, a
password change, and the list of a user's tokens."""

from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema

from mediation_app.auth.models import Scope
from mediation_app.auth.passwords import MAX_LENGTH as PASSWORD_MAX_LENGTH
from mediation_app.auth.passwords import MIN_LENGTH as PASSWORD_MIN_LENGTH
from mediation_app.auth.passwords import check_policy
from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import Items, Timestamp

EMAIL_MAX_LENGTH = 254  # users.email


def _secret(max_length: int) -> Any:
    """A string taken exactly as sent (a password is never trimmed or normalised),
    of bounded length: no account has a longer one, and hashing a huge one is costly."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(_l("must be text"))
        if len(value) > max_length:
            raise ValueError(_l("must be at most %(n)d characters", n=max_length))
        return value

    return Annotated[str, PlainValidator(check), WithJsonSchema({"type": "string", "maxLength": max_length})]


#: A new password, checked against the policy (length, common passwords).
NewPassword = Annotated[
    str,
    PlainValidator(check_policy),
    WithJsonSchema({"type": "string", "minLength": PASSWORD_MIN_LENGTH, "maxLength": PASSWORD_MAX_LENGTH}),
]


class TokenRequest(Schema):
    """A log-in: a wrong e-mail or password is a 401, whichever of them is wrong."""

    email: _secret(EMAIL_MAX_LENGTH)
    password: _secret(PASSWORD_MAX_LENGTH)
    scopes: Items(Scope, min_items=1, max_items=len(Scope)) | None = Field(
        None,
        description="narrow the token to these routes (court_exchange: a court system's); "
        "omitted: everything the account may do",
    )


class PasswordChange(Schema):
    """The current password proves it is the account's owner, not someone at an unlocked screen."""

    current_password: _secret(PASSWORD_MAX_LENGTH)
    new_password: NewPassword


# Responses


class TokenOut(Out):
    token: str
    expires_at: Timestamp
    scopes: list[Scope] | None


class TokenInfoOut(Out):
    """One of the caller's tokens: never the token itself, which only its holder knows."""

    id: int
    created_at: Timestamp
    expires_at: Timestamp
    scopes: list[Scope] | None
    current: bool  # the token this request was made with


class TokenListOut(Out):
    items: list[TokenInfoOut]
