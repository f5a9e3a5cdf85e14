"""Log-in pages and the user's own account: a fresh session on log-in, server-side
invalidation on log-out, the password and the API tokens."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from mediation_app.auth import operations
from mediation_app.auth.forms import LoginForm, PasswordChangeForm
from mediation_app.auth.sessions import start_session
from mediation_app.auth.throttle import throttle_logins
from mediation_app.core.forms import show_errors
from mediation_app.errors import ValidationFailed


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


def _leave(message):
    logout_user()
    session.clear()
    flash(message, "info")
    return redirect(url_for("auth.login"))


@login_required
def logout():
    operations.end_all_sessions(current_user._get_current_object())
    return _leave(_("You have been logged out."))


@login_required
def log_out_everywhere():
    operations.log_out_everywhere(current_user._get_current_object())
    return _leave(_("You have been logged out on every device, and every API token was revoked."))


@login_required
def change_password():
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            operations.change_password(user, form.as_input())
        except ValidationFailed as error:
            show_errors(form, error)
            status = 422
        else:
            start_session(user)  # every other session ended with the old session version
            flash(_("Your password has been changed. You were logged out everywhere else."), "success")
            return redirect(url_for("cases.index"))
    elif form.is_submitted():
        status = 422
    return render_template("auth/password.html", form=form), status


@login_required
def tokens():
    return render_template("auth/tokens.html", tokens=operations.tokens_of(current_user))


@login_required
def revoke_token(token_id: int):
    operations.revoke_own_token(current_user, token_id)
    flash(_("The token has been revoked."), "success")
    return redirect(url_for("auth.tokens"))
