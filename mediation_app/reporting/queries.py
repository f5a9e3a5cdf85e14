"""Reading the totals (O(1) in the number of cases) and recomputing them to verify."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, type_coerce

from mediation_app.auth.models import User
from mediation_app.cases.forms import INDUSTRY_LABELS
from mediation_app.cases.labels import ENDING_LABELS, SOURCE_LABELS, STATE_LABELS
from mediation_app.cases.models import Case
from mediation_app.court.models import Payment
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.reporting.figures import FIGURE_NAMES, Dimension, Figures, is_concluded, success_rate
from mediation_app.reporting.models import CENTRE_SCOPE, CaseTally, MonthlyFigures, court_scope
from mediation_app.reporting.periods import Period
from mediation_app.reporting.schemas import TotalsOut
from mediation_app.types import Money, utcnow
from workflows.case_states import OPEN_STATES, CaseState
from workflows.deadlines import local_date

ZERO = Decimal("0.00")


@dataclass
class Totals:
    """A centre's running totals. ``settled`` (调解成功) and ``concluded`` (结案) count
    by the rules of ``reporting.figures``, as every other figure of those names."""

    cases_by_state: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in CaseState})
    claim_by_state: dict[str, Decimal] = field(default_factory=lambda: {s.value: ZERO for s in CaseState})
    agreed_amount: Decimal = ZERO
    performed_amount: Decimal = ZERO
    concluded: int = 0

    @property
    def settled(self) -> int:
        return self.cases_by_state[CaseState.SETTLED.value]

    @property
    def resolved_claim_amount(self) -> Decimal:
        return self.claim_by_state[CaseState.SETTLED.value]

    @property
    def referred_to_court(self) -> int:
        return self.cases_by_state[CaseState.REFERRED_TO_COURT.value]

    @property
    def received(self) -> int:
        return sum(self.cases_by_state.values())

    @property
    def success_rate(self) -> Decimal | None:
        return success_rate(self.settled, self.concluded)

    def add(
        self,
        state: str,
        count: int,
        claim: Decimal,
        agreed: Decimal,
        performed: Decimal = ZERO,
        concluded: int = 0,
    ) -> None:
        self.cases_by_state[state] += count
        self.claim_by_state[state] += claim
        self.agreed_amount += agreed
        self.performed_amount += performed
        self.concluded += concluded

    def as_dict(self) -> dict:
        """The API's shape (``TotalsOut``); money as strings with two decimals."""
        return TotalsOut.of(self).model_dump(mode="json")


def totals(centre_id: int | None, court_id: int | None = None) -> Totals:
    """The kept totals of a centre, or of one court's slice (of one or all centres)."""
    scope = court_scope(court_id) if court_id else CENTRE_SCOPE
    result = Totals()
    query = select(CaseTally).where(CaseTally.scope == scope)
    if centre_id is not None:
        query = query.where(CaseTally.centre_id == centre_id)
    rows = db.session.scalars(query)
    for row in rows:
        result.add(
            row.state,
            row.case_count,
            row.claim_amount,
            row.agreed_amount,
            row.performed_amount,
            row.concluded_count,
        )
    return result


def recomputed_totals(centre_id: int, court_id: int | None = None) -> Totals:
    """The same figures computed from the cases themselves (a full scan)."""
    with_mediator = Case.mediator_id.is_not(None)
    query = (
        select(
            Case.state,
            with_mediator,
            func.count(),
            type_coerce(func.sum(Case.claim_amount), Money),
            type_coerce(func.coalesce(func.sum(Case.agreed_amount), 0), Money),
        )
        .where(Case.centre_id == centre_id)
        .group_by(Case.state, with_mediator)
    )
    if court_id:
        query = query.where(Case.court_id == court_id)
    result = Totals()
    for state, mediated, count, claim, agreed in db.session.execute(query):
        concluded = count if is_concluded(state, mediator_id=1 if mediated else None) else 0
        result.add(
            state.value, count, claim, agreed if state is CaseState.SETTLED else ZERO, concluded=concluded
        )
    performed = select(type_coerce(func.coalesce(func.sum(Payment.amount), 0), Money)).join(Case)
    performed = performed.where(Case.centre_id == centre_id)
    if court_id:
        performed = performed.where(Case.court_id == court_id)
    result.performed_amount = db.session.execute(performed).scalar_one()
    return result


def totals_differences(centre_id: int) -> list[str]:
    """Every difference between kept and recomputed totals, centre and court slices."""
    court_ids = db.session.scalars(
        select(Case.court_id).where(Case.centre_id == centre_id, Case.court_id.is_not(None)).distinct()
    ).all()
    tally_courts = db.session.scalars(
        select(CaseTally.scope)
        .where(CaseTally.centre_id == centre_id, CaseTally.scope != CENTRE_SCOPE)
        .distinct()
    ).all()
    court_ids = sorted(set(court_ids) | {int(s.split(":", 1)[1]) for s in tally_courts})
    differences = []
    for court_id in [None, *court_ids]:
        kept, actual = totals(centre_id, court_id), recomputed_totals(centre_id, court_id)
        label = f"court {court_id}" if court_id else "centre"
        figures = [
            (f"{state} count", kept.cases_by_state[state], actual.cases_by_state[state])
            for state in kept.cases_by_state
        ]
        figures += [
            (f"{state} claim", kept.claim_by_state[state], actual.claim_by_state[state])
            for state in kept.claim_by_state
        ]
        figures.append(("concluded count", kept.concluded, actual.concluded))
        figures.append(("agreed amount", kept.agreed_amount, actual.agreed_amount))
        figures.append(("performed amount", kept.performed_amount, actual.performed_amount))
        differences += [f"{label}: {name} kept {k}, actual {a}" for name, k, a in figures if k != a]
    return differences


# ---- monthly statistics: the dashboard, its API and the monthly report -------------------------

# "Overdue now" counts open cases past their time limit, up to this many ("100+"):
# the count walks the deadline index, so its cost stays bounded however many cases
# are overdue; the dashboard's deadline list names the most urgent ones.
OVERDUE_CAP = 100


@dataclass
class Breakdown:
    key: str
    label: str
    figures: Figures


@dataclass
class Statistics:
    period: Period
    headline: Figures
    trend: list[tuple[date, Figures]]
    breakdowns: dict[Dimension, list[Breakdown]]
    overdue_now: int

    @property
    def overdue_capped(self) -> bool:
        return self.overdue_now >= OVERDUE_CAP


def _centres(centre_ids: int | Iterable[int]) -> list[int]:
    return [centre_ids] if isinstance(centre_ids, int) else list(centre_ids)


def _sums() -> list:
    return [
        type_coerce(func.sum(getattr(MonthlyFigures, name)), MonthlyFigures.__table__.c[name].type)
        for name in FIGURE_NAMES
    ]


def centre_figures(centre_ids: Iterable[int], period: Period) -> dict[int, Figures]:
    """Each centre's figures over ``period`` (a federation's member centres), in one
    query over the monthly rows of the ``source`` breakdown (they partition the cases)."""
    query = (
        select(MonthlyFigures.centre_id, *_sums())
        .where(
            MonthlyFigures.centre_id.in_(list(centre_ids)),
            MonthlyFigures.scope == CENTRE_SCOPE,
            MonthlyFigures.month.between(period.first, period.last),
            MonthlyFigures.dimension == Dimension.SOURCE,
        )
        .group_by(MonthlyFigures.centre_id)
    )
    return {centre_id: Figures(*values) for centre_id, *values in db.session.execute(query)}


def statistics(centre_ids: int | Iterable[int], period: Period, *, court_id: int | None = None) -> Statistics:
    """The figures of one centre or several (a federation's roll-up), or of one court's
    slice, over ``period``: read from the monthly rows, so the cost depends on the
    number of months and breakdown members, never on the number of cases."""
    centres = _centres(centre_ids)
    sums = _sums()
    rows = (
        MonthlyFigures.centre_id.in_(centres),
        MonthlyFigures.scope == (court_scope(court_id) if court_id else CENTRE_SCOPE),
        MonthlyFigures.month.between(period.first, period.last),
    )
    # The database sums: a row per month (the sources partition the cases, so their
    # rows are the totals) and a row per breakdown member over the whole period.
    by_month = {month: Figures() for month in period.months}
    monthly = select(MonthlyFigures.month, *sums).where(*rows, MonthlyFigures.dimension == Dimension.SOURCE)
    for month, *values in db.session.execute(monthly.group_by(MonthlyFigures.month)):
        by_month[month] = Figures(*values)
    members = select(MonthlyFigures.dimension, MonthlyFigures.key, *sums).where(*rows)
    by_member = {
        (dimension, key): Figures(*values)
        for dimension, key, *values in db.session.execute(
            members.group_by(MonthlyFigures.dimension, MonthlyFigures.key)
        )
    }
    headline = Figures()
    for figures in by_month.values():
        headline.add(figures)
    return Statistics(
        period=period,
        headline=headline,
        trend=sorted(by_month.items()),
        breakdowns=_breakdowns(by_member),
        overdue_now=_overdue_now(centres, court_id),
    )


def _breakdowns(by_member: dict) -> dict[Dimension, list[Breakdown]]:
    labels = member_labels(
        {dimension: [key for d, key in by_member if d == dimension] for dimension in Dimension}
    )
    result = {dimension: [] for dimension in Dimension}
    for (dimension, key), figures in by_member.items():
        dimension = Dimension(dimension)
        result[dimension].append(Breakdown(key, labels[dimension].get(key, key), figures))
    for members in result.values():
        members.sort(key=lambda m: (-m.figures.received, -m.figures.concluded, m.label))
    return result


def member_labels(keys: dict[Dimension, list[str]]) -> dict[Dimension, dict[str, str]]:
    """Display names of breakdown members: sources, industries and endings by their
    labels, chambers, courts and mediators by name (one query each)."""

    def names(model, ids):
        ids = [int(k) for k in ids if k]
        found = db.session.execute(select(model.id, model.name).where(model.id.in_(ids))) if ids else []
        return {str(i): name for i, name in found}

    none = str(_l("None"))
    return {
        Dimension.SOURCE: {k: str(SOURCE_LABELS.get(k, k)) for k in keys[Dimension.SOURCE]},
        Dimension.INDUSTRY: {
            k: str(INDUSTRY_LABELS.get(k, k)) if k else none for k in keys[Dimension.INDUSTRY]
        },
        Dimension.CHAMBER: {"": str(_l("No chamber"))} | names(Organisation, keys[Dimension.CHAMBER]),
        Dimension.COURT: names(Organisation, keys[Dimension.COURT]),
        Dimension.MEDIATOR: names(User, keys[Dimension.MEDIATOR]),
        Dimension.ENDING: {
            k: str(ENDING_LABELS.get(k) or STATE_LABELS.get(k, k)) for k in keys[Dimension.ENDING]
        },
    }


def _overdue_now(centres: list[int], court_id: int | None) -> int:
    """Open cases past their time limit today (China calendar), counted up to OVERDUE_CAP."""
    today = local_date(utcnow())
    overdue = select(Case.id).where(
        Case.centre_id.in_(centres),
        Case.state.in_(OPEN_STATES),
        Case.deadline < today,
    )
    if court_id:
        overdue = overdue.where(Case.court_id == court_id)
    return db.session.scalar(select(func.count()).select_from(overdue.limit(OVERDUE_CAP).subquery()))
