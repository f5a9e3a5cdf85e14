"""The payloads of the administrator's account API: a new account of the centre, a
role, a mediator's specialty and chamber, disabling, and an account going out."""

from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema

from mediation_app.cases.schemas import INDUSTRIES
from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import Id, Text, Timestamp, Uscc
from mediation_app.parties.schemas import Email
from workflows.roles import Role


def _specialty(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(_l("must be text"))
    if value and value not in INDUSTRIES:
        raise ValueError(_l("must be one of: %(choices)s", choices=", ".join(INDUSTRIES)))
    return value


#: A mediator's specialty: one of the industries a case is filed under (the mediator
#: suggestions rank a match first), or empty for none.
Specialty = Annotated[
    str, PlainValidator(_specialty), WithJsonSchema({"type": "string", "enum": ["", *INDUSTRIES]})
]


class NewCentreAccount(Schema):
    """An account an administrator makes for their centre. Its password is generated:
    temporary, to hand over once, and changed at the first log-in."""

    role: Role
    email: Email
    name: Text(100)
    organisation: Text(200, required=False) = Field(
        "", description="by name: a new enterprise's, a liaison's court, a mediator's chamber"
    )
    uscc: Uscc | None = Field(None, description="an enterprise user's company: required for that role")
    centre: str | None = Field(
        None, max_length=32, description="the centre's code: the administrator's own (the default)"
    )


class RoleChange(Schema):
    role: Role


class MediatorProfile(Schema):
    """Conflict screening flags a mediator of a party's chamber; the suggestions for an
    assignment rank a mediator whose specialty is the case's industry first."""

    industry: Specialty = Field(description="the mediator's specialty; empty: none")
    chamber_id: Id | None = Field(description="the chamber of commerce (商会) they come from; null: none")


class ActiveChange(Schema):
    active: bool = Field(strict=True, description="false disables the account: its access ends at once")


# Responses


class AccountOut(Out):
    id: int
    email: str
    name: str
    role: Role
    active: bool
    must_change_password: bool
    organisation_id: int | None = Field(
        description="an enterprise user's company, a liaison's court, a mediator's chamber"
    )
    industry: str = Field(description="a mediator's specialty; empty: none")
    created_at: Timestamp


class CreatedAccountOut(Out):
    account: AccountOut
    temporary_password: str | None = Field(
        description="to hand over in person; it opens only the change of password. Shown once: "
        "a replay (Idempotency-Key) answers null, since it is never kept; if the first answer "
        "was lost, reset it (POST …/reset-password)"
    )


class TemporaryPasswordOut(Out):
    temporary_password: str = Field(description="shown once; it must be changed at the next log-in")
