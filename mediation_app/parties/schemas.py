"""The payloads of the registration and roster API: what an enterprise's
registration and the centre's decision on it carry in, and what a registration and
a mediator of the roster look like going out."""

import re
from typing import Annotated, Self

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema, model_validator

from mediation_app.auth.operations import normalise_email
from mediation_app.auth.schemas import NewPassword
from mediation_app.core.schema import Out, Schema, blame
from mediation_app.core.types import Text, Timestamp, Uscc
from mediation_app.parties.models import OrganisationKind
from mediation_app.validation import clean_text
from workflows.roles import Role

# Mainland mobile numbers, or a landline with its area code (0513-88888888).
_PHONE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}", re.ASCII)


def parse_phone(raw) -> str:
    text = clean_text(raw, max_length=20).replace(" ", "")
    if not _PHONE.fullmatch(text):
        raise ValueError(_("must be a mobile number (11 digits) or a landline with its area code"))
    return text


#: An e-mail address, trimmed and lower-cased.
Email = Annotated[
    str,
    PlainValidator(normalise_email),
    WithJsonSchema({"type": "string", "maxLength": 254, "example": "wang@example.com"}),
]

#: A mainland mobile number, or a landline with its area code.
Phone = Annotated[
    str,
    PlainValidator(parse_phone),
    WithJsonSchema({"type": "string", "maxLength": 20, "example": "13812345678"}),
]


class NewRegistration(Schema):
    """An enterprise user registers with a centre, whose staff verify it before it can file."""

    centre: str | None = Field(
        None,
        max_length=32,
        description="code of the centre registered with (its staff verify); "
        "optional when the deployment has one centre",
    )
    enterprise_name: Text(200)
    uscc: Uscc
    legal_representative: Text(100)
    contact_name: Text(100)
    phone: Phone
    email: Email
    password: NewPassword
    privacy_consent: bool = Field(
        False, description="the registrant agrees to the privacy notice at /privacy: must be true"
    )


class NewAccount(Schema):
    """An account an operator makes (``flask users create``; the demo and the tests too):
    an enterprise user's company by credit code, other roles' organisation by name."""

    role: Role
    email: Email
    password: NewPassword
    name: Text(100, required=False) = ""
    organisation: Text(200, required=False) = ""
    uscc: Uscc | None = None
    centre_code: str | None = Field(None, max_length=32)
    federation: Text(200, required=False) = ""
    industry: str = Field("", max_length=40)


class RegistrationDecision(Schema):
    approved: bool = Field(strict=True, description="true verifies the user (and its company); false refuses")
    reason: Text(1000, multiline=True, required=False) = Field(
        "", description="why the registration is refused: required to refuse; sent to the applicant"
    )


#: The fewest characters of a name looked up: one character matches half the register.
LOOKUP_MIN = 2
LOOKUP_LIMIT = 8


class OrganisationLookup(Schema):
    """Part of an enterprise's name, to pick a respondent (or an applicant) by name."""

    name: Text(100) = Field(
        description=f"part of the name, at least {LOOKUP_MIN} characters",
        json_schema_extra={"minLength": LOOKUP_MIN},
    )
    limit: int = Field(LOOKUP_LIMIT, ge=1, le=20, description="the most matches answered")

    @model_validator(mode="after")
    def _long_enough(self) -> Self:
        if len(self.name) < LOOKUP_MIN:
            raise blame("name", _l("type at least %(n)d characters", n=LOOKUP_MIN))
        return self


# Responses


class OrganisationMatchOut(Out):
    """An enterprise registered at the caller's centre: its name and credit code, nothing more."""

    name: str
    uscc: str


class RegisteredEnterpriseOut(Out):
    id: int
    name: str
    uscc: str
    legal_representative: str
    verified: bool


class RegistrationOut(Out):
    id: int
    name: str
    email: str = Field(description="masked: w***@newfirm.test (reveal it on purpose: POST …/reveal)")
    phone: str = Field(description="masked: 138****5678 (reveal it on purpose: POST …/reveal)")
    enterprise: RegisteredEnterpriseOut
    verified_at: Timestamp | None
    active: bool
    refusal_reason: str | None = Field(description="why the centre refused it; null unless refused")
    created_at: Timestamp


class RevealedOut(Out):
    field: str
    value: str


class MeOrganisationOut(Out):
    id: int
    name: str
    kind: OrganisationKind
    uscc: str | None
    court_code: str | None


class MeCentreOut(Out):
    id: int
    name: str


class MeOut(Out):
    id: int
    name: str
    email: str
    role: Role
    organisation: MeOrganisationOut | None
    centre: MeCentreOut | None
