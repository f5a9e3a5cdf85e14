"""The period of the statistics, parsed once for the page, the API and the report."""

import re
from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l

from mediation_app.core.schema import FieldErrors
from mediation_app.reporting.queries import Period

EARLIEST_YEAR = 2000  # no centre kept records before; earlier years are typing mistakes
MAX_MONTHS = 120
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _year(raw: str, today: date) -> int:
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise ValueError(_l("must be a year such as %(example)s", example=today.year))
    year = int(raw)
    if not EARLIEST_YEAR <= year <= today.year + 1:
        raise ValueError(
            _l("must be between %(first)d and %(last)d", first=EARLIEST_YEAR, last=today.year + 1)
        )
    return year


def parse_month(raw, today: date) -> date:
    """``YYYY-MM`` → the first day of that month, between 2000 and next year."""
    match = _MONTH.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(_l("must be a month such as %(example)s", example=f"{today:%Y-%m}"))
    return date(_year(match[1], today), int(match[2]), 1)


def parse_period(args: Mapping, today: date) -> Period:
    """A ``year``, or a ``from``–``to`` range of months (either end may be left out);
    by default the twelve months up to this one. Inverted, absurd or over-long
    ranges are refused with a message per field."""
    fields = FieldErrors()
    this_month = today.replace(day=1)
    if args.get("year"):
        if args.get("from") or args.get("to"):
            fields.fail("year", _l("give either a year or a range of months, not both"))
        year = fields.parse("year", _year, args["year"], today)
        fields.raise_if_any()
        return Period(date(year, 1, 1), date(year, 12, 1))
    last = fields.parse("to", parse_month, args["to"], today) if args.get("to") else this_month
    if args.get("from"):
        first = fields.parse("from", parse_month, args["from"], today)
    else:
        first = Period.ending(last).first if last else None
    if first and last:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if months < 1:
            fields.fail("to", _l("must not be before the start of the period"))
        elif months > MAX_MONTHS:
            fields.fail("to", _l("the period may span at most %(count)d months", count=MAX_MONTHS))
    fields.raise_if_any()
    return Period(first, last)
