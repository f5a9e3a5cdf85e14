"""The mediators' evaluation: per mediator of a centre, over the cases filed in a
period, computed by the database in two grouped queries (cases, survey answers)
whatever the number of cases.

Dates are China calendar dates of the stored UTC times; SQLite and PostgreSQL spell
that differently, so the two date expressions below compile per dialect.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Date, Integer, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.mediators.queries import training_hours
from mediation_app.reporting.figures import success_rate
from mediation_app.surveys.models import SurveyAnswer
from mediation_app.surveys.permissions import CONCLUDED
from workflows.case_states import OPEN_STATES, CaseState
from workflows.deadlines import china_midnight
from workflows.roles import Role

ONE_DECIMAL = Decimal("0.1")


class china_date(FunctionElement):
    """The Asia/Shanghai calendar date of a UTC timestamp column (China keeps no DST)."""

    type = Date()
    inherit_cache = True


@compiles(china_date, "postgresql")
def _china_date_pg(element, compiler, **kw):
    return f"CAST(timezone('Asia/Shanghai', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(china_date, "sqlite")
def _china_date_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


class days_between(FunctionElement):
    """Whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "postgresql")
def _days_between_pg(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"({end} - {start})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


@dataclass
class MediatorEvaluation:
    mediator_id: int
    name: str
    handled: int = 0  # cases filed in the period and assigned to the mediator
    concluded: int = 0  # of those, ended after mediation (surveys.permissions.CONCLUDED)
    settled: int = 0
    referred: int = 0
    days_to_conclude: int = 0  # summed over the concluded cases
    breaches: int = 0  # concluded after the time limit, or open and past it today
    satisfaction_total: int = 0
    answers: int = 0
    training_hours: Decimal = Decimal("0.0")  # courses held in the period (the register's)

    @property
    def success_rate(self) -> Decimal | None:
        """Settled among concluded, as every success rate (``reporting.figures``)."""
        return success_rate(self.settled, self.concluded)

    @property
    def average_days(self) -> Decimal | None:
        return (
            None
            if not self.concluded
            else (Decimal(self.days_to_conclude) / self.concluded).quantize(ONE_DECIMAL)
        )

    @property
    def satisfaction(self) -> Decimal | None:
        return (
            None
            if not self.answers
            else (Decimal(self.satisfaction_total) / self.answers).quantize(ONE_DECIMAL)
        )


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _filed_between(filed_from: date | None, filed_to: date | None) -> list:
    clauses = []
    if filed_from is not None:
        clauses.append(Case.created_at >= china_midnight(filed_from))
    if filed_to is not None:
        clauses.append(Case.created_at < china_midnight(filed_to + timedelta(days=1)))
    return clauses


def mediator_evaluation(
    centre_id: int, today: date, filed_from: date | None = None, filed_to: date | None = None
) -> list[MediatorEvaluation]:
    """Every mediator of the centre (former ones included), by name, with their figures
    for the cases filed between the two dates (inclusive; open-ended when None)."""
    concluded = Case.state.in_(CONCLUDED)
    concluded_on = china_date(Case.concluded_at)
    late = or_(
        and_(concluded, Case.deadline.is_not(None), concluded_on > Case.deadline),
        and_(Case.state.in_(OPEN_STATES), Case.deadline < today),
    )
    cases = (
        select(
            Case.mediator_id,
            func.count(),
            _count(concluded),
            _count(Case.state == CaseState.SETTLED),
            _count(Case.state == CaseState.REFERRED_TO_COURT),
            func.coalesce(
                func.sum(case((concluded, days_between(china_date(Case.created_at), concluded_on)), else_=0)),
                0,
            ),
            _count(late),
        )
        .where(
            Case.centre_id == centre_id, Case.mediator_id.is_not(None), *_filed_between(filed_from, filed_to)
        )
        .group_by(Case.mediator_id)
    )
    answers = (
        select(SurveyAnswer.mediator_id, func.sum(SurveyAnswer.score), func.count())
        .join(Case, Case.id == SurveyAnswer.case_id)
        .where(
            Case.centre_id == centre_id,
            SurveyAnswer.mediator_id.is_not(None),
            *_filed_between(filed_from, filed_to),
        )
        .group_by(SurveyAnswer.mediator_id)
    )
    mediators = db.session.execute(
        select(User.id, User.name)
        .where(User.role == Role.MEDIATOR, User.centre_id == centre_id)
        .order_by(User.name, User.id)
    )
    found = {row.id: MediatorEvaluation(row.id, row.name) for row in mediators}
    for mediator_id, handled, closed, settled, referred, days, breaches in db.session.execute(cases):
        if mediator_id in found:
            figures = found[mediator_id]
            figures.handled, figures.concluded, figures.settled, figures.referred = (
                handled,
                closed,
                settled,
                referred,
            )
            figures.days_to_conclude, figures.breaches = int(days), breaches
    for mediator_id, total, count in db.session.execute(answers):
        if mediator_id in found:
            found[mediator_id].satisfaction_total, found[mediator_id].answers = int(total), count
    for mediator_id, hours in training_hours(list(found), filed_from, filed_to).items():
        found[mediator_id].training_hours = hours
    return list(found.values())
