"""Cookie sessions: loading the user, the idle timeout, and server-side invalidation.

The session id is ``<user id>:<session version>``; logging out, changing the
password or disabling the account bumps the version, so old cookies stop
working everywhere (flask-login alone cannot revoke a signed cookie).
"""

from datetime import UTC, datetime, timedelta

from flask import current_app, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from mediation_app.auth.models import User
from mediation_app.extensions import db, login_manager

LAST_SEEN = "last_seen"
LOGGED_IN_AT = "logged_in_at"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not session_id.isascii() or not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def start_session(user) -> None:
    """A fresh session for ``user`` (no fixation), keeping only the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session.permanent = True
    session[LOGGED_IN_AT] = session[LAST_SEEN] = int(datetime.now(UTC).timestamp())
    login_user(user)


def _expired(now: datetime) -> bool:
    """Idle too long, or logged in longer than the absolute lifetime (which a
    permanent Flask session alone would keep extending on every request)."""
    config = current_app.config
    last_seen = datetime.fromtimestamp(session.get(LAST_SEEN, 0), UTC)
    logged_in_at = datetime.fromtimestamp(session.get(LOGGED_IN_AT, 0), UTC)
    return (
        now - last_seen > timedelta(minutes=config["SESSION_IDLE_MINUTES"])
        or now - logged_in_at > config["PERMANENT_SESSION_LIFETIME"]
    )


def _enforce_timeouts():
    if not current_user.is_authenticated or g.get("api_token") is not None:
        return
    now = datetime.now(UTC)
    if _expired(now):
        logout_user()
        session.clear()
        return
    session[LAST_SEEN] = int(now.timestamp())


# Pages an account with a reset password may still open: choosing a new one, or leaving.
# The API answers for itself (``auth.api``), with a 403 rather than a redirect.
OPEN_WHILE_PASSWORD_MUST_CHANGE = frozenset({"auth.change_password", "auth.logout", "static", "set_language"})


def _send_to_password_change():
    """A temporary password from an administrator opens nothing but the change-password page."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.blueprint != "api"
        and request.endpoint not in OPEN_WHILE_PASSWORD_MUST_CHANGE
    ):
        return redirect(url_for("auth.change_password"))
    return None


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.localize_callback = str  # renders the lazy message in the request's language
    login_manager.session_protection = "strong"
    app.before_request(_enforce_timeouts)
    app.before_request(_send_to_password_change)
