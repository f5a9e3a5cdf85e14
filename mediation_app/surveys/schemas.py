"""The payloads of the survey API: a party's answer going in and coming out."""

from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema

from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import Text, Timestamp

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
