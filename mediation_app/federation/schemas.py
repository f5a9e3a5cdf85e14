"""What the API shows of a federation: its figures and its members', never a case."""

from typing import Self

from pydantic import Field

from mediation_app.core.schema import Out
from mediation_app.parties.models import FederationLevel
from mediation_app.reporting.schemas import TotalsOut


class FederationOut(Out):
    id: int
    name: str
    level: FederationLevel


class CentreTotalsOut(Out):
    id: int
    code: str
    name: str
    totals: TotalsOut

    @classmethod
    def of(cls, figures) -> Self:
        centre = figures.centre
        return cls(
            id=centre.id,
            code=centre.code,
            name=centre.name,
            totals=TotalsOut.of(figures.totals),
        )


class RollUpOut(Out):
    """A federation's figures: ``totals`` is exactly the sum of its member centres'
    totals (a city federation) or of its member cities' roll-ups (a province federation)."""

    federation: FederationOut
    totals: TotalsOut
    centres: list[CentreTotalsOut]
    members: list["RollUpOut"] = Field(description="a province's cities")

    @classmethod
    def of(cls, rollup) -> Self:
        return cls(
            federation=FederationOut.model_validate(rollup.federation),
            totals=TotalsOut.of(rollup.totals),
            centres=[CentreTotalsOut.of(f) for f in rollup.centres],
            members=[cls.of(member) for member in rollup.members],
        )
