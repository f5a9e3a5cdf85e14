"""Finding cases: the filters and sort orders of every case list, parsed strictly,
and the keyset cursor that keeps pagination correct for every sort order.

One parser serves the JSON API (``GET /api/v1/cases``) and the page (``/cases``),
so both accept exactly the same query parameters:

``number``       the case number contains this text (an exact number matches itself)
``party``        the applicant's or the respondent's name contains this text
                 (case-insensitive where the database folds case)
``state``        one of :class:`~workflows.case_states.CaseState`
``mediator_id``  the assigned mediator's user id
``source``       one of :class:`~mediation_app.cases.models.CaseSource`
``filed_from``   filed on or after this China calendar date (YYYY-MM-DD)
``filed_to``     filed on or before this China calendar date (inclusive)
``sort``         ``newest`` (default), ``oldest``, ``claim_desc``, ``claim_asc``
``cursor``       the ``next_cursor`` of the previous page (same sort order)

The filters only ever narrow :func:`mediation_app.cases.queries.visible_to`, which
``queries.list_cases`` always applies. Search terms are bound parameters; LIKE
wildcards in them are escaped, so ``%``, ``_`` and ``\\`` match themselves.
"""

import base64
import binascii
import json
import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, TypeAdapter, ValidationError, WithJsonSchema
from sqlalchemy import or_, select, tuple_

from mediation_app.cases.models import Case, CaseSource
from mediation_app.core.schema import Schema, field_errors
from mediation_app.parties.models import PARTY_KINDS, Organisation
from mediation_app.validation import clean_text
from workflows.case_states import CaseState
from workflows.deadlines import china_midnight

MAX_TERM = 100  # characters of a search term
# Up to this many enterprises matching a party search are passed to the case query
# as a list of ids; a broader term (say 有限公司) stays a subquery.
PARTY_IDS_INLINE = 500
MAX_ID = 2**31 - 1  # ids are INTEGER columns
# Filing dates outside these bounds are typing mistakes, not searches.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)

NEWEST, OLDEST, CLAIM_DESC, CLAIM_ASC = "newest", "oldest", "claim_desc", "claim_asc"
SORTS = (NEWEST, OLDEST, CLAIM_DESC, CLAIM_ASC)
DEFAULT_SORT = NEWEST
# Newest first is by id: ids are handed out in filing order.
_ORDER = {
    NEWEST: (Case.id.desc(),),
    OLDEST: (Case.id.asc(),),
    # Equal amounts are ordered by id, so every case has exactly one place.
    CLAIM_DESC: (Case.claim_amount.desc(), Case.id.desc()),
    CLAIM_ASC: (Case.claim_amount.asc(), Case.id.asc()),
}
_KEYED = frozenset({CLAIM_DESC, CLAIM_ASC})  # sorts whose cursor carries a key besides the id

# Indexes: newest and oldest first use the (scope, id) indexes, staff's claim orders
# ix_cases_centre_claim_amount_id (models.py). None serves the other filters: names and
# numbers are matched anywhere in the text, which a B-tree cannot serve, and the planner
# kept walking the id index for a filing-date range even with a (centre_id, created_at)
# index present (measured, 1,000,000 cases).

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_ID = re.compile(r"[1-9][0-9]{0,9}", re.ASCII)
_CURSOR = re.compile(r"[A-Za-z0-9_-]{1,200}", re.ASCII)
_AMOUNT_KEY = re.compile(r"[0-9]{1,12}\.[0-9]{2}", re.ASCII)


@dataclass(frozen=True)
class CaseSearch:
    """What a case list is narrowed to and how it is ordered; empty means everything."""

    number: str = ""
    party: str = ""
    state: CaseState | None = None
    mediator_id: int | None = None
    source: CaseSource | None = None
    filed_from: date | None = None
    filed_to: date | None = None
    sort: str = DEFAULT_SORT

    @property
    def filtered(self) -> bool:
        return any(getattr(self, f.name) not in ("", None) for f in fields(self) if f.name != "sort")

    def query_args(self) -> dict[str, str]:
        """The non-default criteria as query parameters (for links to further pages)."""
        args = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in ("", None) or (f.name == "sort" and value == DEFAULT_SORT):
                continue
            args[f.name] = value.isoformat() if isinstance(value, date) else str(value)
        return args

    def conditions(self, party_ids: list[int] | None = None) -> list:
        """WHERE clauses to combine with ``visible_to(user)``; never used without it.

        ``party_ids``: the enterprises whose name matches ``party``, when the caller
        has looked them up already (see :func:`organisations_named`).
        """
        clauses = []
        if self.number:
            clauses.append(Case.number.contains(self.number, autoescape=True))
        if self.party:
            names = organisations_named(self.party) if party_ids is None else party_ids
            clauses.append(or_(Case.applicant_id.in_(names), Case.respondent_id.in_(names)))
        if self.state is not None:
            clauses.append(Case.state == self.state)
        if self.mediator_id is not None:
            clauses.append(Case.mediator_id == self.mediator_id)
        if self.source is not None:
            clauses.append(Case.source == self.source)
        # The filing date is the China calendar date of created_at (stored in UTC).
        if self.filed_from is not None:
            clauses.append(Case.created_at >= china_midnight(self.filed_from))
        if self.filed_to is not None:
            clauses.append(Case.created_at < china_midnight(self.filed_to + timedelta(days=1)))
        return clauses

    def order_by(self) -> tuple:
        return _ORDER[self.sort]


@dataclass(frozen=True)
class Cursor:
    """A position in a list: the last row's sort key and id, for one sort order.

    Encoded opaquely. Newest first, the id is the whole sort key, and the cursor is
    that id in decimal, as it always was (links and API clients holding one keep
    working); other orders are the URL-safe base64 of a small JSON object.
    A cursor only moves the reader within what they may see anyway, so it needs
    strict parsing, not a signature.
    """

    sort: str
    id: int
    key: Decimal | None = None

    @classmethod
    def after(cls, case: Case, sort: str) -> "Cursor":
        return cls(sort, case.id, case.claim_amount if sort in _KEYED else None)

    def encode(self) -> str:
        if self.sort == NEWEST:
            return str(self.id)
        data = {"s": self.sort, "id": self.id}
        if self.sort in _KEYED:
            data["k"] = f"{self.key:.2f}"
        raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, sort: str) -> "Cursor":
        """The cursor ``text`` for a list in ``sort`` order; ValueError unless it is
        exactly what :meth:`encode` produces for that order."""
        if sort == NEWEST:
            if not _ID.fullmatch(text) or int(text) > MAX_ID:
                raise ValueError(text)
            return cls(NEWEST, int(text))
        if not _CURSOR.fullmatch(text):
            raise ValueError(text)
        try:
            data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(text) from error
        expected = {"s", "id", "k"} if sort in _KEYED else {"s", "id"}
        if not isinstance(data, dict) or set(data) != expected or data["s"] != sort:
            raise ValueError(text)
        case_id = data["id"]
        if type(case_id) is not int or not 1 <= case_id <= MAX_ID:
            raise ValueError(text)
        key = None
        if sort in _KEYED:
            if not isinstance(data["k"], str) or not _AMOUNT_KEY.fullmatch(data["k"]):
                raise ValueError(text)
            key = Decimal(data["k"])
            if key <= 0:
                raise ValueError(text)
        cursor = cls(sort, case_id, key)
        if cursor.encode() != text:  # one spelling per position: no padding, no reordering
            raise ValueError(text)
        return cursor

    def condition(self):
        """Rows after this position in its sort order (row-value comparison, which
        both databases answer from an index on the sort columns)."""
        if self.sort == NEWEST:
            return Case.id < self.id
        if self.sort == OLDEST:
            return Case.id > self.id
        key = tuple_(Case.claim_amount, Case.id)
        position = tuple_(self.key, self.id, types=(Case.claim_amount.type, Case.id.type))
        return key < position if self.sort == CLAIM_DESC else key > position


def organisations_named(term: str):
    """The ids of the parties (companies, persons, individual businesses) whose name
    contains ``term``.

    Parties are far fewer than cases, so ``queries.list_cases`` reads these first:
    none means no case can match, and a short list lets the database use the
    applicant and respondent indexes, where a subquery would have it test every
    visible case (measured at 1,000,000 cases: 255 ms for a name that matches nothing).
    """
    return select(Organisation.id).where(
        Organisation.kind.in_(PARTY_KINDS),
        Organisation.name.icontains(term, autoescape=True),
    )


def _term(raw: str) -> str:
    if len(raw) > 4 * MAX_TERM:  # refused before any normalising work
        raise ValueError(_("must be at most %(n)d characters", n=MAX_TERM))
    return clean_text(raw, max_length=MAX_TERM, required=False)


def _filing_date(raw: str) -> date:
    text = raw.strip()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("must be a date YYYY-MM-DD")) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(_("must be between %(first)s and %(last)s", first=EARLIEST_DATE, last=LATEST_DATE))
    return day


def _number_term(raw: str) -> str:
    # Case numbers are written with half-width brackets and digits; people type
    # （２０２６） as often as (2026).
    return unicodedata.normalize("NFKC", _term(raw))


def _enum_value(enum, message):
    def parse(raw: str):
        try:
            return enum(raw.strip())
        except ValueError:
            raise ValueError(message) from None

    return parse


def _mediator_id(raw: str) -> int:
    text = raw.strip()
    if not (_ID.fullmatch(text) and int(text) <= MAX_ID):
        raise ValueError(_("must be a user id (a whole number)"))
    return int(text)


def _sort(raw: str) -> str:
    if raw.strip() not in SORTS:
        raise ValueError(_("unknown sort order"))
    return raw.strip()


def _filter(parse, schema: dict):
    return Annotated[object, PlainValidator(parse), WithJsonSchema(schema)]


_TERM_SCHEMA = {"type": "string", "maxLength": MAX_TERM}
_DATE_SCHEMA = {"type": "string", "format": "date"}


def _no_default(schema: dict) -> None:
    schema.pop("default", None)  # absent means "not filtered", not a null to send


def _absent():
    """An optional filter's default: absent, or a value."""
    return Field(None, json_schema_extra=_no_default)


def _enum_schema(enum) -> dict:
    return {"type": "string", "enum": [member.value for member in enum]}


class CaseFilters(Schema):
    """The query parameters of every case list, each with its rule (the API documents
    them from here; :func:`parse_search` applies them, one parameter at a time)."""

    number: _filter(_number_term, _TERM_SCHEMA | {"description": "the case number contains this"}) = ""
    party: _filter(_term, _TERM_SCHEMA | {"description": "a party's name contains this"}) = ""
    state: _filter(_enum_value(CaseState, _l("unknown state")), _enum_schema(CaseState)) = _absent()
    mediator_id: _filter(_mediator_id, {"type": "integer", "minimum": 1, "maximum": MAX_ID}) = _absent()
    source: _filter(_enum_value(CaseSource, _l("unknown source")), _enum_schema(CaseSource)) = _absent()
    filed_from: _filter(_filing_date, _DATE_SCHEMA | {"description": "filed on or after"}) = _absent()
    filed_to: _filter(_filing_date, _DATE_SCHEMA | {"description": "filed on or before"}) = _absent()
    sort: _filter(_sort, {"type": "string", "enum": list(SORTS), "default": DEFAULT_SORT}) = DEFAULT_SORT


_FILTERS = {name: TypeAdapter(field.rebuild_annotation()) for name, field in CaseFilters.model_fields.items()}


def parse_search(args) -> tuple[CaseSearch, dict[str, str]]:
    """The criteria in ``args`` (a request's query parameters) and the errors found,
    by parameter name; a criterion with an error is left out (the page keeps the rest)."""
    found, errors = {}, {}
    for name, adapter in _FILTERS.items():
        raw = args.get(name, "")
        if not raw.strip():
            continue
        try:
            value = adapter.validate_python(raw)
        except ValidationError as error:
            errors[name] = field_errors(error).popitem()[1]
        else:
            if value not in ("", None):
                found[name] = value
    if "filed_from" in found and "filed_to" in found and found["filed_to"] < found["filed_from"]:
        errors["filed_to"] = _("must not be before the start date")
        del found["filed_to"]
    return CaseSearch(**found), errors


def parse_cursor(raw: str, sort: str) -> Cursor | None:
    """The ``cursor`` parameter for a list in ``sort`` order; ValueError with the
    message for the user when it is not one this list handed out."""
    if not raw:
        return None
    try:
        return Cursor.decode(raw, sort)
    except ValueError:
        raise ValueError(_("is not a cursor returned by this list")) from None
