"""The survey form and the shortlist rule's (fields and CSRF; the operations validate the content)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, TextAreaField

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


class StarRuleForm(FlaskForm):
    """The shortlist's thresholds; the schema (``StarRuleIn``) checks them."""

    min_concluded = StringField(_l("Cases concluded, at least"), render_kw={"inputmode": "numeric"})
    min_success_rate = StringField(_l("Success rate (%), at least"), render_kw={"inputmode": "numeric"})
    min_satisfaction = StringField(
        _l("Average satisfaction (1–5), at least"), render_kw={"inputmode": "decimal"}
    )
    max_breaches = StringField(_l("Deadline breaches, at most"), render_kw={"inputmode": "numeric"})
    min_training_hours = StringField(_l("Training hours, at least"), render_kw={"inputmode": "decimal"})

    def as_input(self) -> dict:
        return {
            "min_concluded": _whole_number(self.min_concluded.data),
            "min_success_rate": _whole_number(self.min_success_rate.data),
            "min_satisfaction": self.min_satisfaction.data,
            "max_breaches": _whole_number(self.max_breaches.data),
            "min_training_hours": self.min_training_hours.data,
        }


def _whole_number(text):
    """A form's digits as the integer the API sends; anything else as it came (refused)."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else text
