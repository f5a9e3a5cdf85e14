"""JSON API: a party answers the satisfaction survey of a concluded case."""

from flask import jsonify

from mediation_app.api_support import api, caller, iso, json_body, remote_addr
from mediation_app.surveys.operations import answer_survey


@api.post("/cases/<int:case_id>/survey")
def answer_case_survey(case_id: int):
    answer = answer_survey(caller(), case_id, json_body(), remote_addr=remote_addr())
    body = {
        "id": answer.id,
        "case_id": answer.case_id,
        "score": answer.score,
        "comment": answer.comment,
        "created_at": iso(answer.created_at),
    }
    return jsonify(body), 201
