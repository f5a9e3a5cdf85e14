from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from mediation_app.auth.passwords import MAX_LENGTH, MIN_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)])
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    """The rules themselves are the schema's (``auth.schemas.PasswordChange``); the page
    adds only the confirmation, which guards against a typo nobody could log in with."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired()],
        description=_l(
            "At least %(min)d and at most %(max)d characters; common passwords are refused.",
            min=MIN_LENGTH,
            max=MAX_LENGTH,
        ),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
    )

    def as_input(self) -> dict:
        return {"current_password": self.current_password.data, "new_password": self.new_password.data}
