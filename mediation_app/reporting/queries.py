"""Reading the totals (O(1) in the number of cases) and recomputing them to verify."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, type_coerce

from mediation_app.cases.models import Case
from mediation_app.court.models import Payment
from mediation_app.extensions import db
from mediation_app.reporting.models import CENTRE_SCOPE, CaseTally, court_scope
from mediation_app.types import Money
from workflows.case_states import CaseState

ZERO = Decimal("0.00")


@dataclass
class Totals:
    cases_by_state: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in CaseState})
    claim_by_state: dict[str, Decimal] = field(default_factory=lambda: {s.value: ZERO for s in CaseState})
    agreed_amount: Decimal = ZERO
    performed_amount: Decimal = ZERO

    @property
    def concluded(self) -> int:
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
        """Settled among cases that reached a mediation outcome (settled or referred)."""
        decided = self.concluded + self.referred_to_court
        return None if not decided else (Decimal(self.concluded) / decided * 100).quantize(Decimal("0.1"))

    def add(self, state: str, count: int, claim: Decimal, agreed: Decimal, performed: Decimal = ZERO) -> None:
        self.cases_by_state[state] += count
        self.claim_by_state[state] += claim
        self.agreed_amount += agreed
        self.performed_amount += performed

    def as_dict(self) -> dict:
        """The API's shape; money as strings with two decimals."""
        return {
            "cases_by_state": dict(self.cases_by_state),
            "concluded": self.concluded,
            "resolved_claim_amount": str(self.resolved_claim_amount),
            "agreed_amount": str(self.agreed_amount),
            "performed_amount": str(self.performed_amount),
            "referred_to_court": self.referred_to_court,
            "received": self.received,
        }


def totals(centre_id: int | None, court_id: int | None = None) -> Totals:
    """The kept totals of a centre, or of one court's slice (of one or all centres)."""
    scope = court_scope(court_id) if court_id else CENTRE_SCOPE
    result = Totals()
    query = select(CaseTally).where(CaseTally.scope == scope)
    if centre_id is not None:
        query = query.where(CaseTally.centre_id == centre_id)
    rows = db.session.scalars(query)
    for row in rows:
        result.add(row.state, row.case_count, row.claim_amount, row.agreed_amount, row.performed_amount)
    return result


def recomputed_totals(centre_id: int, court_id: int | None = None) -> Totals:
    """The same figures computed from the cases themselves (a full scan)."""
    query = (
        select(
            Case.state,
            func.count(),
            type_coerce(func.sum(Case.claim_amount), Money),
            type_coerce(func.coalesce(func.sum(Case.agreed_amount), 0), Money),
        )
        .where(Case.centre_id == centre_id)
        .group_by(Case.state)
    )
    if court_id:
        query = query.where(Case.court_id == court_id)
    result = Totals()
    for state, count, claim, agreed in db.session.execute(query):
        result.add(state.value, count, claim, agreed if state is CaseState.SETTLED else ZERO)
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
        figures.append(("agreed amount", kept.agreed_amount, actual.agreed_amount))
        figures.append(("performed amount", kept.performed_amount, actual.performed_amount))
        differences += [f"{label}: {name} kept {k}, actual {a}" for name, k, a in figures if k != a]
    return differences
