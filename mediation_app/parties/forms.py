from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField


class RegistrationForm(FlaskForm):
    # Choices (the centres) are set by the view; the operation checks the code.
    centre = SelectField(_l("Mediation centre"), validate_choice=False)
    enterprise_name = StringField(_l("Enterprise name"))
    uscc = StringField(_l("Unified social credit code"))
    legal_representative = StringField(_l("Legal representative"))
    contact_name = StringField(_l("Contact person (your name)"))
    phone = StringField(_l("Phone"))
    email = EmailField(_l("E-mail"))
    password = PasswordField(_l("Password"))
    privacy_consent = BooleanField(_l("I have read the privacy notice and agree to it"))

    def as_input(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
