"""Accounts, log-in and API tokens."""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mediation_app.auth.models import ApiToken, User
from mediation_app.auth.passwords import dummy_verify, verify_password
from mediation_app.errors import Unauthenticated
from mediation_app.extensions import db
from mediation_app.types import utcnow
from mediation_app.validation import clean_text


def normalise_email(raw) -> str:
    email = clean_text(raw, max_length=254).lower()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise ValueError(_("must be an e-mail address"))
    return email


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
