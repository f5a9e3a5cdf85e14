"""Enterprise self-registration and its verification by the centre.

An enterprise registers with its name, unified social credit code, legal
representative and a contact person; several users may register for the same
company. Until staff verify a user, it can log in but neither files cases nor
sees any: anyone can claim to work for a company.

Tenancy: a user registers with one centre, whose staff alone see and decide the
registration; the company itself is a shared record (see ``cases.queries.visible_to``).
"""

import logging
import re

from flask_babel import gettext as _
from sqlalchemy import select

from mediation_app.auth.models import User
from mediation_app.auth.operations import normalise_email
from mediation_app.auth.passwords import check_policy, hash_password
from mediation_app.errors import Conflict, Forbidden, NotVisible, ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation, OrganisationKind
from mediation_app.types import utcnow
from mediation_app.validation import clean_text, parse_uscc
from workflows.roles import Role

log = logging.getLogger(__name__)

# Mainland mobile numbers, or a landline with its area code (0513-88888888).
_PHONE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}", re.ASCII)


def parse_phone(raw) -> str:
    text = clean_text(raw, max_length=20).replace(" ", "")
    if not _PHONE.fullmatch(text):
        raise ValueError(_("must be a mobile number (11 digits) or a landline with its area code"))
    return text


def mask_phone(phone: str) -> str:
    """138****5678: the middle hidden wherever the full number is not needed."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


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


def _parse(data: dict) -> dict:
    parsers = {
        "centre": parse_centre,
        "enterprise_name": lambda v: clean_text(v, max_length=200),
        "uscc": parse_uscc,
        "legal_representative": lambda v: clean_text(v, max_length=100),
        "contact_name": lambda v: clean_text(v, max_length=100),
        "phone": parse_phone,
        "email": normalise_email,
        "password": check_policy,
    }
    values, errors = {}, {}
    for field, parse in parsers.items():
        try:
            values[field] = parse(data.get(field))
        except ValueError as error:
            errors[field] = str(error)
    if "email" in values and db.session.scalars(select(User).where(User.email == values["email"])).first():
        errors["email"] = _("is already registered")
    if errors:
        raise ValidationFailed(fields=errors)
    return values


def register_enterprise(data: dict, *, remote_addr: str | None = None) -> User:
    """A new enterprise user, unverified; the company is created on first registration."""
    values = _parse(data)
    enterprise = db.session.scalars(select(Organisation).where(Organisation.uscc == values["uscc"])).first()
    try:
        if enterprise is None:
            enterprise = Organisation(
                kind=OrganisationKind.ENTERPRISE,
                name=values["enterprise_name"],
                uscc=values["uscc"],
                legal_representative=values["legal_representative"],
            )
            db.session.add(enterprise)
        elif enterprise.kind is not OrganisationKind.ENTERPRISE:
            raise ValidationFailed(fields={"uscc": _("belongs to an organisation that is not an enterprise")})
        user = User(
            role=Role.ENTERPRISE,
            email=values["email"],
            name=values["contact_name"],
            phone=values["phone"],
            password_hash=hash_password(values["password"]),
            organisation=enterprise,
            centre=values["centre"],
        )
        db.session.add(user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    log.info("enterprise user %d registered for organisation %d from %s", user.id, enterprise.id, remote_addr)
    return user


def _registrations_of(actor: User):
    """The registrations ``actor`` (staff) may see and decide: those made with their centre."""
    return select(User).where(User.role == Role.ENTERPRISE, User.centre_id == actor.centre_id)


def pending_registrations(actor: User) -> list[User]:
    query = _registrations_of(actor).where(User.verified_at.is_(None), User.active.is_(True))
    return db.session.scalars(query.order_by(User.id)).all()


def decide_registration(actor: User, user_id: int, data: dict) -> User:
    """Staff verify a registration (and the company, the first time) or refuse it."""
    if actor.role is not Role.STAFF:
        raise Forbidden()
    user = db.session.scalars(_registrations_of(actor).where(User.id == user_id)).first()
    if user is None:
        raise NotVisible()
    if user.verified_at is not None or not user.active:
        raise Conflict(_("This registration has already been decided."))
    approved = data.get("approved")
    if not isinstance(approved, bool):
        raise ValidationFailed(fields={"approved": _("must be true or false")})
    now = utcnow()
    if approved:
        user.verified_at = now
        if user.organisation.verified_at is None:
            user.organisation.verified_at = now
    else:
        user.active = False
    db.session.commit()
    log.info(
        "registration of user %d %s by staff %d", user.id, "approved" if approved else "refused", actor.id
    )
    return user
