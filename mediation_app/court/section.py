"""What the case page's court-linkage section shows to the current user.

Attached to the case page (``cases.sections``); ``cases/show.html`` includes
``court/_case_section.html``. A form submitted with errors is shown again under its name.
"""

from dataclasses import dataclass

from sqlalchemy import select

from mediation_app.cases.sections import posted
from mediation_app.court.actions import CASE, REFERRAL
from mediation_app.court.forms import (
    AcknowledgeForm,
    ApplicationForm,
    LetterForm,
    OutcomeForm,
    PaymentForm,
    VisitForm,
)
from mediation_app.court.models import Referral
from mediation_app.court.operations import DELEGATION_LETTER
from mediation_app.court.permissions import may_download_package
from mediation_app.court.queries import (
    ConfirmationWindow,
    Performance,
    is_flagged,
    performance_of,
    referral_of,
    window_of,
)
from mediation_app.evidence.models import EvidenceFile
from mediation_app.evidence.queries import visible_evidence
from mediation_app.extensions import db
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date


@dataclass
class Section:
    letters: list[EvidenceFile]
    referral: Referral | None
    referral_flagged: bool
    performance: Performance | None
    window: ConfirmationWindow | None
    may_download_package: bool
    forms: dict

    @property
    def shown(self) -> bool:
        return bool(self.letters or self.referral or self.performance or self.forms)


def _form(key: str, form_class, allowed: bool):
    if not allowed:
        return None
    return posted(key) or form_class(formdata=None)


def court_section(case, user) -> dict:
    return {"court": _section(case, user)}


def _section(case, user) -> Section:
    now = utcnow()
    today = local_date(now)
    settled = case.state is CaseState.SETTLED
    referral = referral_of(case)
    window = window_of(case, today) if settled else None
    letters = db.session.scalars(
        select(EvidenceFile)
        .where(
            EvidenceFile.case_id == case.id,
            EvidenceFile.category == DELEGATION_LETTER,
            visible_evidence(user),
        )
        .order_by(EvidenceFile.id)
    ).all()
    forms = {
        "letter": _form("letter", LetterForm, CASE.allows(user, case, "attach_delegation_letter")),
        "acknowledge": _form(
            "acknowledge",
            AcknowledgeForm,
            referral is not None and REFERRAL.allows(user, referral, "acknowledge_referral"),
        ),
        "payment": _form("payment", PaymentForm, CASE.allows(user, case, "record_payment")),
        "visit": _form("visit", VisitForm, CASE.allows(user, case, "record_visit")),
        "application": _form(
            "application", ApplicationForm, CASE.allows(user, case, "apply_for_confirmation")
        ),
        "outcome": _form(
            "outcome",
            OutcomeForm,
            window is not None and window.outcome is None and CASE.allows(user, case, "record_confirmation"),
        ),
    }
    return Section(
        letters=letters,
        referral=referral,
        referral_flagged=referral is not None and is_flagged(referral, now),
        performance=performance_of(case, today) if settled else None,
        window=window,
        may_download_package=referral is not None and may_download_package(user, case),
        forms={k: f for k, f in forms.items() if f is not None},
    )
