"""The payloads of the survey API: a party's answer going in and coming out."""

from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema

from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import Tenths, TenthsOut, Text, Timestamp

SCORES = range(1, 6)
COMMENT_MAX = 2000


def _score(value: Any) -> int:
    """A JSON integer 1..5 (not a boolean, float or string); a form's digits are
    converted by the form, and anything else gets this one message."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
        raise ValueError(_l("must be a whole number from 1 to 5"))
    return value


Score = Annotated[
    int,
    PlainValidator(_score),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 5, "description": "5 = very satisfied"}),
]


class NewSurveyAnswer(Schema):
    score: Score
    comment: Text(COMMENT_MAX, multiline=True, required=False) = ""


# Responses


class SurveyAnswerOut(Out):
    id: int
    case_id: int
    score: int = Field(ge=1, le=5)
    comment: str
    created_at: Timestamp


# The mediators' evaluation and the shortlist of outstanding ones (商会调解之星)


class StarRuleIn(Schema):
    """The thresholds a mediator must all meet, over the year's cases, to be shortlisted."""

    min_concluded: int = Field(ge=0, le=10_000, strict=True, description="cases concluded at least")
    min_success_rate: int = Field(ge=0, le=100, strict=True, description="per cent settled among concluded")
    min_satisfaction: Tenths(0, 5) = Field(description="average survey score (1–5) at least")
    max_breaches: int = Field(ge=0, le=10_000, strict=True, description="deadline breaches at most")
    min_training_hours: Tenths(0, 999) = Field(description="hours of training in the year at least")


class StarRuleOut(Out):
    min_concluded: int
    min_success_rate: int
    min_satisfaction: TenthsOut
    max_breaches: int
    min_training_hours: TenthsOut


class EvaluationRowOut(Out):
    mediator_id: int
    name: str
    handled: int
    concluded: int
    settled: int
    success_rate: TenthsOut | None = Field(description="per cent settled among concluded")
    average_days: TenthsOut | None
    breaches: int
    satisfaction: TenthsOut | None = Field(description="average survey score, 1–5")
    answers: int
    training_hours: TenthsOut
    shortlisted: bool = Field(description="meets every threshold of the centre's rule")


class EvaluationOut(Out):
    year: int
    rule: StarRuleOut
    mediators: list[EvaluationRowOut]
    shortlist: list[int] = Field(description="the shortlisted mediators' ids, best first")
