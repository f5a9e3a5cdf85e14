"""Answering the satisfaction survey of a concluded case (one answer per party), and the
centre's rule for naming its outstanding mediators."""

import logging

from flask_babel import gettext as _

from mediation_app.auth.models import User
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict
from mediation_app.extensions import db
from mediation_app.surveys.actions import CASE
from mediation_app.surveys.models import StarRule, SurveyAnswer
from mediation_app.surveys.permissions import party_of
from mediation_app.surveys.queries import answer_of
from mediation_app.surveys.schemas import NewSurveyAnswer, StarRuleIn
from mediation_app.transactions import committed

log = logging.getLogger(__name__)


def answer_survey(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> SurveyAnswer:
    """Record a party's satisfaction (1–5, optional comment) with the mediation of a
    concluded case; each party answers once, whichever of its users does."""
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "answer_survey")
    party_id = party_of(actor, case)
    if answer_of(case.id, party_id) is not None:
        raise Conflict(_("Your side has already answered this survey."))
    payload = NewSurveyAnswer.parse(data)
    with committed(race_message=_("Your side has already answered this survey.")):
        answer = SurveyAnswer(
            case_id=case.id,
            party_id=party_id,
            answered_by_id=actor.id,
            mediator_id=case.mediator_id,
            score=payload.score,
            comment=payload.comment,
        )
        db.session.add(answer)
        db.session.flush()
        # The score stays out of the timeline, which the other side and the mediator read.
        record_event(
            case, actor, "answer_survey", remote_addr=remote_addr, data={"survey_answer_id": answer.id}
        )
    return answer


def save_star_rule(staff: User, data) -> StarRule:
    """Set the centre's thresholds for the shortlist of outstanding mediators."""
    require(staff, "evaluate_mediators")
    payload = StarRuleIn.parse(data)
    values = {name: getattr(payload, name) for name in StarRuleIn.model_fields}
    with committed():
        rule = db.session.get(StarRule, staff.centre_id) or StarRule(centre_id=staff.centre_id)
        for name, value in values.items():
            setattr(rule, name, value)
        rule.updated_by_id = staff.id
        db.session.add(rule)
    log.info("shortlist rule of centre %s set by %s: %s", staff.centre_id, staff.id, values)
    return rule
