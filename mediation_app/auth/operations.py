"""Accounts, log-in, API tokens, and ending them: log-out, password change and reset,
deactivation, a change of role. Anything that may mean a stolen credential, or that
changes what a user may do, ends every session and token; what an administrator
changes on an account is recorded (``AccountEvent``). Creating accounts and changing
who they are (role, a mediator's chamber) is ``accounts``'s: it needs the organisations."""

import logging
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from mediation_app.auth.models import AccountChange, AccountEvent, ApiToken, User
from mediation_app.auth.passwords import (
    check_policy,
    dummy_verify,
    hash_password,
    temporary_password,
    verify_password,
)
from mediation_app.auth.schemas import PasswordChange
from mediation_app.core.schema import FieldErrors
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, NotVisible, Unauthenticated
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from mediation_app.validation import clean_text
from workflows.roles import Role

log = logging.getLogger(__name__)


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
    with committed():
        user.session_version += 1


def end_all_access(user: User) -> None:
    """Every cookie session and every token of ``user`` ends (inside the caller's transaction)."""
    user.session_version += 1
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def log_out_everywhere(user: User) -> None:
    with committed():
        end_all_access(user)
    log.info("user %s logged out everywhere", user.id)


def change_password(user: User, data) -> None:
    """The owner's change, proven by the current password. A thief who had the old one
    loses every session and token they opened with it; the caller starts a new session."""
    change = PasswordChange.parse(data)
    errors = FieldErrors()
    if not verify_password(user.password_hash, change.current_password):
        errors.fail("current_password", _("The current password is incorrect."))
    elif change.new_password == change.current_password:
        errors.fail("new_password", _("must differ from the current password"))
    errors.raise_if_any()
    with committed():
        user.password_hash = hash_password(change.new_password)
        user.must_change_password = False
        end_all_access(user)
    log.info("user %s changed their password", user.id)


def account_in_centre(admin: User | None, user_id: int) -> User:
    """An account an administrator may manage: one of their centre's, never their own
    (another's, or their own, is answered as missing). ``admin`` is ``None`` for the
    operator at the console."""
    user = db.session.get(User, user_id)
    if user is None or (admin is not None and (user.centre_id != admin.centre_id or user.id == admin.id)):
        raise NotVisible()
    return user


def record_account_event(
    actor: User | None, user: User, change: AccountChange, before: dict, after: dict, remote_addr=None
) -> None:
    """Record a change to ``user``'s account in the caller's transaction: it commits or
    rolls back with the change itself."""
    db.session.add(
        AccountEvent(
            user_id=user.id,
            actor_id=actor.id if actor else None,
            change=change,
            before=before,
            after=after,
            remote_addr=remote_addr,
        )
    )


def keep_an_administrator(user: User) -> None:
    """Refuse to leave ``user``'s centre without an active administrator (inside the
    caller's transaction, before it demotes or disables ``user``). The one acting is
    one, so this fails only when two administrators demote or disable each other at
    once: both lock every active administrator of the centre, in the same order, so the
    second waits for the first and then finds it no longer counts itself (PostgreSQL;
    SQLite runs one writer at a time)."""
    administrators = db.session.scalars(
        select(User.id)
        .where(User.centre_id == user.centre_id, User.role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
        .with_for_update()
    ).all()
    if not set(administrators) - {user.id}:
        raise Conflict(_("The centre would be left without an administrator."))


def reset_password(admin: User | None, user_id: int, *, remote_addr=None) -> str:
    """A temporary password, to hand over once; it opens only the change-password page,
    and every session and token of the account ends."""
    if admin is not None:
        require(admin, "manage_accounts")
    user = account_in_centre(admin, user_id)
    password = temporary_password()
    with committed():
        before = {"must_change_password": user.must_change_password}
        user.password_hash = hash_password(check_policy(password))
        user.must_change_password = True
        end_all_access(user)
        after = {"must_change_password": True}
        record_account_event(admin, user, AccountChange.PASSWORD_RESET, before, after, remote_addr)
    log.info("password of user %s reset by %s", user.id, admin.id if admin else "the operator")
    return password


def set_active(admin: User, user_id: int, active: bool, *, remote_addr=None) -> User:
    """Disable an account (its access ends at once) or enable it again."""
    require(admin, "manage_accounts")
    user = account_in_centre(admin, user_id)
    if user.active == active:
        return user  # the outcome asked for holds already
    with committed():
        if not active and user.role is Role.ADMIN:
            keep_an_administrator(user)
        user.active = active
        if not active:
            end_all_access(user)
        change = AccountChange.ENABLED if active else AccountChange.DISABLED
        record_account_event(admin, user, change, {"active": not active}, {"active": active}, remote_addr)
    log.info("user %s %s by %s", user.id, "enabled" if active else "disabled", admin.id)
    return user


def user_by_email(email) -> User:
    try:
        user = db.session.scalars(select(User).where(User.email == normalise_email(email))).first()
    except ValueError:
        user = None
    if user is None:
        raise NotVisible(_("No account has this e-mail address."))
    return user


def accounts_of_centre(admin: User) -> list[User]:
    require(admin, "manage_accounts")
    return list(
        db.session.scalars(
            select(User)
            .where(User.centre_id == admin.centre_id, User.id != admin.id)
            .options(joinedload(User.organisation))  # the company, court or chamber shown beside each
            .order_by(User.email)
        )
    )


def issue_token(email, password, scopes: list[str] | None = None) -> tuple[str, ApiToken]:
    """A token of the user's, narrowed to ``scopes`` where given (``Scope``)."""
    user = authenticate(email, password)
    if user is None:
        raise Unauthenticated(_("E-mail or password is incorrect."))
    token = secrets.token_urlsafe(32)
    record = ApiToken(
        user_id=user.id,
        token_hash=ApiToken.hash_of(token),
        scopes=scopes,
        expires_at=utcnow() + timedelta(hours=current_app.config["API_TOKEN_HOURS"]),
    )
    with committed(reload=False):
        db.session.add(record)
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
    with committed():
        record.revoked_at = utcnow()


def tokens_of(user: User) -> list[ApiToken]:
    """The tokens of ``user`` that still work, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow())
            .order_by(ApiToken.id.desc())
        )
    )


def revoke_own_token(user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens (again is fine: the outcome asked for holds);
    anyone else's is answered as missing."""
    record = db.session.get(ApiToken, token_id)
    if record is None or record.user_id != user.id:
        raise NotVisible()
    if record.revoked_at is None:
        revoke_token(record)
