"""A federation's figures: each member centre's and their roll-up.

The roll-up is the exact (Decimal) sum of its parts: a city federation sums its
centres, a province federation its cities' roll-ups. :func:`roll_up` sums the kept
running totals (the API); :func:`period_roll_up` the monthly figures of a period
(the page and its export), named and counted as everywhere else
(``reporting.figures``: settled 调解成功, concluded 结案).
"""

from dataclasses import dataclass, fields

from sqlalchemy import select

from mediation_app.core.workspace import require
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Federation
from mediation_app.reporting.figures import Figures
from mediation_app.reporting.periods import Period
from mediation_app.reporting.queries import Statistics, Totals, centre_figures, statistics, totals


@dataclass(frozen=True)
class Members:
    """A federation's member centres, and its member cities (a province's)."""

    federation: Federation
    centres: list[Centre]
    cities: list["Members"]

    def centre_ids(self) -> list[int]:
        return [c.id for c in self.centres] + [i for city in self.cities for i in city.centre_ids()]


def members_of(federation: Federation) -> Members:
    centres = db.session.scalars(
        select(Centre).where(Centre.federation_id == federation.id).order_by(Centre.name, Centre.id)
    ).all()
    cities = db.session.scalars(
        select(Federation)
        .where(Federation.parent_id == federation.id)
        .order_by(Federation.name, Federation.id)
    ).all()
    return Members(federation, list(centres), [members_of(city) for city in cities])


@dataclass(frozen=True)
class CentreFigures:
    centre: Centre
    totals: Totals


@dataclass(frozen=True)
class RollUp:
    federation: Federation
    totals: Totals  # the sum of ``centres`` and ``members``
    centres: list[CentreFigures]  # the member centres (a city federation's)
    members: list["RollUp"]  # the member city federations (a province federation's)


def sum_totals(parts) -> Totals:
    """Field by field, key by key: every figure of a ``Totals`` is a count or an amount."""
    result = Totals()
    for part in parts:
        for field in fields(Totals):
            mine, theirs = getattr(result, field.name), getattr(part, field.name)
            if isinstance(mine, dict):
                for key, value in theirs.items():
                    mine[key] = mine.get(key, 0) + value
            else:
                setattr(result, field.name, mine + theirs)
    return result


def roll_up(federation: Federation, members: Members | None = None) -> RollUp:
    """The kept running totals of every member centre (since the first case), summed."""
    members = members or members_of(federation)
    figures = [CentreFigures(c, totals(c.id)) for c in members.centres]
    cities = [roll_up(city.federation, city) for city in members.cities]
    return RollUp(
        federation, sum_totals([f.totals for f in figures] + [m.totals for m in cities]), figures, cities
    )


@dataclass(frozen=True)
class PeriodRollUp:
    """A federation's figures over a period: one row per member centre, a subtotal per
    member city (a province's), the total, and the month-by-month trend of them all."""

    federation: Federation
    period: Period
    rows: list[tuple[str, Figures, bool]]  # label, figures, whether a (sub)total
    total: Figures
    stats: Statistics  # of every member centre together (the trend)

    @property
    def centre_rows(self) -> list[tuple[str, Figures]]:
        return [(label, figures) for label, figures, subtotal in self.rows if not subtotal]


def period_roll_up(federation: Federation, period: Period) -> PeriodRollUp:
    members = members_of(federation)
    by_centre = centre_figures(members.centre_ids(), period)

    def rows_of(members: Members) -> tuple[list, Figures]:
        rows, total = [], Figures()
        for centre in members.centres:
            figures = by_centre.get(centre.id, Figures())
            rows.append((centre.name, figures, False))
            total.add(figures)
        for city in members.cities:
            city_rows, city_total = rows_of(city)
            rows += [*city_rows, (city.federation.name, city_total, True)]
            total.add(city_total)
        return rows, total

    rows, total = rows_of(members)
    return PeriodRollUp(federation, period, rows, total, statistics(members.centre_ids(), period))


def federation_of(user) -> Federation:
    """The federation a federation user belongs to; everyone else is refused."""
    require(user, "view_member_centres")
    return db.session.get(Federation, user.federation_id)
