"""The survey form (fields and CSRF; the operation validates the content)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField

SCORE_LABELS = {
    5: _l("5 — very satisfied"),
    4: _l("4 — satisfied"),
    3: _l("3 — neither satisfied nor dissatisfied"),
    2: _l("2 — dissatisfied"),
    1: _l("1 — very dissatisfied"),
}


class SurveyForm(FlaskForm):
    score = RadioField(
        _l("How satisfied are you with the mediation?"),
        choices=[SelectChoice(str(score), label) for score, label in SCORE_LABELS.items()],
        validate_choice=False,
    )
    comment = TextAreaField(_l("Comment (optional)"), render_kw={"rows": 4, "maxlength": 2000})

    def as_input(self) -> dict:
        score = self.score.data or ""
        return {
            "score": int(score) if score.isascii() and score.isdigit() else score,
            "comment": self.comment.data,
        }
