"""Log-in pages: a fresh session on log-in, server-side invalidation on log-out."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from mediation_app.auth import operations
from mediation_app.auth.forms import LoginForm
from mediation_app.auth.sessions import start_session
from mediation_app.auth.throttle import throttle_logins


def safe_next(target: str | None) -> str:
    """Only a path on this site; ``//evil.example`` and absolute URLs go home."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for("cases.index")


@throttle_logins(failed=lambda response: response.status_code != 302)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("cases.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(safe_next(form.next.data))
        form.password.errors.append(_("E-mail or password is incorrect."))
    return render_template("auth/login.html", form=form)


@login_required
def logout():
    operations.end_all_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))
