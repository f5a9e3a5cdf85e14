"""The register's forms. Their rules are the schemas' (``mediators.schemas``); the
pages show the schemas' errors beside these fields."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectMultipleField, StringField, TextAreaField, widgets

from mediation_app.cases.forms import DISPUTE_TYPE_LABELS
from mediation_app.cases.schemas import DISPUTE_TYPES


class RegisterEntryForm(FlaskForm):
    dispute_types = SelectMultipleField(
        _l("Kinds of dispute"),
        choices=[SelectChoice(kind, DISPUTE_TYPE_LABELS[kind]) for kind in DISPUTE_TYPES],
        option_widget=widgets.CheckboxInput(),
        validate_choice=False,  # the schema names an unknown kind
    )
    languages = StringField(_l("Languages"))
    qualifications = TextAreaField(_l("Qualifications"))
    # Raw text to the schema, which reads dates the one way the API does.
    term_starts_on = StringField(_l("Term starts on"), render_kw={"type": "date"})
    term_ends_on = StringField(_l("Term ends on"), render_kw={"type": "date"})
    active = BooleanField(_l("Listed on the public register"), default=True)

    def as_input(self) -> dict:
        return {
            "dispute_types": self.dispute_types.data or [],
            "languages": self.languages.data,
            "qualifications": self.qualifications.data,
            "term_starts_on": self.term_starts_on.data,
            "term_ends_on": self.term_ends_on.data,
            "active": bool(self.active.data),
        }


class TrainingForm(FlaskForm):
    course = StringField(_l("Course"))
    held_on = StringField(_l("Held on"), render_kw={"type": "date"})
    hours = StringField(_l("Hours"), render_kw={"inputmode": "decimal"})

    def as_input(self) -> dict:
        return {"course": self.course.data, "held_on": self.held_on.data, "hours": self.hours.data}
