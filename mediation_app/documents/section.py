"""What the case page's documents section shows to the current user.

Attached to the case page (``cases.sections``); ``cases/show.html`` includes
``documents/_case_section.html``.
"""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.permissions import in_charge_of
from mediation_app.cases.queries import signing_ends_on
from mediation_app.documents.actions import CASE, PARTIES, signer_role
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.models import DocumentStatus
from mediation_app.documents.queries import current_agreement, documents_of, signatures_on, superseded_ids
from mediation_app.documents.signing import awaiting, refusals_of
from mediation_app.types import utcnow
from workflows.deadlines import local_date
from workflows.roles import Role

SIGNER_LABELS = {"applicant": _l("Applicant"), "respondent": _l("Respondent"), "mediator": _l("Mediator")}


def document_section(case, user) -> dict:
    section = _section(case, user)
    # the page reloads itself until every document it lists is produced
    section["producing"] = any(d.status is DocumentStatus.PENDING for d in section["documents"])
    return {"document_section": section}


def _section(case, user) -> dict:
    agreement = current_agreement(case) if case.agreement_recorded_at is not None else None
    pending = awaiting(case)
    own_role = signer_role(user, case)
    refusals = refusals_of(case, agreement)
    sign_by = signing_ends_on(case)
    return {
        "documents": documents_of(user, case),
        "superseded": superseded_ids(case.id),
        "kinds": KINDS,
        "may_correct": CASE.allows(user, case, "correct_document"),
        "may_produce_again": CASE.allows(user, case, "produce_document_again"),
        "agreement_signatures": signatures_on(agreement) if agreement is not None else [],
        "awaiting_signatures": pending,
        "my_signer_role": own_role if own_role in pending else None,
        # the mediator countersigns last
        "may_sign_now": own_role in pending
        and not (own_role not in PARTIES and any(r in PARTIES for r in pending)),
        "signer_labels": SIGNER_LABELS,
        "staff_scan_for": [r for r in pending if r in PARTIES] if user.role is Role.STAFF else [],
        "refusals": refusals,
        "sign_by": sign_by,
        # who may refuse from this page: the party itself, or staff for either party
        "may_refuse_for": [r for r in pending if r in PARTIES and (r == own_role or user.role is Role.STAFF)],
        "may_end_unsettled": bool(pending)
        and in_charge_of(user, case)
        and (bool(refusals) or (sign_by is not None and sign_by < local_date(utcnow()))),
    }
