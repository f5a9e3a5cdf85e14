"""The checks of the court linkage beyond its schemas (``court.schemas``): those that
need the case — what is still owed, when the agreement was made, which court it
is. Each adds to one ``FieldErrors``, so a response names every bad field at once
(the pages and the API share them)."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from mediation_app.core.schema import FieldErrors
from mediation_app.court.schemas import ConfirmationOutcome, NewPayment, NewVisit
from mediation_app.validation import court_code_of, parse_court_case_number

# Since 2022 a judicial confirmation after pre-litigation mediation is numbered 诉前调确.
_CONFIRMATION_KIND = re.compile(r"诉前调确[1-9][0-9]*号$")


def _not_before(fields: FieldErrors, name: str, day: date, earliest: date | None) -> None:
    if earliest is not None and day < earliest:
        fields.fail(name, _l("must not be before %(day)s", day=earliest.isoformat()))


def check_payment(payment: NewPayment, *, owed, settled_on: date) -> None:
    """At most what is still owed, paid on or after the settlement."""
    fields = FieldErrors()
    if payment.amount > owed:
        fields.fail("amount", _l("is more than the %(owed)s yuan still owed", owed=f"{owed:,.2f}"))
    _not_before(fields, "paid_on", payment.paid_on, settled_on)
    fields.raise_if_any()


def check_visit(visit: NewVisit, *, settled_on: date) -> None:
    fields = FieldErrors()
    _not_before(fields, "visited_on", visit.visited_on, settled_on)
    fields.raise_if_any()


def court_number(fields: FieldErrors, name: str, raw, court) -> str | None:
    """A court case number of ``court`` (any court when None)."""
    number = fields.parse(name, parse_court_case_number, raw)
    if number and court is not None and court_code_of(number) != court.court_code:
        fields.fail(name, _l("is not a case number of %(court)s", court=court.name))
        return None
    return number


def check_filing_number(number: str, court) -> None:
    """The court's filing number (立案号) is one of the referred case's court."""
    fields = FieldErrors()
    court_number(fields, "filing_number", number, court)
    fields.raise_if_any()


def late_reason(fields: FieldErrors, reason: str, *, late: bool) -> str | None:
    """Why a step comes after the 30-day window; required exactly when it does."""
    if late and not reason:
        fields.fail("late_reason", _l("is required"))
    return reason or None


def check_outcome(decision: ConfirmationOutcome, court, *, effective_on: date, late: bool) -> dict:
    """The decision's values: a confirmation carries the court's 诉前调确 number, a
    refusal its reason; dated on or after the agreement took effect."""
    fields = FieldErrors()
    values = {
        "outcome": decision.outcome,
        "decided_on": decision.decided_on,
        "confirmation_number": None,
        "reason": None,
    }
    _not_before(fields, "decided_on", decision.decided_on, effective_on)
    if decision.outcome == "confirmed":
        number = court_number(fields, "confirmation_number", decision.confirmation_number, court)
        if number and not _CONFIRMATION_KIND.search(number):
            fields.fail(
                "confirmation_number", _l("must be a 诉前调确 number, e.g. (2026)苏0621民诉前调确12号")
            )
        values["confirmation_number"] = number
    elif not decision.reason:
        fields.fail("reason", _l("is required"))
    else:
        values["reason"] = decision.reason
    values["late_reason"] = late_reason(fields, decision.late_reason, late=late)
    fields.raise_if_any()
    return values
