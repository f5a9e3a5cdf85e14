"""The period an evaluation covers, from a request's query: a year (the annual
evaluation; this year by default) or the filing dates given instead."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from mediation_app.cases.search import parse_search

EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


@dataclass(frozen=True)
class EvaluationPeriod:
    year: int | None  # None: the filing dates chosen instead
    first: date | None
    last: date | None


def evaluation_period(args, today: date) -> tuple[EvaluationPeriod, dict[str, str]]:
    search, errors = parse_search(args)
    errors = {name: message for name, message in errors.items() if name in ("filed_from", "filed_to")}
    if args.get("filed_from") or args.get("filed_to"):
        return EvaluationPeriod(None, search.filed_from, search.filed_to), errors
    raw = args.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if raw and (year is None or not EARLIEST_YEAR <= year <= LATEST_YEAR):
        errors["year"] = _l("must be a year between 2000 and 2099")
        year = None
    year = year or today.year
    return EvaluationPeriod(year, date(year, 1, 1), date(year, 12, 31)), errors
