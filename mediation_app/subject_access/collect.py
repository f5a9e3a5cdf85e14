"""Gathering what is held about one person, from every domain that keeps something."""

from sqlalchemy import or_, select

from mediation_app.auth.models import ApiToken, User
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.errors import NotVisible
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.privacy.models import PersonalDataReveal, PrivacyConsent


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _account(user: User) -> dict:
    organisation = user.organisation
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role.value,
        "organisation": organisation.name if organisation else None,
        "organisation_uscc": organisation.uscc if organisation else None,
        "centre": user.centre.name if user.centre else None,
        "created_at": _iso(user.created_at),
        "verified_at": _iso(user.verified_at),
        "active": user.active,
    }


def _cases(user: User) -> list[dict]:
    """The cases of the person's centre where their organisation is a party, or that
    they filed or mediate."""
    conditions = [Case.filed_by_id == user.id, Case.mediator_id == user.id]
    if user.organisation_id:
        conditions += [Case.applicant_id == user.organisation_id, Case.respondent_id == user.organisation_id]
    query = select(Case).where(or_(*conditions))
    if user.centre_id is not None:  # a company is shared by centres; its other centres' cases are theirs
        query = query.where(Case.centre_id == user.centre_id)
    cases = db.session.scalars(query.order_by(Case.id)).all()
    return [
        {
            "number": case.number,
            "as": "applicant"
            if case.applicant_id == user.organisation_id
            else "respondent"
            if case.respondent_id == user.organisation_id
            else "mediator"
            if case.mediator_id == user.id
            else "filer",
            "state": case.state.value,
            "claim_amount": f"{case.claim_amount:.2f}",
            "filed_at": _iso(case.created_at),
            "concluded_at": _iso(case.concluded_at),
        }
        for case in cases
    ]


def _consents(user_id: int) -> list[dict]:
    consents = db.session.scalars(select(PrivacyConsent).where(PrivacyConsent.user_id == user_id))
    return [
        {"notice_version": c.notice_version, "given_at": _iso(c.given_at), "remote_addr": c.remote_addr}
        for c in consents
    ]


def _reveals(user_id: int) -> list[dict]:
    """Who saw the person's masked data, when and why."""
    reveals = db.session.scalars(
        select(PersonalDataReveal)
        .where(PersonalDataReveal.subject_id == user_id)
        .order_by(PersonalDataReveal.id)
    )
    return [
        {"field": r.field, "by": r.viewer_id, "reason": r.reason, "at": _iso(r.created_at)} for r in reveals
    ]


def _tokens(user_id: int) -> list[dict]:
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id))
    return [
        {"created_at": _iso(t.created_at), "expires_at": _iso(t.expires_at), "revoked_at": _iso(t.revoked_at)}
        for t in tokens
    ]


def _actions(user_id: int) -> list[dict]:
    """The person's own entries on the cases' timelines."""
    query = (
        select(Case.number, CaseEvent.action, CaseEvent.created_at, CaseEvent.remote_addr)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(CaseEvent.actor_id == user_id)
        .order_by(CaseEvent.id)
    )
    return [
        {"case": number, "action": action, "at": _iso(at), "from_address": address}
        for number, action, at, address in db.session.execute(query)
    ]


def _evidence(user_id: int) -> list[dict]:
    query = (
        select(Case.number, EvidenceFile)
        .join(Case, Case.id == EvidenceFile.case_id)
        .where(EvidenceFile.uploaded_by_id == user_id)
        .order_by(EvidenceFile.id)
    )
    return [
        {
            "case": number,
            "name": file.original_name,
            "size": file.size,
            "sha256": file.sha256,
            "uploaded_at": _iso(file.created_at),
        }
        for number, file in db.session.execute(query)
    ]


def held_about(user_id: int) -> dict:
    """Everything held about the user ``user_id``, JSON-ready."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotVisible()
    return {
        "account": _account(user),
        "consents": _consents(user.id),
        "reveals_of_my_data": _reveals(user.id),
        "api_tokens": _tokens(user.id),
        "cases": _cases(user),
        "my_actions": _actions(user.id),
        "my_evidence": _evidence(user.id),
    }
