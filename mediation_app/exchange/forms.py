"""Forms of the court exchange page. They carry the fields and the CSRF token; the
operations check the content (one set of rules for the page and the API)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField

DATE = {"type": "date"}


class ExportForm(FlaskForm):
    """A download asked for by a link (GET): nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    court = SelectField(_l("Court"), choices=[], validate_choice=False)
    from_ = StringField(_l("Delegated from"), name="from", render_kw=DATE)
    to = StringField(_l("Delegated until"), render_kw=DATE)


class ImportForm(FlaskForm):
    file = FileField(_l("Exchange file (court-exchange/1, JSON)"))


class EndpointForm(FlaskForm):
    court = SelectField(_l("Court"), choices=[], validate_choice=False)
    url = StringField(_l("Address that receives the events"), render_kw={"inputmode": "url"})
