"""Forms of the case pages. Validation of content lives in the operations (one
set of rules for pages and API); these forms carry the fields and the CSRF token."""

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Optional

from mediation_app.cases.labels import ENDING_LABELS, SOURCE_LABELS
from mediation_app.cases.schemas import (
    DISPUTE_TYPES,
    INDUSTRIES,
    PARTY_KIND_VALUES,
    PAYMENT_METHODS,
    REFERRAL_OUTCOMES,
)

INDUSTRY_LABELS = {
    "textile": _l("Textiles"),
    "nylon": _l("Nylon"),
    "chemical_fibre": _l("Chemical fibre"),
    "electronics": _l("Electronics"),
    "furniture": _l("Furniture"),
    "machinery": _l("Machinery"),
    "construction": _l("Construction"),
    "trade": _l("Trade"),
    "other": _l("Other"),
}

DISPUTE_TYPE_LABELS = {
    "sale_contract": _l("Sale contract"),
    "processing_contract": _l("Processing contract (加工承揽)"),
    "loan": _l("Loan"),
    "lease": _l("Lease"),
    "service_contract": _l("Service contract"),
    "other": _l("Other"),
}


PAYMENT_METHOD_LABELS = {
    "bank_transfer": _l("Bank transfer"),
    "cash": _l("Cash"),
    "cheque": _l("Cheque"),
    "other": _l("Other (say how)"),
}

_GROUPED_AMOUNT = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")


def typed_amount(text: str | None) -> str | None:
    """An amount as people type it: "1,000,000.50" means 1000000.50 (the API, read by
    machines, takes plain figures only)."""
    if text is None:
        return None
    text = text.strip()
    return re.sub(r"[,，]", "", text) if _GROUPED_AMOUNT.fullmatch(text) else text


def typed_lines(text: str | None) -> list[str]:
    """A text box's lines that say something (clauses, instalments)."""
    return [line for line in (text or "").splitlines() if line.strip()]


def instalment_lines(text: str | None) -> list[dict]:
    """Instalments as typed, one a line: the amount and the due date."""
    return [
        dict(zip(("amount", "due_on"), line.split(maxsplit=1), strict=False)) for line in typed_lines(text)
    ]


def industry_field() -> SelectField:
    """A filing's industry (a group's members share it)."""
    return SelectField(
        _l("Industry"), choices=[SelectChoice(i, INDUSTRY_LABELS[i]) for i in INDUSTRIES], default="other"
    )


def dispute_type_field() -> SelectField:
    return SelectField(
        _l("Type of dispute"),
        choices=[SelectChoice(t, DISPUTE_TYPE_LABELS[t]) for t in DISPUTE_TYPES],
        default="other",
    )


PARTY_KIND_LABELS = {
    "enterprise": _l("Company"),
    "person": _l("Natural person (自然人)"),
    "individual_business": _l("Individual business (个体工商户)"),
}
# The fields of a party each kind fills in (the page shows those of the kind chosen; the
# others are left out of the input, so a value typed before changing the kind is ignored).
PARTY_FIELDS = {
    "enterprise": ("name", "uscc"),
    "person": ("name", "id_number", "address", "phone"),
    "individual_business": ("name", "uscc", "operator_name"),
}


def party_kind_field() -> RadioField:
    return RadioField(
        _l("Type of party"),
        choices=[SelectChoice(kind, PARTY_KIND_LABELS[kind]) for kind in PARTY_KIND_VALUES],
        default="enterprise",
    )


def party_input(form, side: str) -> dict | None:
    """A party's fields posted under ``side`` (applicant_…, respondent_…), as the API's
    party object: those of its kind only; none filled in is no party."""
    kind = form[f"{side}_kind"].data or "enterprise"
    names = PARTY_FIELDS.get(kind, PARTY_FIELDS["enterprise"])
    values = {name: form[f"{side}_{name}"].data for name in names}
    return {"kind": kind} | values if any(values.values()) else None


class FileCaseForm(FlaskForm):
    # A one-time key per rendered form, so a double-submitted form files one case.
    submission_key = HiddenField(default=lambda: uuid.uuid4().hex)
    # Shown inside an "Applicant" / "Respondent" fieldset (cases/_party.html).
    applicant_kind = party_kind_field()
    applicant_name = StringField(_l("Name"))
    applicant_uscc = StringField(_l("Unified social credit code"))
    applicant_id_number = StringField(_l("Resident identity number"))
    applicant_operator_name = StringField(_l("Operator (经营者)"))
    applicant_address = StringField(_l("Address for service"))
    applicant_phone = StringField(_l("Phone (optional)"), render_kw={"inputmode": "tel"})
    respondent_kind = party_kind_field()
    respondent_name = StringField(_l("Name"))
    respondent_uscc = StringField(_l("Unified social credit code"))
    respondent_id_number = StringField(_l("Resident identity number"))
    respondent_operator_name = StringField(_l("Operator (经营者)"))
    respondent_address = StringField(_l("Address for service"))
    respondent_phone = StringField(_l("Phone (optional)"), render_kw={"inputmode": "tel"})
    respondent_contact_email = StringField(_l("The respondent's e-mail"), render_kw={"inputmode": "email"})
    respondent_contact_mobile = StringField(_l("The respondent's mobile"), render_kw={"inputmode": "tel"})
    claim_amount = StringField(
        _l("Claim amount (yuan)"), render_kw={"inputmode": "decimal", "placeholder": "580000.00"}
    )
    summary = TextAreaField(_l("Facts and matters in dispute"), render_kw={"rows": 6})
    industry = industry_field()
    dispute_type = dispute_type_field()
    source = SelectField(
        _l("Source"),
        choices=[SelectChoice(value, label) for value, label in SOURCE_LABELS.items()],
        default="direct",
    )
    procedure = SelectField(
        _l("Procedure of the court case (court-commissioned cases)"),
        choices=[
            SelectChoice("ordinary", _l("Ordinary procedure (15 days)")),
            SelectChoice("simple", _l("Simple procedure (7 days)")),
        ],
        default="ordinary",
    )
    court_case_number = StringField(
        _l("Court case number"), render_kw={"placeholder": "(2024)苏0621民诉前调123号"}
    )
    # The choices are the centre's register today (set by the page); the schema and the
    # filing's checks refuse anything else.
    preferred_mediator_ids = SelectMultipleField(
        _l("Preferred mediators (optional, at most three)"),
        coerce=int,
        validate_choice=False,
        option_widget=widgets.CheckboxInput(),
    )

    def as_input(self) -> dict:
        """The same shape as the API's request body."""
        return {
            "applicant": party_input(self, "applicant"),
            "respondent": party_input(self, "respondent"),
            "claim_amount": typed_amount(self.claim_amount.data),
            "summary": self.summary.data,
            "industry": self.industry.data,
            "dispute_type": self.dispute_type.data,
            "source": self.source.data,
            "court_case_number": self.court_case_number.data or None,
            "procedure": self.procedure.data,
            "preferred_mediator_ids": self.preferred_mediator_ids.data or [],
            "respondent_contact": self._contact(),
        }

    def _contact(self) -> dict | None:
        email, mobile = self.respondent_contact_email.data, self.respondent_contact_mobile.data
        return {"email": email or None, "mobile": mobile or None} if email or mobile else None


class TransitionForm(FlaskForm):
    """All inputs a trigger may take; the page shows only those its trigger uses."""

    version = HiddenField(validators=[InputRequired()])
    mediator_id = SelectField(_l("Mediator"), coerce=int, validate_choice=False, validators=[Optional()])
    override_reason = TextAreaField(
        _l("If the mediator is flagged for a conflict: why assign them all the same"), render_kw={"rows": 2}
    )
    outcome_code = SelectField(
        _l("Why mediation ended"),
        choices=[SelectChoice(code, ENDING_LABELS[code]) for code in REFERRAL_OUTCOMES],
        default="no_agreement",
    )
    reason = TextAreaField(_l("Reason"), render_kw={"rows": 3})
    respondent_consent = BooleanField(_l("The respondent has consented to mediation"))
    agreed_amount = StringField(_l("Agreed amount (yuan)"), render_kw={"inputmode": "decimal"})
    terms = TextAreaField(
        _l("Other terms, one clause per line (the payment clause is written from the fields above)"),
        render_kw={"rows": 5},
    )
    performance_deadline = DateField(_l("Perform by"), validators=[Optional()])
    payment_method = SelectField(
        _l("Payment method"),
        choices=[SelectChoice(m, PAYMENT_METHOD_LABELS[m]) for m in PAYMENT_METHODS],
        default="bank_transfer",
    )
    payment_method_other = StringField(_l("Other payment method"))
    instalments = TextAreaField(
        _l("Instalments: one per line, the amount and the due date (empty: all by the date above)"),
        render_kw={"rows": 3, "placeholder": "250000.00 2026-12-31"},
    )
    over_claim_reason = TextAreaField(
        _l("If the agreed amount exceeds the claim: why (interest, costs, further debts)"),
        render_kw={"rows": 2},
    )
    over_claim_confirmed = BooleanField(_l("I confirm the agreed amount above the claim"))
    confirm = BooleanField(_l("I understand this cannot be undone"))

    def as_input(self, trigger: str) -> dict:
        version = self.version.data
        deadline = self.performance_deadline.data
        return {
            "trigger": trigger,
            "version": int(version) if version and version.isascii() and version.isdigit() else version,
            "mediator_id": self.mediator_id.data,
            "override_reason": self.override_reason.data,
            "reason": self.reason.data,
            "outcome_code": self.outcome_code.data,
            "respondent_consent": bool(self.respondent_consent.data),
            "agreed_amount": typed_amount(self.agreed_amount.data),
            "terms": typed_lines(self.terms.data),
            "performance_deadline": deadline.isoformat() if deadline else None,
            "payment_method": self.payment_method.data,
            "payment_method_other": self.payment_method_other.data,
            "instalments": instalment_lines(self.instalments.data),
            "over_claim_reason": self.over_claim_reason.data,
            "over_claim_confirmed": bool(self.over_claim_confirmed.data),
        }


class ExtensionForm(FlaskForm):
    version = HiddenField(validators=[InputRequired()])
    days = IntegerField(_l("Extend by (days)"), validators=[Optional()])
    parties_consent = BooleanField(_l("The parties have agreed to the extension"))
    note = TextAreaField(_l("How the parties agreed"), render_kw={"rows": 2})

    def as_input(self) -> dict:
        version = self.version.data
        return {
            "version": int(version) if version and version.isascii() and version.isdigit() else version,
            "days": self.days.data,
            "parties_consent": bool(self.parties_consent.data),
            "note": self.note.data,
        }
