"""Enterprise self-registration and its verification by the centre.

An enterprise registers with its name, unified social credit code, legal
representative and a contact person; several users may register for the same
company. Until staff verify a user, it can log in but neither files cases nor
sees any: anyone can claim to work for a company.

Tenancy: a user registers with one centre, whose staff alone see and decide the
registration; the company itself is a shared record (see ``cases.queries.visible_to``).
"""

import logging

from flask_babel import gettext as _
from sqlalchemy import select

from mediation_app.auth.models import AccountChange, User
from mediation_app.auth.operations import record_account_event
from mediation_app.auth.passwords import hash_password
from mediation_app.core.schema import FieldErrors
from mediation_app.errors import NotVisible, ValidationFailed
from mediation_app.extensions import db
from mediation_app.notifications.operations import InvalidMessage, notify
from mediation_app.parties.actions import REGISTRATION
from mediation_app.parties.models import Centre, Organisation, OrganisationKind
from mediation_app.parties.schemas import NewRegistration, RegistrationDecision
from mediation_app.privacy.operations import record_consent
from mediation_app.types import utcnow
from workflows.roles import Role

log = logging.getLogger(__name__)


def parse_centre(raw) -> Centre:
    """The centre registered with, by its code; the only one when there is just one."""
    if raw in (None, ""):
        centres = db.session.scalars(select(Centre).limit(2)).all()
        if len(centres) == 1:
            return centres[0]
        raise ValueError(_("choose the centre you register with"))
    centre = (
        db.session.scalars(select(Centre).where(Centre.code == raw)).first() if isinstance(raw, str) else None
    )
    if centre is None:
        raise ValueError(_("unknown centre"))
    return centre


def register_enterprise(data: dict, *, remote_addr: str | None = None) -> User:
    """A new enterprise user, unverified; the company is created on first registration."""
    payload = NewRegistration.parse(data)
    fields = FieldErrors()
    centre = fields.parse("centre", parse_centre, payload.centre)
    if not payload.privacy_consent:
        fields.fail("privacy_consent", _("agree to the privacy notice to register"))
    if db.session.scalars(select(User).where(User.email == payload.email)).first():
        fields.fail("email", _("is already registered"))
    enterprise = db.session.scalars(select(Organisation).where(Organisation.uscc == payload.uscc)).first()
    if enterprise is not None and enterprise.kind is not OrganisationKind.ENTERPRISE:
        fields.fail("uscc", _("belongs to an organisation that is not an enterprise"))
    fields.raise_if_any()
    try:
        if enterprise is None:
            enterprise = Organisation(
                kind=OrganisationKind.ENTERPRISE,
                name=payload.enterprise_name,
                uscc=payload.uscc,
                legal_representative=payload.legal_representative,
            )
            db.session.add(enterprise)
        user = User(
            role=Role.ENTERPRISE,
            email=payload.email,
            name=payload.contact_name,
            phone=payload.phone,
            password_hash=hash_password(payload.password),
            organisation=enterprise,
            centre=centre,
        )
        db.session.add(user)
        record_consent(user, remote_addr=remote_addr)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    log.info("enterprise user %d registered for organisation %d from %s", user.id, enterprise.id, remote_addr)
    return user


def _tell_refused(user: User, reason: str) -> None:
    """The refused applicant's notice, in the decision's transaction."""
    context = {
        "recipient_name": user.name,
        "enterprise_name": user.organisation.name,
        "centre_name": user.centre.name,
        "reason": reason,
    }
    try:
        notify(user.id, user.email, "registration_refused", context)
    except InvalidMessage:  # a notice never stops the decision it reports
        log.warning("refusal notice not queued for user %d", user.id)


def _registrations_of(actor: User):
    """The registrations ``actor`` (staff) may see and decide: those made with their centre."""
    return select(User).where(User.role == Role.ENTERPRISE, User.centre_id == actor.centre_id)


def pending_registrations(actor: User) -> list[User]:
    query = _registrations_of(actor).where(User.verified_at.is_(None), User.active.is_(True))
    return db.session.scalars(query.order_by(User.id)).all()


def decide_registration(actor: User, user_id: int, data: dict, *, remote_addr: str | None = None) -> User:
    """Staff verify a registration (and the company, the first time) or refuse it with
    a reason, which the applicant is sent (inbox and e-mail); the decision is recorded
    on the account (``AccountEvent``)."""
    REGISTRATION.refuse_roles(actor, "decide_registration")
    user = db.session.scalars(_registrations_of(actor).where(User.id == user_id)).first()
    if user is None:
        raise NotVisible()  # another centre's, or no registration at all
    REGISTRATION.require(actor, user, "decide_registration")
    decision = RegistrationDecision.parse(data)
    approved = decision.approved
    if not approved and not decision.reason:
        raise ValidationFailed(fields={"reason": _("give the reason for refusing; the applicant is sent it")})
    try:
        if approved:
            now = utcnow()
            user.verified_at = now
            if user.organisation.verified_at is None:
                user.organisation.verified_at = now
            change, after = AccountChange.REGISTRATION_VERIFIED, {"verified": True}
        else:
            user.active = False
            user.refusal_reason = decision.reason
            change, after = AccountChange.REGISTRATION_REFUSED, {"active": False, "reason": decision.reason}
            _tell_refused(user, decision.reason)
        record_account_event(actor, user, change, {"verified": False, "active": True}, after, remote_addr)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    log.info(
        "registration of user %d %s by staff %d", user.id, "approved" if approved else "refused", actor.id
    )
    return user
