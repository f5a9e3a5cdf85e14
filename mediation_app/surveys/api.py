"""JSON API: a party answers the satisfaction survey of a concluded case; staff read the
mediators' evaluation and set the rule of its shortlist."""

from flask import request

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.errors import ValidationFailed
from mediation_app.surveys import operations
from mediation_app.surveys.operations import answer_survey
from mediation_app.surveys.period import evaluation_period
from mediation_app.surveys.schemas import (
    EvaluationOut,
    EvaluationRowOut,
    NewSurveyAnswer,
    StarRuleIn,
    StarRuleOut,
    SurveyAnswerOut,
)
from mediation_app.surveys.stars import evaluate
from mediation_app.types import utcnow
from workflows.deadlines import local_date


@api.post("/cases/<int:case_id>/survey")
@endpoint(body=NewSurveyAnswer, ok=SurveyAnswerOut, status=201)
def answer_case_survey(case_id: int):
    """Answer the satisfaction survey of a concluded case.

    Settled, referred to court or withdrawn: a user of either party answers, once per
    party (a second answer: 409; an open case: 409; anyone else: 403). The score is
    not shown to the other party or the mediator."""
    answer = answer_survey(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(SurveyAnswerOut.model_validate(answer), 201)


@api.get("/evaluation")
@endpoint(ok=EvaluationOut)
def mediator_evaluation():
    """The centre's mediators over a year (``year``, this year by default; or the
    ``filed_from`` / ``filed_to`` of the cases instead), with the shortlist of outstanding
    mediators by the centre's rule (staff)."""
    staff = caller("evaluate_mediators")
    today = local_date(utcnow())
    period, errors = evaluation_period(request.args, today)
    if errors:
        raise ValidationFailed(fields=errors)
    rows, rule, chosen = evaluate(staff.centre_id, period.first, period.last, today)
    picked = {row.mediator_id for row in chosen}
    return present(
        EvaluationOut(
            year=period.year,
            rule=StarRuleOut.model_validate(rule),
            mediators=[_row_out(row, row.mediator_id in picked) for row in rows],
            shortlist=[row.mediator_id for row in chosen],
        )
    )


@api.put("/evaluation/rule")
@endpoint(body=StarRuleIn, ok=StarRuleOut)
def save_star_rule():
    """Set the thresholds a mediator must all meet to be shortlisted (staff)."""
    rule = operations.save_star_rule(caller(), json_body())
    return present(StarRuleOut.model_validate(rule))


def _row_out(row, shortlisted: bool) -> EvaluationRowOut:
    fields = {name: getattr(row, name) for name in EvaluationRowOut.model_fields if name != "shortlisted"}
    return EvaluationRowOut.model_validate(fields | {"shortlisted": shortlisted})
