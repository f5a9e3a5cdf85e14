"""Reading one ledger row into clean values, or into the problems found in it.

Every cell is checked (not only the first bad one), and every problem names its
row as Excel shows it, its column and what is wrong, in the default language.
The strict parsers of :mod:`mediation_app.validation` do the work, so a ledger
refuses exactly what the filing form and the API refuse.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from mediation_app.cases.models import CaseSource
from mediation_app.cases.schemas import REFERRAL_OUTCOMES
from mediation_app.cases.search import EARLIEST_DATE
from mediation_app.ledger import columns as c
from mediation_app.spreadsheets import cell_date, cell_decimal, cell_text
from mediation_app.validation import clean_text, parse_amount, parse_date, parse_uscc
from workflows.case_states import FINAL_STATES, CaseState

NUMBER_MAX = 40  # cases.number
NAME_MAX = 200  # organisations.name
# States in which a case has (or had) a mediator; a withdrawn case may or may not.
MEDIATED_STATES = frozenset(
    {CaseState.ASSIGNED, CaseState.MEDIATED, CaseState.SETTLED, CaseState.REFERRED_TO_COURT}
)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class LedgerRow:
    row: int
    number: str
    filed_on: date
    source: CaseSource
    applicant: tuple[str, str]  # (name, credit code)
    respondent: tuple[str, str]
    industry: str
    dispute_type: str
    claim_amount: Decimal
    mediator_id: int | None
    state: CaseState
    concluded_on: date | None
    agreed_amount: Decimal | None
    performed_amount: Decimal | None
    outcome_code: str | None = None


class _Vocabulary:
    """A column's words: the Chinese name of each code, and the code of every accepted
    spelling (the name, or the code itself); built once, not for every cell."""

    def __init__(self, names: dict[str, str]):
        self.names = names
        self.codes = {name: code for code, name in names.items()} | {code: code for code in names}


SOURCES = _Vocabulary(c.SOURCE_NAMES)
INDUSTRIES = _Vocabulary(c.INDUSTRY_NAMES)
DISPUTE_TYPES = _Vocabulary(c.DISPUTE_TYPE_NAMES)
STATES = _Vocabulary(c.STATE_NAMES)
# The outcome codes a case may have ended with in each state (the lifecycle's:
# withdraw records the applicant's withdrawal; a referral, why mediation failed).
ENDINGS = {
    CaseState.WITHDRAWN: ("withdrawn_by_applicant",),
    CaseState.REFERRED_TO_COURT: ("respondent_declined", *REFERRAL_OUTCOMES),
}


class _Row:
    """One row's cells by heading, and the problems found while reading them."""

    def __init__(self, number: int, cells: dict):
        self.number = number
        self.cells = cells
        self.problems: list[Problem] = []

    def fail(self, column: str, message) -> None:
        self.problems.append(Problem(self.number, column, str(message)))

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))

    def parse(self, column: str, parser, raw, **kwargs):
        try:
            return parser(raw, **kwargs)
        except ValueError as error:
            self.fail(column, error)
            return None

    def choice(self, column: str, words: _Vocabulary, *, default: str | None = None) -> str | None:
        """A code given by its Chinese name (or as the code itself)."""
        text = self.text(column)
        if not text and default:
            return default
        code = words.codes.get(text)
        if code is None:
            self.fail(
                column,
                _l(
                    "unknown value “%(value)s”; use one of: %(names)s",
                    value=text,
                    names="、".join(words.names.values()),
                ),
            )
        return code

    def amount(self, column: str, *, required: bool) -> Decimal | None:
        raw = cell_decimal(self.cells.get(column))
        if raw in ("", None):
            if required:
                self.fail(column, _l("is required"))
            return None
        return self.parse(column, parse_amount, raw if isinstance(raw, str) else f"{raw:f}")

    def day(self, column: str, today: date, *, required: bool) -> date | None:
        raw = cell_date(self.cells.get(column))
        if raw in ("", None):
            if required:
                self.fail(column, _l("is required"))
            return None
        day = self.parse(column, parse_date, raw)
        if day is not None and not EARLIEST_DATE <= day <= today:
            self.fail(column, _l("must be between %(first)s and today", first=EARLIEST_DATE.isoformat()))
            return None
        return day

    def party(self, name_column: str, uscc_column: str) -> tuple[str, str] | None:
        name = self.parse(name_column, clean_text, self.text(name_column), max_length=NAME_MAX)
        uscc = self.parse(uscc_column, parse_uscc, self.text(uscc_column))
        return (name, uscc) if name and uscc else None

    def absent(self, column: str, reason) -> None:
        if self.text(column):
            self.fail(column, reason)


def parse_row(number: int, cells: dict, *, mediators: dict[str, list[int]], today: date):
    """The clean row, or ``None`` and its problems; ``cells`` maps headings to values."""
    row = _Row(number, cells)
    case_number = row.parse(c.NUMBER, clean_text, row.text(c.NUMBER), max_length=NUMBER_MAX)
    filed_on = row.day(c.FILED_ON, today, required=True)
    source = row.choice(c.SOURCE, SOURCES)
    applicant = row.party(c.APPLICANT, c.APPLICANT_USCC)
    respondent = row.party(c.RESPONDENT, c.RESPONDENT_USCC)
    if applicant and respondent and applicant[1] == respondent[1]:
        row.fail(c.RESPONDENT_USCC, _l("must differ from the applicant's"))
    industry = row.choice(c.INDUSTRY, INDUSTRIES)
    dispute_type = row.choice(c.DISPUTE_TYPE, DISPUTE_TYPES, default="other")
    claim = row.amount(c.CLAIM, required=True)
    state_code = row.choice(c.STATE, STATES)
    state = CaseState(state_code) if state_code else None
    mediator_id = _mediator(row, state, mediators)
    concluded_on = None
    if state in FINAL_STATES:
        concluded_on = row.day(c.CONCLUDED_ON, today, required=True)
        if concluded_on and filed_on and concluded_on < filed_on:
            row.fail(c.CONCLUDED_ON, _l("must not be before %(column)s", column=c.FILED_ON))
    elif state is not None:
        row.absent(c.CONCLUDED_ON, _l("must be empty for a case still open"))
    agreed = performed = None
    if state is CaseState.SETTLED:
        agreed = row.amount(c.AGREED, required=True)
        performed = row.amount(c.PERFORMED, required=False)
        if agreed and performed and performed > agreed:
            row.fail(c.PERFORMED, _l("must not exceed %(column)s", column=c.AGREED))
        elif not row.problems:
            _check_performance(row, agreed, performed)
    elif state is not None:
        for column in (c.AGREED, c.PERFORMANCE, c.PERFORMED):
            row.absent(column, _l("is only given for a settled case"))
    outcome_code = _ending(row, state)
    if row.problems:
        return None, row.problems
    clean = LedgerRow(
        number,
        case_number,
        filed_on,
        CaseSource(source),
        applicant,
        respondent,
        industry,
        dispute_type,
        claim,
        mediator_id,
        state,
        concluded_on,
        agreed,
        performed,
        outcome_code,
    )
    return clean, []


def _ending(row: _Row, state: CaseState | None) -> str | None:
    """Why the case ended without settlement, where the ledger says (it may not: a
    ledger kept before the column existed)."""
    codes = ENDINGS.get(state)
    if codes is None:
        if state is not None:
            row.absent(c.ENDING, _l("is only given for a case withdrawn or referred to court"))
        return None
    if not row.text(c.ENDING):
        return None
    names = c.ending_names()
    return row.choice(c.ENDING, _Vocabulary({code: names[code] for code in codes}))


def _mediator(row: _Row, state: CaseState | None, mediators: dict[str, list[int]]) -> int | None:
    name = row.text(c.MEDIATOR)
    if not name:
        if state in MEDIATED_STATES:
            row.fail(c.MEDIATOR, _l("is required for a case in this state"))
        return None
    if state in (CaseState.FILED, CaseState.REJECTED):
        row.fail(c.MEDIATOR, _l("must be empty: no mediator is appointed in this state"))
        return None
    ids = mediators.get(name, [])
    if len(ids) != 1:
        row.fail(
            c.MEDIATOR,
            _l("no mediator of the centre has this name; create the account first")
            if not ids
            else _l("several mediators of the centre have this name"),
        )
        return None
    return ids[0]


def _check_performance(row: _Row, agreed: Decimal | None, performed: Decimal | None) -> None:
    """履行情况, when given, must say what the performed amount says."""
    given = row.text(c.PERFORMANCE)
    names = (c.NOT_PERFORMED, c.PARTLY_PERFORMED, c.PERFORMED_IN_FULL)
    if not given:
        return
    if given not in names:
        row.fail(
            c.PERFORMANCE,
            _l("unknown value “%(value)s”; use one of: %(names)s", value=given, names="、".join(names)),
        )
    elif agreed is not None and given != c.performance_of(agreed, performed or Decimal(0)):
        row.fail(c.PERFORMANCE, _l("does not match %(column)s", column=c.PERFORMED))
