"""Accounts, log-in and API tokens."""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mediation_app.auth.models import ApiToken, User
from mediation_app.auth.passwords import check_policy, dummy_verify, hash_password, verify_password
from mediation_app.errors import Unauthenticated, ValidationFailed
from mediation_app.extensions import db
from mediation_app.federation.operations import federation_named
from mediation_app.parties.models import Centre, Organisation, OrganisationKind
from mediation_app.types import utcnow
from mediation_app.validation import clean_text, parse_uscc
from workflows.roles import Role


def normalise_email(raw) -> str:
    email = clean_text(raw, max_length=254).lower()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise ValueError(_("must be an e-mail address"))
    return email


def create_user(
    *,
    role: str,
    email: str,
    password: str,
    name: str | None = None,
    organisation: str | None = None,
    uscc: str | None = None,
    centre_code: str | None = None,
    federation: str | None = None,
    industry: str = "",
) -> User:
    """Create an account. An enterprise user is linked to its company by credit
    code (created when new); other roles may name their organisation. A federation
    user belongs to the federation named, every other account to a centre."""
    errors = {}
    try:
        role_value = Role(role)
    except ValueError:
        errors["role"] = _("unknown role")
    try:
        email = normalise_email(email)
    except ValueError as error:
        errors["email"] = str(error)
    try:
        check_policy(password)
    except ValueError as error:
        errors["password"] = str(error)
    if not errors.get("email") and db.session.scalars(select(User).where(User.email == email)).first():
        errors["email"] = _("is already registered")
    if role == Role.ENTERPRISE.value:
        try:
            uscc = parse_uscc(uscc)
        except ValueError as error:
            errors["uscc"] = str(error)
    if errors:
        raise ValidationFailed(fields=errors)
    org = None
    if uscc:
        org = db.session.scalars(select(Organisation).where(Organisation.uscc == uscc)).first()
        if org is None:
            org = Organisation(kind=OrganisationKind.ENTERPRISE, name=organisation or email, uscc=uscc)
            db.session.add(org)
    elif organisation:
        org = db.session.scalars(select(Organisation).where(Organisation.name == organisation)).first()
        if org is None:
            raise ValidationFailed(fields={"organisation": _("unknown organisation")})
    # Every account belongs to one centre (tenancy): the one named, or the first.
    federation_id = centre = None
    if role_value is Role.FEDERATION:
        found = federation_named(federation) if federation else None
        if found is None:
            raise ValidationFailed(fields={"federation": _("must be the name of a federation")})
        federation_id = found.id
    elif centre_code:
        centre = db.session.scalars(select(Centre).where(Centre.code == centre_code)).first()
        if centre is None:
            raise ValidationFailed(fields={"centre": _("unknown centre")})
    else:
        centre = db.session.scalars(select(Centre).order_by(Centre.id)).first()
    user = User(
        role=role_value,
        email=email,
        name=name or email.split("@")[0],
        password_hash=hash_password(password),
        organisation=org,
        centre=centre,
        federation_id=federation_id,
        industry=industry,
        verified_at=utcnow(),  # made by an operator: nothing left to verify
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email, password) -> User | None:
    """The active user with these credentials, or ``None`` (same cost either way)."""
    try:
        email = normalise_email(email)
    except ValueError:
        email = None
    user = db.session.scalars(select(User).where(User.email == email)).first() if email else None
    if user is None:
        dummy_verify(password or "")
        return None
    return user if verify_password(user.password_hash, password or "") and user.active else None


def end_all_sessions(user: User) -> None:
    """Server-side logout: every cookie carrying the old session version stops working."""
    user.session_version += 1
    db.session.commit()


def issue_token(email, password) -> tuple[str, ApiToken]:
    user = authenticate(email, password)
    if user is None:
        raise Unauthenticated(_("E-mail or password is incorrect."))
    token = secrets.token_urlsafe(32)
    record = ApiToken(
        user_id=user.id,
        token_hash=ApiToken.hash_of(token),
        expires_at=utcnow() + timedelta(hours=current_app.config["API_TOKEN_HOURS"]),
    )
    db.session.add(record)
    db.session.commit()
    return token, record


def user_for_token(token: str) -> tuple[User, ApiToken] | None:
    record = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.token_hash == ApiToken.hash_of(token))
        .options(joinedload(ApiToken.user))  # one round trip on every API request
    ).first()
    if (
        record is None
        or record.revoked_at is not None
        or record.expires_at <= utcnow()
        or not record.user.active
    ):
        return None
    return record.user, record


def revoke_token(record: ApiToken) -> None:
    record.revoked_at = utcnow()
    db.session.commit()
