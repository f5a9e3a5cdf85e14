"""Throttling of log-in attempts, per account and per client address.

Only failed attempts count, so the real user is not slowed down by their own
successful log-ins; both limits are time windows that expire by themselves.
"""

from flask import current_app, request

from mediation_app.extensions import limiter


def _account_key() -> str:
    data = request.get_json(silent=True) if request.is_json else request.form
    email = data.get("email") if hasattr(data, "get") else None
    return f"account:{str(email or '').strip().lower()[:254]}"


def throttle_logins(failed):
    """Decorate a log-in view; ``failed(response)`` says whether an attempt failed."""

    def decorate(view):
        view = limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
            key_func=_account_key,
            methods=["POST"],
            deduct_when=failed,
        )(view)
        return limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"], deduct_when=failed
        )(view)

    return decorate
