"""The shortlist of a centre's outstanding mediators of the year (商会调解之星, as the
federation's rules for chamber mediation ask centres to name): those who meet every
threshold of the centre's rule, best first."""

from datetime import date
from decimal import Decimal

from mediation_app.extensions import db
from mediation_app.surveys.evaluation import MediatorEvaluation, mediator_evaluation
from mediation_app.surveys.models import StarRule

# Until a centre sets its own: a year's real caseload, the platform's 65 % success
# rate, satisfied parties, no breach and a working week of training.
DEFAULT_RULE = {
    "min_concluded": 5,
    "min_success_rate": 65,
    "min_satisfaction": Decimal("4.0"),
    "max_breaches": 0,
    "min_training_hours": Decimal("8.0"),
}


def rule_of(centre_id: int) -> StarRule:
    """The centre's rule, or the defaults (not stored) when it has set none."""
    return db.session.get(StarRule, centre_id) or StarRule(centre_id=centre_id, **DEFAULT_RULE)


def meets(row: MediatorEvaluation, rule: StarRule) -> bool:
    return (
        row.concluded >= rule.min_concluded
        and row.success_rate is not None
        and row.success_rate >= rule.min_success_rate
        and row.satisfaction is not None
        and row.satisfaction >= rule.min_satisfaction
        and row.breaches <= rule.max_breaches
        and row.training_hours >= rule.min_training_hours
    )


def shortlist(rows: list[MediatorEvaluation], rule: StarRule) -> list[MediatorEvaluation]:
    """Those who meet the rule: the highest success rate first, then satisfaction, then
    the most cases concluded."""
    chosen = [row for row in rows if meets(row, rule)]
    return sorted(chosen, key=lambda row: (-row.success_rate, -row.satisfaction, -row.concluded, row.name))


def evaluate(centre_id: int, first: date | None, last: date | None, today: date):
    """Every mediator of the centre over a period (cases filed in it, training held in
    it; a year for the annual evaluation), the centre's rule and the shortlist."""
    rows = mediator_evaluation(centre_id, today, first, last)
    rule = rule_of(centre_id)
    return rows, rule, shortlist(rows, rule)
