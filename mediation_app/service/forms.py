"""The service address form (送达地址确认书); validation of content lives in the
operation (``schemas``), the form carries the fields and the CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput

from mediation_app.cases.labels import PARTY_LABELS
from mediation_app.service.models import Channel
from mediation_app.service.presenters import CHANNEL_LABELS


class ServiceAddressForm(FlaskForm):
    # Staff name the party they record it for; a party's own user gives its own.
    party = RadioField(
        _l("For the party"),
        choices=[SelectChoice(key, label) for key, label in PARTY_LABELS.items()],
        validate_choice=False,
    )
    channels = SelectMultipleField(
        _l("I consent to electronic service by"),
        choices=[
            SelectChoice(c.value, CHANNEL_LABELS[c]) for c in (Channel.EMAIL, Channel.SMS, Channel.IN_APP)
        ],
        validate_choice=False,
        option_widget=CheckboxInput(),
    )
    email = StringField(_l("E-mail address for service"))
    mobile = StringField(_l("Mobile number for service by SMS"), render_kw={"inputmode": "tel"})
    postal_recipient = StringField(_l("Recipient of post"))
    postal_address = TextAreaField(_l("Postal address"), render_kw={"rows": 2})
    phone = StringField(_l("Recipient's phone"), render_kw={"inputmode": "tel"})

    def as_input(self) -> dict:
        return {
            "party": self.party.data or None,
            "channels": self.channels.data or [],
            "email": self.email.data or None,
            "mobile": self.mobile.data or None,
            "postal_recipient": self.postal_recipient.data,
            "postal_address": self.postal_address.data,
            "phone": self.phone.data,
        }
