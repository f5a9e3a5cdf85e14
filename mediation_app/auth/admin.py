"""The administrator's page of their centre's accounts: reset a password, disable or
enable an account."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.auth import operations


def _accounts_page(temporary: dict):
    return render_template(
        "auth/accounts.html", accounts=operations.accounts_of_centre(current_user), temporary=temporary
    )


@login_required
def accounts():
    return _accounts_page({})


@login_required
def reset_password(user_id: int):
    password = operations.reset_password(current_user, user_id)
    # Shown once, on this page only: never in a link, a cookie or a log.
    return _accounts_page({user_id: password})


@login_required
def set_active(user_id: int):
    active = request.form.get("active") == "yes"
    user = operations.set_active(current_user, user_id, active)
    flash(
        _("%(email)s: enabled.", email=user.email) if active else _("%(email)s: disabled.", email=user.email),
        "success",
    )
    return redirect(url_for("auth.accounts"))
