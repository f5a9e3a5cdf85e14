"""Forms of the court-linkage sections and pages. They carry the fields and the CSRF
token; the operations check the content (one set of rules for pages and API)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField

DATE = {"type": "date"}


class _Form(FlaskForm):
    def as_input(self) -> dict:
        """The same shape as the API's request body."""
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class PaymentForm(_Form):
    amount = StringField(_l("Amount paid (yuan)"), render_kw={"inputmode": "decimal"})
    paid_on = StringField(_l("Paid on"), render_kw=DATE)
    note = TextAreaField(_l("Note"), render_kw={"rows": 2})


class VisitForm(_Form):
    visited_on = StringField(_l("Visited on"), render_kw=DATE)
    note = TextAreaField(_l("What was found"), render_kw={"rows": 3})


class LetterForm(_Form):
    file = FileField(_l("Delegation letter (PDF or image)"))


class AcknowledgeForm(_Form):
    filing_number = StringField(
        _l("The court's filing number (立案号)"), render_kw={"placeholder": "(2026)苏0621民初123号"}
    )


class ApplicationForm(_Form):
    late_reason = TextAreaField(_l("Why the application comes after the 30 days"), render_kw={"rows": 2})
    confirm = BooleanField(_l("Both parties have signed the joint application"))


class OutcomeForm(_Form):
    outcome = SelectField(
        _l("Decision"),
        choices=[
            SelectChoice("confirmed", _l("Confirmed (确认有效)")),
            SelectChoice("not_confirmed", _l("Not confirmed (驳回申请)")),
        ],
    )
    confirmation_number = StringField(
        _l("Confirmation number (诉前调确)"), render_kw={"placeholder": "(2026)苏0621民诉前调确12号"}
    )
    decided_on = StringField(_l("Decided on"), render_kw=DATE)
    reason = TextAreaField(_l("Reason (if not confirmed)"), render_kw={"rows": 2})
    late_reason = TextAreaField(_l("Why the application came after the 30 days"), render_kw={"rows": 2})
