"""Importing a centre's historical ledger: every row validated first, then all of it
written in one transaction, or nothing.

Imported cases are created in their final (or current) state with their own
numbers and historical dates, each with one timeline event, and they enter the
centre's totals through ``reporting.operations`` like any filing, transition or
payment, in the same transaction. A case number the centre already has is
reported as already present and not imported again, so a ledger can be imported
twice (or after a partial, valid-rows-only import) without doubling anything.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from mediation_app.auth.models import User
from mediation_app.bulk import insert_rows
from mediation_app.cases.models import Case, CaseEvent, CaseSource, ChainHead
from mediation_app.cases.timeline import event_values, head_values
from mediation_app.cases.workloads import record_case_change
from mediation_app.core.workspace import require
from mediation_app.court.models import Payment
from mediation_app.errors import Conflict
from mediation_app.extensions import db
from mediation_app.ledger import columns as c
from mediation_app.ledger.queries import (
    case_ids_after,
    last_case_id,
    mediators_by_name,
    numbers_in_use,
    organisations_by_uscc,
)
from mediation_app.ledger.rows import LedgerRow, Problem, parse_row
from mediation_app.parties.models import Organisation, OrganisationKind
from mediation_app.reporting.operations import record_case_move, record_performance
from mediation_app.spreadsheets import NotAWorkbook, read_workbook
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import china_midnight, local_date

log = logging.getLogger(__name__)

MAX_ROWS = 200_000  # a ledger longer than this is split by the centre, not read into memory
CHUNK = 1000  # rows written at once
IMPORT_EVENT = "import_ledger"
CONSENTED_STATES = (CaseState.MEDIATED, CaseState.SETTLED)  # the respondent agreed to mediate

# progress(phase, rows done, rows in all): phase is "validating" or "importing".
Progress = Callable[[str, int, int], None]


class LedgerRefused(Exception):
    """Nothing was imported; ``message`` says why, ``result`` holds the row report."""

    def __init__(self, message, result: "ImportResult"):
        super().__init__(str(message))
        self.message = str(message)
        self.result = result


@dataclass
class ImportResult:
    rows: int = 0  # data rows in the file
    imported: int = 0
    already_present: list[Problem] = field(default_factory=list)  # rows skipped, not errors
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: int = 0


def _no_progress(phase: str, done: int, total: int) -> None:
    pass


def import_ledger(
    actor: User,
    stream: BinaryIO,
    *,
    file_name: str = "",
    valid_only: bool = False,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Import the ledger in ``stream`` into the actor's centre (staff only).

    Raises :class:`LedgerRefused` when the file is not a ledger, or when any row is
    invalid and ``valid_only`` is not set; nothing is written then.
    """
    require(actor, "keep_ledger")
    result = ImportResult()
    try:
        rows = _validated_rows(actor.centre_id, stream, result, progress)
    except NotAWorkbook as error:
        raise LedgerRefused(error, result) from None
    if result.problems and not valid_only:
        raise LedgerRefused(
            _("%(n)d row(s) have errors; nothing was imported.", n=result.invalid_rows), result
        )
    try:
        _write(actor, rows, file_name, result, progress)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # A case number taken by someone importing or filing at the same moment.
        raise Conflict(
            _("The ledger changed while it was imported; nothing was imported. Try again.")
        ) from None
    except BaseException:
        db.session.rollback()
        raise
    log.info(
        "ledger %r imported into centre %d by user %d: %d case(s), %d already present, %d invalid row(s)",
        file_name,
        actor.centre_id,
        actor.id,
        result.imported,
        len(result.already_present),
        result.invalid_rows,
    )
    return result


def _check_headings(headings: list[str]) -> None:
    missing = [h for h in c.COLUMNS if h not in headings and h not in c.OPTIONAL]
    extra = [h for h in headings if h not in c.COLUMNS]
    repeated = sorted({h for h in headings if h and headings.count(h) > 1})
    problems = []
    if missing:
        problems.append(_("missing column(s): %(names)s", names="、".join(missing)))
    if extra:
        problems.append(
            _("unexpected column(s): %(names)s", names="、".join(h or _("(blank)") for h in extra))
        )
    if repeated:
        problems.append(_("repeated column(s): %(names)s", names="、".join(repeated)))
    if problems:
        raise NotAWorkbook(
            _("The first row must name the ledger's columns: %(columns)s.", columns="、".join(c.COLUMNS))
            + " "
            + "；".join(problems)
        )


def _validated_rows(centre_id: int, stream, result: ImportResult, progress: Progress) -> list[LedgerRow]:
    """Every row read and checked; the problems and skipped rows go into ``result``."""
    mediators = mediators_by_name(centre_id)
    today = local_date(utcnow())
    rows: list[LedgerRow] = []
    first_row_of: dict[str, int] = {}
    with read_workbook(stream, width=len(c.COLUMNS), max_rows=MAX_ROWS) as sheet:
        _check_headings(sheet.headings)
        positions = {heading: index for index, heading in enumerate(sheet.headings)}
        for number, values in sheet.rows:
            result.rows += 1
            if result.rows > MAX_ROWS:
                raise NotAWorkbook(
                    _("The ledger has more than %(n)d rows; split it into several files.", n=MAX_ROWS)
                )
            cells = {h: values[i] if i < len(values) else None for h, i in positions.items()}
            row, problems = parse_row(number, cells, mediators=mediators, today=today)
            if row is not None:
                if row.number in first_row_of:
                    problems = [
                        Problem(
                            number,
                            c.NUMBER,
                            _("repeats the case number of row %(row)d", row=first_row_of[row.number]),
                        )
                    ]
                else:
                    first_row_of[row.number] = number
                    rows.append(row)
            if problems:
                result.invalid_rows += 1
                result.problems.extend(problems)
            if result.rows % CHUNK == 0:
                progress("validating", result.rows, sheet.size or result.rows)
    present = numbers_in_use(centre_id, first_row_of)
    for row in rows:
        if row.number in present:
            result.already_present.append(
                Problem(row.row, c.NUMBER, _("already in the centre's cases; not imported again"))
            )
    progress("validating", result.rows, result.rows)
    return [row for row in rows if row.number not in present]


def _enterprises(rows: list[LedgerRow]) -> dict[str, Organisation]:
    """The parties by credit code: the registered enterprise, or a new one named as in
    the ledger (the code identifies it; a different spelling makes no second record)."""
    names = {}
    for row in rows:
        for name, uscc in (row.applicant, row.respondent):
            names.setdefault(uscc, name)
    known = organisations_by_uscc(names)
    for uscc, name in names.items():
        if uscc not in known:
            known[uscc] = Organisation(kind=OrganisationKind.ENTERPRISE, name=name, uscc=uscc)
            db.session.add(known[uscc])
    db.session.flush()
    return known


@dataclass(slots=True)
class _NewCase:
    """An imported case: what it inserts, and what the timeline and the totals read of
    a case (``event_values``, ``record_case_move``, ``record_performance``). A plain
    object rather than a transient ``Case``: the ORM's attribute bookkeeping would
    cost as much as the whole insert."""

    centre_id: int
    number: str
    state: CaseState  # imported in the state the ledger records, not reached by transitions
    source: CaseSource
    applicant: Organisation
    respondent: Organisation
    mediator_id: int | None
    claim_amount: Decimal
    agreed_amount: Decimal | None
    industry: str
    dispute_type: str
    created_at: datetime
    concluded_at: datetime | None
    outcome_code: str | None = None
    id: int | None = None
    court_id = None  # a ledger row is not a delegated court case
    deadline = None  # nor has it a running time limit

    def columns(self, filed_by_id: int, summary: str) -> dict:
        return {
            "centre_id": self.centre_id,
            "number": self.number,
            "state": self.state,
            "source": self.source,
            "applicant_id": self.applicant.id,
            "respondent_id": self.respondent.id,
            "mediator_id": self.mediator_id,
            "claim_amount": self.claim_amount,
            "agreed_amount": self.agreed_amount,
            "summary": summary,
            "industry": self.industry,
            "dispute_type": self.dispute_type,
            "respondent_consent": True if self.state in CONSENTED_STATES else None,
            "filed_by_id": filed_by_id,
            "version": 1,  # as the first INSERT through the session would number it
            "created_at": self.created_at,
            "updated_at": self.concluded_at or self.created_at,
            "concluded_at": self.concluded_at,
            "outcome_code": self.outcome_code,
        }


def _new_case(centre_id: int, row: LedgerRow, enterprises: dict[str, Organisation]) -> _NewCase:
    return _NewCase(
        centre_id=centre_id,
        number=row.number,
        state=row.state,
        source=row.source,
        applicant=enterprises[row.applicant[1]],
        respondent=enterprises[row.respondent[1]],
        mediator_id=row.mediator_id,
        claim_amount=row.claim_amount,
        agreed_amount=row.agreed_amount,
        industry=row.industry,
        dispute_type=row.dispute_type,
        created_at=china_midnight(row.filed_on),
        concluded_at=china_midnight(row.concluded_on) if row.concluded_on else None,
        outcome_code=row.outcome_code,
    )


def _write(
    actor: User, rows: list[LedgerRow], file_name: str, result: ImportResult, progress: Progress
) -> None:
    """Cases, their first timeline events and payments go in a chunk at a time by
    ``bulk.insert_rows``: the session's unit of work costs far more per row."""
    enterprises = _enterprises(rows)
    summary = _("Imported from the centre's historical ledger.")
    note = _("Performed amount from the historical ledger")
    last_id = last_case_id()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        cases = [_new_case(actor.centre_id, row, enterprises) for row in chunk]
        insert_rows(Case.__table__, [case.columns(actor.id, summary) for case in cases])
        # Read back in one query: insert_rows returning ids inserts one row at a time on SQLite.
        ids = case_ids_after(actor.centre_id, last_id)
        for case in cases:
            case.id = ids[case.number]
        last_id = max(ids.values())
        events, payments = [], []
        for row, case in zip(chunk, cases, strict=True):
            data = {"file": file_name, "row": row.row, "claim_amount": str(case.claim_amount)}
            events.append(event_values(case, actor, IMPORT_EVENT, to_state=case.state, data=data))
            record_case_move(case, None, case.state)
            record_case_change(case, None, None)
            if row.performed_amount:
                payments.append(
                    {
                        "case_id": case.id,
                        "amount": row.performed_amount,
                        "paid_on": row.concluded_on,
                        "note": note,
                        "recorded_by_id": actor.id,
                    }
                )
                record_performance(case, row.performed_amount, row.concluded_on)
        insert_rows(CaseEvent.__table__, events)
        insert_rows(ChainHead.__table__, [head_values(e["case_id"], 1, e["hash"]) for e in events])
        insert_rows(Payment.__table__, payments)
        result.imported += len(chunk)
        progress("importing", result.imported, len(rows))
