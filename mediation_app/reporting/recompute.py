"""The monthly figures recomputed from the cases and payments themselves.

An independent path from the incremental one: the database groups the cases
(China-calendar months, days and lateness computed in SQL, per backend) and
``figures.case_figures`` spreads each group over its buckets. A full scan, for
``totals verify`` and for rebuilding after a bulk load; never for a page.
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Integer, case, cast, func, select, type_coerce
from sqlalchemy.orm import aliased

from mediation_app.cases.models import Case
from mediation_app.court.models import Payment
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.reporting.figures import CaseFacts, Figures, Ledger, case_figures, payment_figures
from mediation_app.reporting.models import MonthlyFigures
from mediation_app.types import Money
from workflows.deadlines import CHINA


class _China:
    """China-calendar dates and months of UTC timestamps, in each backend's SQL.
    (China has kept UTC+8 without daylight saving since 1991; SQLite uses the offset.)"""

    def __init__(self, dialect: str):
        self.postgresql = dialect == "postgresql"

    def day(self, moment):
        if self.postgresql:
            return cast(func.timezone(CHINA.key, moment), Date)
        return func.date(moment, "+8 hours")

    def month(self, moment):
        if self.postgresql:
            return func.to_char(func.timezone(CHINA.key, moment), "YYYY-MM")
        return func.strftime("%Y-%m", moment, "+8 hours")

    def days_between(self, start, end):
        if self.postgresql:
            return self.day(end) - self.day(start)
        return cast(func.julianday(self.day(end)) - func.julianday(self.day(start)), Integer)

    def month_of_date(self, day):
        if self.postgresql:
            return func.to_char(day, "YYYY-MM")
        return func.strftime("%Y-%m", day)


def _month(text: str | None) -> date | None:
    return date(int(text[:4]), int(text[5:7]), 1) if text else None


def _money_sum(column):
    return type_coerce(func.coalesce(func.sum(column), 0), Money)


def _grouped(centre_id: int, china: _China, *extra):
    """A SELECT of the cases' facts, grouped, plus ``extra`` columns."""
    applicant = aliased(Organisation)
    facts = (
        Case.court_id,
        Case.source,
        Case.industry,
        applicant.chamber_id,
        Case.mediator_id,
        Case.state,
        china.month(Case.created_at),
        Case.outcome_code,
    )
    return facts, (
        select(*facts, *extra)
        .join(applicant, applicant.id == Case.applicant_id)
        .where(Case.centre_id == centre_id)
    )


def _facts(
    centre_id, court_id, source, industry, chamber_id, mediator_id, state, filed, outcome_code, **more
) -> CaseFacts:
    return CaseFacts(
        centre_id=centre_id,
        court_id=court_id,
        source=source.value,
        industry=industry or "",
        chamber_id=chamber_id,
        mediator_id=mediator_id,
        state=state,
        filed_month=_month(filed),
        outcome_code=outcome_code,
        **more,
    )


def case_groups(centre_id: int, session=None) -> Iterator[CaseFacts]:
    """The centre's cases as groups of alike cases (their facts, counts and sums), from
    the cases themselves; ``session`` is a migration's (default: the app's)."""
    session = session or db.session
    china = _China(session.get_bind().dialect.name)
    outcome_month = china.month(Case.concluded_at)
    days = china.days_between(Case.created_at, Case.concluded_at)
    late = case((china.day(Case.concluded_at) > Case.deadline, 1), else_=0)
    facts, query = _grouped(
        centre_id,
        china,
        outcome_month,
        func.count(),
        _money_sum(Case.claim_amount),
        _money_sum(Case.agreed_amount),
        func.coalesce(func.sum(days), 0),
        func.coalesce(func.sum(late), 0),
    )
    for row in session.execute(query.group_by(*facts, outcome_month)):
        state, concluded_month, n, claim, agreed, days_sum, late_sum = row[5], *row[len(facts) :]
        yield _facts(
            centre_id,
            *row[: len(facts)],
            concluded_month=_month(concluded_month) if state.is_final else None,
            cases=n,
            claim=claim,
            agreed=agreed,
            days=int(days_sum),
            late=int(late_sum),
        )


def payment_groups(centre_id: int, session=None) -> Iterator[tuple[CaseFacts, date, Decimal]]:
    """The payments under the centre's agreements, by group of alike cases and month."""
    session = session or db.session
    china = _China(session.get_bind().dialect.name)
    paid_month = china.month_of_date(Payment.paid_on)
    facts, query = _grouped(centre_id, china, paid_month, _money_sum(Payment.amount))
    query = query.join(Payment, Payment.case_id == Case.id).group_by(*facts, paid_month)
    for *group, month, amount in session.execute(query):
        yield _facts(centre_id, *group), _month(month), amount


def recomputed_figures(centre_id: int) -> dict:
    """Bucket → :class:`Figures` for one centre, from the cases and payments.
    (``case_figures`` reads the days, lateness and agreed amount of the states they
    belong to only.)"""
    ledger = Ledger()
    for group in case_groups(centre_id):
        ledger.post(case_figures(group))
    for group, month, amount in payment_groups(centre_id):
        ledger.post(payment_figures(group, month, amount))
    return ledger.changed()


def kept_figures(centre_id: int) -> dict:
    """Bucket → :class:`Figures` as kept in ``monthly_figures`` (zero rows left out)."""
    kept = {}
    for row in db.session.scalars(select(MonthlyFigures).where(MonthlyFigures.centre_id == centre_id)):
        figures = Figures(**{name: getattr(row, name) for name in Figures().values()})
        if not figures.is_zero():
            kept[(row.centre_id, row.scope, row.month, row.dimension, row.key)] = figures
    return kept


def figures_differences(centre_id: int) -> list[str]:
    """Every difference between the kept and the recomputed monthly figures."""
    kept, actual = kept_figures(centre_id), recomputed_figures(centre_id)
    differences = []
    for bucket in sorted(set(kept) | set(actual)):
        _centre, scope, month, dimension, key = bucket
        mine, truth = kept.get(bucket, Figures()).values(), actual.get(bucket, Figures()).values()
        differences += [
            f"{scope} {month:%Y-%m} {dimension}={key or '-'}: {name} kept {mine[name]}, actual {truth[name]}"
            for name in mine
            if mine[name] != truth[name]
        ]
    return differences
