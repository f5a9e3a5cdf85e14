"""The project's own value types for request and response schemas.

Each type checks a value arriving from outside once, with the strict parsers of
``mediation_app.validation`` (whose messages the user sees), and describes itself
in the generated OpenAPI document. Bounds follow the columns: an id beyond an
INTEGER column, a date no court would write, a list without end are refused here,
never deep inside a query.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

from mediation_app.validation import (
    MAX_AMOUNT_DIGITS,
    clean_text,
    parse_amount,
    parse_court_case_number,
    parse_date,
    parse_id_number,
    parse_uscc,
)

MAX_ID = 2**31 - 1  # INTEGER primary keys on PostgreSQL
EARLIEST_DAY = date(2000, 1, 1)  # the centre's records start long after; courts write no earlier date
LATEST_DAY = date(2099, 12, 31)

MONEY_PATTERN = rf"^[0-9]{{1,{MAX_AMOUNT_DIGITS}}}\.[0-9]{{2}}$"


def _money_in(value: Any) -> Decimal:
    return parse_amount(value)


def _money_out(value: Decimal) -> str:
    return f"{value:.2f}"


#: A positive amount a user sends: a string with at most two decimals (never a JSON number).
Money = Annotated[
    Decimal,
    PlainValidator(_money_in),
    PlainSerializer(_money_out, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^[0-9]{{1,{MAX_AMOUNT_DIGITS}}}(\.[0-9]{{1,2}})?$",
            "example": "580000.00",
        }
    ),
]

#: An amount the system reports (zero included), always with two decimals.
Amount = Annotated[
    Decimal,
    PlainSerializer(_money_out, return_type=str),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "example": "580000.00"}),
]

#: A database id: a JSON integer (not a boolean, float or string) within the column's range.
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]

#: A unified social credit code (统一社会信用代码), check character verified.
Uscc = Annotated[
    str,
    PlainValidator(parse_uscc),
    WithJsonSchema({"type": "string", "minLength": 18, "maxLength": 18, "example": "91320621MA1MXXXX0X"}),
]

#: A resident identity number (居民身份证号码, GB 11643-1999), check digit verified.
IdNumber = Annotated[
    str,
    PlainValidator(parse_id_number),
    WithJsonSchema({"type": "string", "minLength": 18, "maxLength": 18, "example": "11010519491231002X"}),
]

#: A court case number (案号), returned with half-width brackets.
CourtCaseNumber = Annotated[
    str,
    PlainValidator(parse_court_case_number),
    WithJsonSchema({"type": "string", "maxLength": 40, "example": "(2024)苏0621民诉前调123号"}),
]


def _day(value: Any) -> date:
    day = parse_date(value)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(_l("must be a date between 2000 and 2099"))
    return day


#: A calendar date ``YYYY-MM-DD`` (Asia/Shanghai), between 2000 and 2099.
Day = Annotated[date, PlainValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]

#: A moment the system reports, ISO 8601 with its offset (UTC as ``+00:00``).
Timestamp = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

#: A date the system reports.
DayOut = Annotated[
    date,
    PlainSerializer(date.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def Text(max_length: int, *, multiline: bool = False, required: bool = True) -> Any:
    """Free text without control, bidi-override or zero-width characters, trimmed;
    ``required=False`` turns a missing or blank value into ``""``."""
    schema = {"type": "string", "maxLength": max_length}
    if required:
        schema["minLength"] = 1
    parse = partial(clean_text, max_length=max_length, multiline=multiline, required=required)
    return Annotated[str, PlainValidator(parse), WithJsonSchema(schema)]


def Items(item: Any, *, max_items: int, min_items: int = 0) -> Any:
    """A list of ``item`` with bounded length."""
    return Annotated[list[item], Field(min_length=min_items, max_length=max_items)]


TENTH = Decimal("0.1")


def _tenths_out(value: Decimal) -> str:
    return f"{value:.1f}"


def _tenths_in(value: Any, *, low: Decimal, high: Decimal, above_low: bool) -> Decimal:
    """A figure with at most one decimal, sent as a string or a whole number."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(_l("must be a number such as 1.5, sent as a string"))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(_l("must be a number such as 1.5")) from None
    if not number.is_finite() or number != number.quantize(TENTH):
        raise ValueError(_l("must have at most one decimal"))
    if above_low and not low < number <= high:
        raise ValueError(_l("must be more than %(low)s and at most %(high)s", low=low, high=high))
    if not low <= number <= high:
        raise ValueError(_l("must be from %(low)s to %(high)s", low=low, high=high))
    return number.quantize(TENTH)


def Tenths(low: int, high: int, *, above_low: bool = False) -> Any:
    """A figure to one decimal between ``low`` and ``high`` (a course's hours, a score)."""
    low_, high_ = Decimal(low), Decimal(high)
    bounds = f"more than {low}" if above_low else f"from {low}"
    return Annotated[
        Decimal,
        PlainValidator(partial(_tenths_in, low=low_, high=high_, above_low=above_low)),
        PlainSerializer(_tenths_out, return_type=str),
        WithJsonSchema(
            {
                "type": "string",
                "pattern": r"^[0-9]{1,3}(\.[0-9])?$",
                "example": "1.5",
                "description": f"{bounds} and at most {high}, one decimal",
            }
        ),
    ]


#: A figure to one decimal the system reports.
TenthsOut = Annotated[
    Decimal,
    PlainSerializer(_tenths_out, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+\.[0-9]$", "example": "12.5"}),
]
