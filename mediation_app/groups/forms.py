"""The group filing form: what the members share, then the members, typed one a line
(a phone's keyboard and no JavaScript suffice) or in an .xlsx. Validation of content
lives in the operations; the form carries the fields and the CSRF token."""

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)

from mediation_app.cases.forms import (
    TransitionForm,
    dispute_type_field,
    industry_field,
    instalment_lines,
    typed_amount,
    typed_lines,
)

# A member's line: its four parts parted by "|" (or a tab, as pasted from a spreadsheet).
_PARTS = re.compile(r"\s*[|\t｜]\s*")


def member_of(line: str, party: str) -> dict:
    """One typed line as a member: its other party (``party``: its respondent, or its
    applicant) name | credit code | claim amount | summary (a part left out is reported
    missing by the operation, under the member's path)."""
    name, uscc, amount, summary = ([*_PARTS.split(line.strip(), maxsplit=3), "", "", ""])[:4]
    return {
        party: {"name": name, "uscc": uscc},
        "claim_amount": typed_amount(amount) or None,
        "summary": summary,
    }


class FileGroupForm(FlaskForm):
    # A one-time key per rendered form, so a double-submitted form files one group.
    submission_key = HiddenField(default=lambda: uuid.uuid4().hex)
    applicant_name = StringField(_l("Enterprise name"))
    applicant_uscc = StringField(_l("Unified social credit code"))
    # Staff may file many applicants against one respondent; an enterprise files as the applicant.
    common_side = RadioField(
        _l("The common party is"),
        choices=[
            SelectChoice("applicant", _l("the applicant, against several respondents")),
            SelectChoice("respondent", _l("the respondent, of several applicants")),
        ],
        default="applicant",
    )
    industry = industry_field()
    dispute_type = dispute_type_field()
    members = TextAreaField(
        _l(
            "The other party of each case, one per line: name | credit code | claim amount | facts in dispute"
        ),
        render_kw={
            "rows": 8,
            "placeholder": "如皋顺达服饰有限公司 | 91320682MA1XXXXX0X | 20000.50 | 拖欠面料货款",
        },
    )
    file = FileField(_l("Or the other parties in a workbook (.xlsx)"))

    def side(self) -> str:
        return "respondent" if self.common_side.data == "respondent" else "applicant"

    def shared(self) -> dict:
        """The filing's fields common to every member, as the API's body has them."""
        return {
            self.side(): {"name": self.applicant_name.data, "uscc": self.applicant_uscc.data},
            "industry": self.industry.data,
            "dispute_type": self.dispute_type.data,
        }

    def as_input(self) -> dict:
        lines = [line for line in (self.members.data or "").splitlines() if line.strip()]
        party = "applicant" if self.side() == "respondent" else "respondent"
        return self.shared() | {"members": [member_of(line, party) for line in lines]}


class AssignGroupForm(FlaskForm):
    mediator_id = SelectField(_l("Mediator"), coerce=int, validate_choice=False)


def _number(text: str | None):
    """A hidden id or version as sent: a number when it is one (the schema refuses the rest)."""
    return int(text) if text and text.isascii() and text.isdigit() else text


class MemberAgreementRow(Form):
    """One member's line of the batch: chosen or not, its amount and instalments."""

    case_id = HiddenField()
    version = HiddenField()
    selected = BooleanField(_l("Record"))
    agreed_amount = TransitionForm.agreed_amount
    instalments = TransitionForm.instalments
    over_claim_reason = TransitionForm.over_claim_reason
    over_claim_confirmed = TransitionForm.over_claim_confirmed

    def as_input(self) -> dict:
        member = {
            "case_id": _number(self.case_id.data),
            "version": _number(self.version.data),
            "agreed_amount": typed_amount(self.agreed_amount.data),
            "over_claim_reason": self.over_claim_reason.data,
            "over_claim_confirmed": bool(self.over_claim_confirmed.data),
        }
        if instalments := instalment_lines(self.instalments.data):
            member["instalments"] = instalments
        return member


class GroupAgreementsForm(FlaskForm):
    """The members' agreements at once: the terms they share (the single case's fields),
    and a line per member the mediator may record one for."""

    members = FieldList(FormField(MemberAgreementRow))
    terms = TransitionForm.terms
    performance_deadline = TransitionForm.performance_deadline
    payment_method = TransitionForm.payment_method
    payment_method_other = TransitionForm.payment_method_other
    confirm = BooleanField(
        _l("I have checked each chosen member's amount: issue their agreements for signature")
    )

    def chosen(self) -> list:
        return [row for row in self.members if row.selected.data]

    def as_input(self) -> dict:
        deadline = self.performance_deadline.data
        return {
            "terms": typed_lines(self.terms.data),
            "performance_deadline": deadline.isoformat() if deadline else None,
            "payment_method": self.payment_method.data,
            "payment_method_other": self.payment_method_other.data,
            "members": [row.form.as_input() for row in self.chosen()],
        }
