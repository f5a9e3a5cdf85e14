"""Cookie sessions: loading the user, the idle timeout, and server-side invalidation.

The session id is ``<user id>:<session version>``; logging out, changing the
password or disabling the account bumps the version, so old cookies stop
working everywhere (flask-login alone cannot revoke a signed cookie).
"""

from datetime import UTC, datetime, timedelta

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from mediation_app.auth.models import User
from mediation_app.extensions import db, login_manager

LAST_SEEN = "last_seen"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def _enforce_idle_timeout():
    if not current_user.is_authenticated:
        return
    now = datetime.now(UTC)
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    last_seen = session.get(LAST_SEEN)
    if last_seen is not None and now - datetime.fromtimestamp(last_seen, UTC) > idle:
        logout_user()
        session.clear()
        return
    session[LAST_SEEN] = int(now.timestamp())


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.localize_callback = str  # renders the lazy message in the request's language
    login_manager.session_protection = "strong"
    app.before_request(_enforce_idle_timeout)
