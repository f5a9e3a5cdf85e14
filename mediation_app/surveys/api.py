"""JSON API: a party answers the satisfaction survey of a concluded case."""

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.surveys.operations import answer_survey
from mediation_app.surveys.schemas import NewSurveyAnswer, SurveyAnswerOut


@api.post("/cases/<int:case_id>/survey")
@endpoint(body=NewSurveyAnswer, ok=SurveyAnswerOut, status=201)
def answer_case_survey(case_id: int):
    """Answer the satisfaction survey of a concluded case.

    Settled, referred to court or withdrawn: a user of either party answers, once per
    party (a second answer: 409; an open case: 409; anyone else: 403). The score is
    not shown to the other party or the mediator."""
    answer = answer_survey(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(SurveyAnswerOut.model_validate(answer), 201)
