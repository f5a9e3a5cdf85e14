"""What each case adds to the monthly figures: the one definition shared by the
incremental bookkeeping (``operations``) and the recomputation (``recompute``).

A case counts in every dimension once:

* **intake** in its filing month (China calendar): received, claim amount and
  accepted (受理). Accepted is a cohort figure: of the cases received in a month,
  those that were accepted, whenever that happened (a case is accepted once
  assigned; a withdrawn case was accepted when it had a mediator).
* **outcome** in its conclusion month: one count per final state; settled cases
  add their claim (resolved claim amount) and agreed amount; concluded cases
  (:func:`is_concluded`) count as concluded and add their days from filing to
  conclusion and whether they ended after their time limit.

The two headline figures, named the same way on every page, export and API:

* **settled** (调解成功): the agreement took effect (every signature is in);
* **concluded** (结案): every ending after acceptance (受理): settled, referred to
  court (mediation failed or was declined) and withdrawn after acceptance. A case
  rejected, or withdrawn before it was accepted, never was the centre's to conclude.

The success rate is settled among concluded.
* **performance** in the payment month: amounts paid under the agreement.

The mediator and ending dimensions carry outcomes and performance only. The
mediator's are attributed to the mediator who concluded the case: open cases change
hands on reassignment (回避), concluded ones never do, so these figures never move
between mediators. The ending says how a case ended (:func:`ending_of`): settled,
rejected, or why mediation failed (the case's outcome code), so the statistics and
the ledger tell a refusal to mediate from an absent party without reading the text.
"""

from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from mediation_app.reporting.models import CENTRE_SCOPE, court_scope
from workflows.case_states import CaseState

ZERO = Decimal("0.00")


class Dimension(StrEnum):
    SOURCE = "source"
    INDUSTRY = "industry"
    CHAMBER = "chamber"  # of the applicant enterprise
    MEDIATOR = "mediator"
    COURT = "court"
    ENDING = "ending"  # how the case ended: settled, rejected, or its outcome code


# The dimensions counted at conclusion (and by payments), never at intake.
OUTCOME_DIMENSIONS = frozenset({Dimension.MEDIATOR, Dimension.ENDING})

OUTCOMES = (CaseState.SETTLED, CaseState.REFERRED_TO_COURT, CaseState.WITHDRAWN, CaseState.REJECTED)
ACCEPTED_STATES = frozenset(
    {CaseState.ASSIGNED, CaseState.MEDIATED, CaseState.SETTLED, CaseState.REFERRED_TO_COURT}
)


@dataclass
class Figures:
    """The figures of one bucket, or of any sum of buckets."""

    received: int = 0
    accepted: int = 0
    settled: int = 0
    referred_to_court: int = 0
    withdrawn: int = 0
    rejected: int = 0
    concluded: int = 0  # 结案 (is_concluded)
    days_to_conclude: int = 0
    concluded_late: int = 0
    claim_amount: Decimal = ZERO
    resolved_claim_amount: Decimal = ZERO
    agreed_amount: Decimal = ZERO
    performed_amount: Decimal = ZERO

    def add(self, other: "Figures | dict", sign: int = 1) -> None:
        items = other.items() if isinstance(other, dict) else other.values().items()
        for name, value in items:
            setattr(self, name, getattr(self, name) + sign * value)

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def is_zero(self) -> bool:
        return not any(self.values().values())

    @property
    def ended(self) -> int:
        """Cases that reached a final state, however they ended."""
        return self.settled + self.referred_to_court + self.withdrawn + self.rejected

    @property
    def success_rate(self) -> Decimal | None:
        return success_rate(self.settled, self.concluded)

    @property
    def average_days(self) -> Decimal | None:
        """Average days from filing to conclusion (one decimal)."""
        if not self.concluded:
            return None
        return (Decimal(self.days_to_conclude) / self.concluded).quantize(Decimal("0.1"))


FIGURE_NAMES = tuple(f.name for f in fields(Figures))


@dataclass(frozen=True)
class CaseFacts:
    """What the figures need to know of a case, or of a group of alike cases
    (``cases`` of them, with the sums of their amounts, days and late counts)."""

    centre_id: int
    court_id: int | None
    source: str
    industry: str
    chamber_id: int | None
    mediator_id: int | None
    state: CaseState
    filed_month: date
    outcome_code: str | None = None  # why a case ended without settlement (cases' OUTCOME_CODES)
    concluded_month: date | None = None
    cases: int = 1
    claim: Decimal = ZERO
    agreed: Decimal = ZERO
    days: int = 0
    late: int = 0


def month_of(day: date) -> date:
    return day.replace(day=1)


def _keys(facts: CaseFacts, scope: str) -> list[tuple[Dimension, str]]:
    keys = [
        (Dimension.SOURCE, facts.source),
        (Dimension.INDUSTRY, facts.industry or ""),
        (Dimension.CHAMBER, str(facts.chamber_id or "")),
    ]
    if facts.court_id and scope == CENTRE_SCOPE:
        keys.append((Dimension.COURT, str(facts.court_id)))
    return keys


def scopes(facts: CaseFacts) -> list[str]:
    return [CENTRE_SCOPE] + ([court_scope(facts.court_id)] if facts.court_id else [])


BucketKey = tuple[int, str, date, str, str]
BUCKET_COLUMNS = ("centre_id", "scope", "month", "dimension", "key")


def ending_of(state: CaseState, outcome_code: str | None) -> str:
    """The ending dimension's key of a final case: its outcome code where one was
    recorded, else its state (settled, rejected, or an old case without a code)."""
    return outcome_code if outcome_code and state is not CaseState.SETTLED else state.value


def _buckets(facts: CaseFacts, month: date, *, outcome: bool) -> Iterator[BucketKey]:
    for scope in scopes(facts):
        for dimension, key in _keys(facts, scope):
            yield (facts.centre_id, scope, month, dimension.value, key)
        if not outcome:
            continue
        if facts.mediator_id:
            yield (facts.centre_id, scope, month, Dimension.MEDIATOR.value, str(facts.mediator_id))
        ending = ending_of(facts.state, facts.outcome_code)
        yield (facts.centre_id, scope, month, Dimension.ENDING.value, ending)


def is_accepted(state: CaseState, mediator_id: int | None) -> bool:
    return state in ACCEPTED_STATES or (state is CaseState.WITHDRAWN and mediator_id is not None)


def is_concluded(state: CaseState, mediator_id: int | None) -> bool:
    """结案: the one rule for "concluded" (the module's docstring): a final state
    reached after acceptance. Every figure named "concluded" counts by it."""
    return state.is_final and is_accepted(state, mediator_id)


def success_rate(settled: int, concluded: int) -> Decimal | None:
    """Settled among concluded cases, in per cent (one decimal); None with none concluded."""
    return (Decimal(settled) * 100 / concluded).quantize(Decimal("0.1")) if concluded else None


def case_figures(facts: CaseFacts) -> Iterator[tuple[BucketKey, dict]]:
    """Every bucket the case (group) counts in, with what it adds there."""
    intake = {"received": facts.cases, "claim_amount": facts.claim}
    if is_accepted(facts.state, facts.mediator_id):
        intake["accepted"] = facts.cases
    for bucket in _buckets(facts, facts.filed_month, outcome=False):
        yield bucket, intake
    if not facts.state.is_final:
        return
    outcome = {facts.state.value: facts.cases}
    if facts.state is CaseState.SETTLED:
        outcome |= {"resolved_claim_amount": facts.claim, "agreed_amount": facts.agreed}
    if is_concluded(facts.state, facts.mediator_id):
        outcome |= {"concluded": facts.cases, "days_to_conclude": facts.days, "concluded_late": facts.late}
    # A final case without a conclusion date (an old ledger row) counts in its filing month.
    for bucket in _buckets(facts, facts.concluded_month or facts.filed_month, outcome=True):
        yield bucket, outcome


def payment_figures(facts: CaseFacts, month: date, amount: Decimal) -> Iterator[tuple[BucketKey, dict]]:
    """The buckets a payment under the case's agreement counts in (its payment month)."""
    for bucket in _buckets(facts, month, outcome=True):
        yield bucket, {"performed_amount": amount}


class Ledger(dict):
    """Bucket key → :class:`Figures`, summing contributions."""

    def post(self, contributions, sign: int = 1) -> None:
        for bucket, values in contributions:
            figures = self.get(bucket)
            if figures is None:
                figures = self[bucket] = Figures()
            figures.add(values, sign)

    def changed(self) -> dict:
        return {bucket: figures for bucket, figures in self.items() if not figures.is_zero()}


def before(facts: CaseFacts, state: CaseState) -> CaseFacts:
    """The same case as it counted in an earlier (open) state."""
    return replace(facts, state=state, concluded_month=None)
