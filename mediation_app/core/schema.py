"""Request and response schemas: the one description of every payload.

A request schema is validated once at the face (``Schema.parse``), whether the
values came as a JSON body, a submitted form or command-line options, and every
error becomes a ``ValidationFailed`` naming each bad field by its path
(``respondent.uscc``, ``instalments.2.amount``). Response schemas present what
the API returns. The OpenAPI document is generated from both.
"""

from collections.abc import Callable
from typing import Any, Self

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from mediation_app.errors import ValidationFailed


class Schema(BaseModel):
    """A request payload. Unknown fields are ignored (a role's extra fields are
    never applied: they are simply not part of the schema)."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    @classmethod
    def parse(cls, data: Any, **context) -> Self:
        """``context`` reaches the validators that need more than the value (today's date)."""
        if isinstance(data, cls):
            return data
        try:
            return cls.model_validate(data, context=context or None)
        except ValidationError as error:
            raise ValidationFailed(fields=field_errors(error)) from None


def blame(field: str, message) -> PydanticCustomError:
    """The error of a rule between fields (a model validator's), reported under the
    field it blames rather than the whole body."""
    return PydanticCustomError("blamed", "{message}", {"field": field, "message": str(message)})


class Out(BaseModel):
    """A response payload, built from plain values or read from ORM attributes."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


def _message(error: dict) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        return str(context["error"])
    if kind == "blamed":
        return context["message"]
    if kind == "missing":
        return _("is required")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("must be a whole number")
    if kind in ("greater_than_equal", "greater_than"):
        return _("must be at least %(n)s", n=context.get("ge", context.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("must be at most %(n)s", n=context.get("le", context.get("lt")))
    if kind in ("bool_type", "bool_parsing"):
        return _("must be true or false")
    if kind == "string_type":
        return _("must be text")
    if kind == "too_long":
        return _("give at most %(n)d items", n=context["max_length"])
    if kind == "too_short":
        return _("give at least %(n)d items", n=context["min_length"])
    if kind in ("literal_error", "enum"):
        return _("must be one of: %(choices)s", choices=context["expected"].replace("'", ""))
    if kind == "list_type":
        return _("must be a list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("must be an object")
    return _("is not valid")


def field_errors(error: ValidationError) -> dict[str, str]:
    """Each bad field's path and the first message about it."""
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False, include_input=False):
        loc = item["loc"] + ((item["ctx"]["field"],) if item["type"] == "blamed" else ())
        path = ".".join(str(part) for part in loc) or "body"
        fields.setdefault(path, _message(item))
    return fields


class FieldErrors:
    """Collects the errors of checks beyond a schema's (those that need the database
    or the case), so one response names every bad field at once."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def parse(self, field: str, parser: Callable, *args, **kwargs):
        try:
            return parser(*args, **kwargs)
        except ValueError as error:
            self.errors.setdefault(field, str(error))
            return None

    def fail(self, field: str, message) -> None:
        self.errors.setdefault(field, str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(fields=self.errors)
