"""Keeping the tallies and monthly figures in step with the cases, inside the
caller's transaction: every filing, transition, imported case and payment goes
through :func:`record_case_move` or :func:`record_performance`."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import column as sql_column
from sqlalchemy import delete, event, inspect
from sqlalchemy import table as sql_table
from sqlalchemy.orm import Session

from mediation_app.extensions import db
from mediation_app.reporting.figures import (
    BUCKET_COLUMNS,
    FIGURE_NAMES,
    CaseFacts,
    Ledger,
    before,
    case_figures,
    is_concluded,
    month_of,
    payment_figures,
    scopes,
)
from mediation_app.reporting.models import CaseTally, MonthlyFigures
from mediation_app.reporting.recompute import case_groups, payment_groups, recomputed_figures
from mediation_app.transactions import committed
from mediation_app.upsert import adding_upsert
from workflows.case_states import CaseState
from workflows.deadlines import local_date

ZERO = Decimal("0.00")


def _tally_change(facts: CaseFacts, sign: int, performed: Decimal = ZERO):
    """What the case (group) in ``facts`` changes in its state's tallies: counted in
    (``sign`` 1) or out (-1), or (``sign`` 0) only adding ``performed``."""
    agreed = facts.agreed if facts.state is CaseState.SETTLED else ZERO
    concluded = facts.cases if is_concluded(facts.state, facts.mediator_id) else 0
    deltas = (sign * facts.cases, sign * concluded, sign * facts.claim, sign * agreed, performed)
    return [((facts.centre_id, scope, facts.state.value), deltas) for scope in scopes(facts)]


def _count(pending: "_Pending", facts: CaseFacts, sign: int = 1) -> None:
    pending.tallies.post(_tally_change(facts, sign))
    pending.figures.post(case_figures(facts), sign)


def record_case_move(case, from_state: CaseState | None, to_state: CaseState) -> None:
    """Move ``case`` between state tallies and monthly figures (``from_state=None``
    for a new case); written when the transaction commits."""
    if from_state == to_state:
        return
    pending = _pending(db.session())
    facts = case_facts(case, to_state)
    _count(pending, facts)
    if from_state is not None:
        _count(pending, before(facts, from_state), -1)


def recount(session: Session, counted: CaseFacts, now: CaseFacts) -> None:
    """Correct the figures of a case whose state (or whose counting) a data migration
    changed outside the lifecycle: out as it ``counted``, in as it counts ``now``;
    written when ``session`` commits, into the figure columns the tables have at that
    point of the migration chain (a later migration adds and fills its own)."""
    pending = _migration_pending(session)
    _count(pending, now)
    _count(pending, counted, -1)


def recount_centre(session: Session, centre_id: int) -> None:
    """Count a centre's tallies and monthly figures afresh from its cases and payments,
    for a data migration that changes how a figure counts: its rows are replaced, the
    new ones written when ``session`` commits (as :func:`recount`'s)."""
    session.execute(delete(CaseTally).where(CaseTally.centre_id == centre_id))
    session.execute(delete(MonthlyFigures).where(MonthlyFigures.centre_id == centre_id))
    pending = _migration_pending(session)
    for group in case_groups(centre_id, session):
        _count(pending, group)
    for group, month, amount in payment_groups(centre_id, session):
        _count_payment(pending, group, month, amount)


def _migration_pending(session: Session) -> "_Pending":
    """The session's pending changes, limited to the columns the tables have now."""
    pending = _pending(session)
    if pending.columns is None:
        inspector = inspect(session.connection())
        pending.columns = {
            table: {column["name"] for column in inspector.get_columns(table)}
            for table in (CaseTally.__tablename__, MonthlyFigures.__tablename__)
        }
    return pending


def record_performance(case, amount: Decimal, paid_on) -> None:
    """Add a payment made under ``case``'s agreement (on ``paid_on``) to the performed amount."""
    _count_payment(_pending(db.session()), case_facts(case, case.state), month_of(paid_on), amount)


def _count_payment(pending: "_Pending", facts: CaseFacts, month, amount: Decimal) -> None:
    pending.tallies.post(_tally_change(facts, 0, amount))
    pending.figures.post(payment_figures(facts, month, amount))


def case_facts(case, state: CaseState) -> CaseFacts:
    """What the monthly figures need of ``case`` (in ``state``)."""
    filed_on = local_date(case.created_at)
    concluded_on = local_date(case.concluded_at) if state.is_final and case.concluded_at else None
    return CaseFacts(
        centre_id=case.centre_id,
        court_id=case.court_id,
        source=str(case.source),  # a StrEnum, or its value on a row not yet flushed
        industry=case.industry or "",
        chamber_id=case.applicant.chamber_id,
        mediator_id=case.mediator_id,
        state=state,
        filed_month=month_of(filed_on),
        # Read only where it counts (an ending other than settled): a migration older
        # than the column recounts settled and open cases with the columns it had.
        outcome_code=case.outcome_code if state.is_final and state is not CaseState.SETTLED else None,
        concluded_month=month_of(concluded_on) if concluded_on else None,
        claim=case.claim_amount,
        agreed=case.agreed_amount or ZERO,
        days=(concluded_on - filed_on).days if concluded_on else 0,
        late=int(bool(concluded_on and case.deadline and concluded_on > case.deadline)),
    )


# A transaction's changes to the tallies and the monthly figures are summed in the
# session and written when it commits, still inside it: an operation touching many
# cases (a ledger import) writes each touched row once, with one statement compiled
# once, and rows stay locked only for the end of the transaction.
_PENDING = "reporting.pending"
TALLY_KEY = ("centre_id", "scope", "state")
TALLY_FIGURES = ("case_count", "concluded_count", "claim_amount", "agreed_amount", "performed_amount")


class _Tallies(dict):
    """Tally key → its changes (``TALLY_FIGURES``), summed."""

    def post(self, changes) -> None:
        for key, deltas in changes:
            sums = self.get(key, (0, 0, ZERO, ZERO, ZERO))
            self[key] = tuple(a + b for a, b in zip(sums, deltas, strict=True))

    def rows(self) -> list[dict]:
        return [
            dict(zip(TALLY_KEY, key, strict=True)) | dict(zip(TALLY_FIGURES, deltas, strict=True))
            for key, deltas in sorted(self.items())
            if any(deltas)
        ]


@dataclass
class _Pending:
    tallies: _Tallies = field(default_factory=_Tallies)
    figures: Ledger = field(default_factory=Ledger)
    columns: dict[str, set[str]] | None = None  # table → its columns, in a migration (recount)


def _pending(session: Session) -> _Pending:
    return session.info.setdefault(_PENDING, _Pending())


@event.listens_for(Session, "before_commit")
def _post_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        _post(session, pending)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _post(session: Session, pending: _Pending) -> None:
    """Add the non-zero changes to their rows: the tallies, then the monthly figures,
    each in key order (no deadlock between concurrent transactions on PostgreSQL)."""

    def write(model, key, names, rows):
        table = model.__table__
        if pending.columns is not None:  # a migration: only the columns the table has yet
            names = tuple(name for name in names if name in pending.columns[table.name])
            rows = [{name: row[name] for name in (*key, *names)} for row in rows]
            table = sql_table(table.name, *(sql_column(n, table.c[n].type) for n in (*key, *names)))
        if rows:
            session.execute(adding_upsert(table, key, names), rows)

    write(CaseTally, TALLY_KEY, TALLY_FIGURES, pending.tallies.rows())
    figures = [_row(bucket, f) for bucket, f in sorted(pending.figures.changed().items())]
    write(MonthlyFigures, BUCKET_COLUMNS, FIGURE_NAMES, figures)


def _row(bucket: tuple, figures) -> dict:
    return dict(zip(BUCKET_COLUMNS, bucket, strict=True)) | figures.values()


def rebuild_monthly_figures(centre_id: int) -> None:
    """Replace a centre's monthly figures by their recomputation from the cases (after
    a bulk load, or once on a database that held cases before the figures existed)."""
    rows = [_row(bucket, f) for bucket, f in sorted(recomputed_figures(centre_id).items())]
    with committed():
        db.session.execute(delete(MonthlyFigures).where(MonthlyFigures.centre_id == centre_id))
        if rows:
            db.session.execute(MonthlyFigures.__table__.insert(), rows)
