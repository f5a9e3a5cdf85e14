"""The administrator's page of their centre's accounts: make one, change its role, set
a mediator's specialty and chamber, reset a password, disable or enable. What cuts a
user off at once (a reset, disabling, a new role) asks for a ticked confirmation first,
checked here and not only in the browser."""

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation_app.accounts import operations
from mediation_app.accounts.forms import NewAccountForm, profile_input
from mediation_app.auth import operations as auth_operations
from mediation_app.auth.labels import ROLE_LABELS
from mediation_app.auth.models import User
from mediation_app.cases.forms import INDUSTRY_LABELS
from mediation_app.cases.views import confirmed
from mediation_app.core.forms import show_errors
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.parties.queries import chambers

# The names of the fields the page's small forms send, for their flashed errors.
FIELD_LABELS = {"role": _l("Role"), "industry": _l("Specialty"), "chamber_id": _l("Chamber of commerce")}


def _page(form=None, temporary: dict | None = None, status: int = 200):
    return render_template(
        "accounts/accounts.html",
        accounts=auth_operations.accounts_of_centre(current_user),
        form=form or NewAccountForm(formdata=None),
        temporary=temporary or {},
        given_roles=operations.GIVEN_ROLES,
        chambers=chambers(),
        industry_labels=INDUSTRY_LABELS,
    ), status


def _confirmed(user_id: int) -> bool:
    """Whether the administrator ticked the confirmation, asked only once they may act
    on this account (never or missing comes first)."""
    auth_operations.account_in_centre(require(current_user, "manage_accounts"), user_id)
    return confirmed()


def _act(operation: Callable[[], User], done: Callable[[User], str]):
    """Run one of the page's actions on an account: back to the page with ``done(user)``,
    or the page again with what was wrong (422 for bad input, 409 when the account or
    the centre does not allow it)."""
    try:
        user = operation()
    except (ValidationFailed, Conflict) as error:
        for name, message in error.fields.items():
            flash(_("%(field)s: %(message)s", field=FIELD_LABELS.get(name, name), message=message), "error")
        if not error.fields:
            flash(str(error.message), "error")
        return _page(status=error.status)
    flash(done(user), "success")
    return redirect(url_for("accounts.list_accounts"))


@login_required
def list_accounts():
    return _page()


@login_required
def create_account():
    form = NewAccountForm()
    try:
        if not form.validate_on_submit():
            raise ValidationFailed()  # the form's own errors are on its fields
        user, password = operations.create_account(
            current_user, form.as_input(), remote_addr=request.remote_addr
        )
    except ValidationFailed as error:
        show_errors(form, error)
        return _page(form, status=422)
    flash(_("%(email)s: account created.", email=user.email), "success")
    # Shown once, on this page only: never in a link, a cookie or a log.
    return _page(temporary={user.id: password})


@login_required
def reset_password(user_id: int):
    if not _confirmed(user_id):
        return _page(status=422)
    password = auth_operations.reset_password(current_user, user_id, remote_addr=request.remote_addr)
    return _page(temporary={user_id: password})


@login_required
def set_active(user_id: int):
    active = request.form.get("active") == "yes"
    if not active and not _confirmed(user_id):
        return _page(status=422)
    return _act(
        lambda: auth_operations.set_active(current_user, user_id, active, remote_addr=request.remote_addr),
        lambda user: (
            _("%(email)s: enabled.", email=user.email)
            if active
            else _("%(email)s: disabled.", email=user.email)
        ),
    )


@login_required
def change_role(user_id: int):
    if not _confirmed(user_id):
        return _page(status=422)
    return _act(
        lambda: operations.change_role(
            current_user, user_id, {"role": request.form.get("role")}, remote_addr=request.remote_addr
        ),
        lambda user: _(
            "%(email)s: now %(role)s. Their sessions and tokens have ended.",
            email=user.email,
            role=ROLE_LABELS[user.role.value],
        ),
    )


@login_required
def set_mediator_profile(user_id: int):
    return _act(
        lambda: operations.set_mediator_profile(
            current_user, user_id, profile_input(request.form), remote_addr=request.remote_addr
        ),
        lambda user: _("%(email)s: specialty and chamber saved.", email=user.email),
    )
