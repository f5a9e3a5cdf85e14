"""Parsing what a face received for the court linkage, field by field (one
``ValidationFailed`` naming every bad field; the pages and the API share it)."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from mediation_app.cases.inputs import FieldErrors
from mediation_app.validation import (
    clean_text,
    court_code_of,
    parse_amount,
    parse_court_case_number,
    parse_date,
)

OUTCOMES = ("confirmed", "not_confirmed")
# Since 2022 a judicial confirmation after pre-litigation mediation is numbered 诉前调确.
_CONFIRMATION_KIND = re.compile(r"诉前调确[1-9][0-9]*号$")


def _day(fields: FieldErrors, name: str, raw, earliest: date | None, today: date) -> date | None:
    """A date neither in the future nor before ``earliest`` (China calendar days)."""
    day = fields.parse(name, parse_date, raw)
    if day is None:
        return None
    if day > today:
        fields.fail(name, _l("must not be in the future"))
    elif earliest is not None and day < earliest:
        fields.fail(name, _l("must not be before %(day)s", day=earliest.isoformat()))
    return day


def _note(fields: FieldErrors, name: str, raw, *, required: bool) -> str | None:
    return fields.parse(name, clean_text, raw, max_length=2000, multiline=True, required=required)


def parse_payment(data: dict, *, owed, settled_on: date, today: date) -> dict:
    """A payment under the agreement: positive, at most what is still owed, made
    between the settlement and today."""
    fields = FieldErrors()
    amount = fields.parse("amount", parse_amount, data.get("amount"))
    if amount is not None and amount > owed:
        fields.fail("amount", _l("is more than the %(owed)s yuan still owed", owed=f"{owed:,.2f}"))
    values = {
        "amount": amount,
        "paid_on": _day(fields, "paid_on", data.get("paid_on"), settled_on, today),
        "note": _note(fields, "note", data.get("note"), required=False),
    }
    fields.raise_if_any()
    return values


def parse_visit(data: dict, *, settled_on: date, today: date) -> dict:
    fields = FieldErrors()
    values = {
        "visited_on": _day(fields, "visited_on", data.get("visited_on"), settled_on, today),
        "note": _note(fields, "note", data.get("note"), required=True),
    }
    fields.raise_if_any()
    return values


def court_number(fields: FieldErrors, name: str, raw, court) -> str | None:
    """A court case number of ``court`` (any court when None)."""
    number = fields.parse(name, parse_court_case_number, raw)
    if number and court is not None and court_code_of(number) != court.court_code:
        fields.fail(name, _l("is not a case number of %(court)s", court=court.name))
        return None
    return number


def parse_acknowledgement(data: dict, court) -> dict:
    """The court's filing number (立案号) for a referred case."""
    fields = FieldErrors()
    values = {"filing_number": court_number(fields, "filing_number", data.get("filing_number"), court)}
    fields.raise_if_any()
    return values


def late_reason(fields: FieldErrors, raw, *, late: bool) -> str | None:
    """Why a step comes after the 30-day window; required exactly when it does."""
    reason = _note(fields, "late_reason", raw, required=late)
    return reason or None


def parse_outcome(data: dict, court, *, effective_on: date, today: date, late: bool) -> dict:
    """The court's decision: confirmed with its 诉前调确 number and date, or not
    confirmed with the reason."""
    fields = FieldErrors()
    outcome = data.get("outcome")
    values = {"outcome": outcome, "confirmation_number": None, "reason": None}
    if outcome not in OUTCOMES:
        fields.fail("outcome", _l("must be one of: %(choices)s", choices=", ".join(OUTCOMES)))
    values["decided_on"] = _day(fields, "decided_on", data.get("decided_on"), effective_on, today)
    if outcome == "confirmed":
        number = court_number(fields, "confirmation_number", data.get("confirmation_number"), court)
        if number and not _CONFIRMATION_KIND.search(number):
            fields.fail(
                "confirmation_number", _l("must be a 诉前调确 number, e.g. (2026)苏0621民诉前调确12号")
            )
        values["confirmation_number"] = number
    elif outcome == "not_confirmed":
        values["reason"] = _note(fields, "reason", data.get("reason"), required=True)
    values["late_reason"] = late_reason(fields, data.get("late_reason"), late=late)
    fields.raise_if_any()
    return values
