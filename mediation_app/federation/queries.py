"""A federation's figures: each member centre's totals and their roll-up.

The roll-up is the exact (Decimal) sum of its parts, made here from the per-centre
``reporting.queries.totals``: a city federation sums its centres, a province
federation its cities' roll-ups.
"""

from dataclasses import dataclass, fields

from sqlalchemy import select

from mediation_app.core.workspace import require
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Federation
from mediation_app.reporting.queries import Totals, totals


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


def roll_up(federation: Federation) -> RollUp:
    centres = db.session.scalars(
        select(Centre).where(Centre.federation_id == federation.id).order_by(Centre.name, Centre.id)
    ).all()
    cities = db.session.scalars(
        select(Federation)
        .where(Federation.parent_id == federation.id)
        .order_by(Federation.name, Federation.id)
    ).all()
    figures = [CentreFigures(c, totals(c.id)) for c in centres]
    members = [roll_up(city) for city in cities]
    return RollUp(
        federation, sum_totals([f.totals for f in figures] + [m.totals for m in members]), figures, members
    )


def federation_of(user) -> Federation:
    """The federation a federation user belongs to; everyone else is refused."""
    require(user, "view_member_centres")
    return db.session.get(Federation, user.federation_id)
