"""The appointment form; the operation validates the content (``schemas``)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField, TextAreaField

from mediation_app.agents.presenters import KIND_LABELS, SCOPE_LABELS
from mediation_app.cases.labels import PARTY_LABELS


class AgentForm(FlaskForm):
    # Staff name the party whose letter they record; a party's own user appoints its own.
    party = RadioField(
        _l("For the party"),
        choices=[SelectChoice(key, label) for key, label in PARTY_LABELS.items()],
        validate_choice=False,
    )
    name = StringField(_l("Agent's name"), render_kw={"autocomplete": "off"})
    kind = SelectField(
        _l("Agent is"),
        choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()],
        validate_choice=False,
    )
    workplace = StringField(_l("Law firm or workplace"))
    licence_number = StringField(_l("Lawyer's licence number"), render_kw={"inputmode": "numeric"})
    phone = StringField(_l("Agent's phone"), render_kw={"inputmode": "tel"})
    scope = RadioField(
        _l("Authorisation"),
        choices=[SelectChoice(k.value, v) for k, v in SCOPE_LABELS.items()],
        validate_choice=False,
    )
    powers = TextAreaField(_l("Powers as the letter words them (optional)"), render_kw={"rows": 2})
    email = EmailField(_l("Agent's e-mail, to act in the app (optional)"), render_kw={"autocomplete": "off"})
    letter = FileField(_l("Signed authorisation letter (授权委托书): PDF or image"))
