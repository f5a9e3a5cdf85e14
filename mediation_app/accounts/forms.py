from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField

from mediation_app.accounts.operations import GIVEN_ROLES
from mediation_app.auth.labels import ROLE_LABELS


class NewAccountForm(FlaskForm):
    """The rules are the schema's (``accounts.schemas.NewCentreAccount``) and the
    operation's; the page shows their errors beside these fields."""

    name = StringField(_l("Name"))
    email = EmailField(_l("E-mail"))
    # Any value is passed on: the schema names an unknown role as the error it is.
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role.value]) for role in GIVEN_ROLES],
        validate_choice=False,
    )
    organisation = StringField(_l("Organisation"))
    uscc = StringField(_l("Unified social credit code"))

    def as_input(self) -> dict:
        return {
            "name": self.name.data,
            "email": self.email.data,
            "role": self.role.data,
            "organisation": self.organisation.data,
            "uscc": self.uscc.data or None,  # blank: none (only an enterprise account needs one)
        }


def profile_input(form) -> dict:
    """A mediator's specialty and chamber as the page sends them (a blank chamber: none)."""
    chamber = form.get("chamber_id")
    if chamber == "":
        chamber = None
    elif chamber is not None and chamber.isascii() and chamber.isdigit() and len(chamber) <= 10:
        chamber = int(chamber)
    return {"industry": form.get("industry"), "chamber_id": chamber}
