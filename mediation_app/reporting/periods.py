"""Periods of whole months, and the rules for the months and years a user may ask
for (the query schemas' types: ``reporting.schemas``)."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from flask_babel import lazy_gettext as _l
from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema

EARLIEST_YEAR = 2000  # no centre kept records before; earlier years are typing mistakes
MAX_MONTHS = 120
MONTH_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
QUARTER_PATTERN = r"^[0-9]{4}-Q[1-4]$"
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")


@dataclass(frozen=True)
class Period:
    """Whole months, ``first`` to ``last`` inclusive (each the first day of its month)."""

    first: date
    last: date

    @classmethod
    def ending(cls, last: date, months: int = 12) -> "Period":
        """The ``months`` months up to and including ``last``'s."""
        index = last.year * 12 + last.month - months
        return cls(date(index // 12, index % 12 + 1, 1), last.replace(day=1))

    @property
    def length(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def months(self) -> list[date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return months


def today_of(info: ValidationInfo) -> date:
    """The local date the request is judged on, passed as ``Schema.parse(..., today=)``."""
    return info.context["today"]


def _year_number(raw: str, today: date) -> int:
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise ValueError(_l("must be a year such as %(example)s", example=today.year))
    year = int(raw)
    if not EARLIEST_YEAR <= year <= today.year + 1:
        raise ValueError(
            _l("must be between %(first)d and %(last)d", first=EARLIEST_YEAR, last=today.year + 1)
        )
    return year


def _year(raw, info: ValidationInfo) -> int | None:
    if raw in (None, ""):  # a form sends its empty fields
        return None
    return _year_number(raw if isinstance(raw, str) else "", today_of(info))


def _month(raw, info: ValidationInfo) -> date | None:
    """``YYYY-MM`` → the first day of that month, between 2000 and next year."""
    if raw in (None, ""):
        return None
    today = today_of(info)
    match = _MONTH.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(_l("must be a month such as %(example)s", example=f"{today:%Y-%m}"))
    return date(_year_number(match[1], today), int(match[2]), 1)


def _quarter(raw, info: ValidationInfo) -> date | None:
    """``YYYY-Qn`` → the first day of that quarter, between 2000 and next year."""
    if raw in (None, ""):
        return None
    today = today_of(info)
    match = _QUARTER.fullmatch(raw.strip().upper()) if isinstance(raw, str) else None
    if not match:
        example = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
        raise ValueError(_l("must be a quarter such as %(example)s", example=example))
    return date(_year_number(match[1], today), 3 * int(match[2]) - 2, 1)


def _text(pattern: str) -> WithJsonSchema:
    """As the document shows it: the text sent (or nothing)."""
    return WithJsonSchema({"anyOf": [{"type": "string", "pattern": pattern}, {"type": "null"}]})


Year = Annotated[int | None, BeforeValidator(_year), _text(r"^[0-9]{4}$")]
Month = Annotated[date | None, BeforeValidator(_month), _text(MONTH_PATTERN)]
Quarter = Annotated[date | None, BeforeValidator(_quarter), _text(QUARTER_PATTERN)]
