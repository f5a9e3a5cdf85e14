"""Registering an enterprise, and the staff's list of registrations to verify."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.core.forms import show_errors
from mediation_app.core.workspace import require
from mediation_app.errors import ValidationFailed
from mediation_app.extensions import limiter
from mediation_app.parties import registration
from mediation_app.parties.forms import RegistrationForm
from mediation_app.parties.queries import all_centres
from mediation_app.privacy.masking import MASKS
from mediation_app.privacy.operations import reveal_personal_data


@limiter.limit("20 per hour", methods=["POST"])
def register():
    # No centre is preselected, but by a centre's own link (the invitation of a respondent,
    # with its credit code): registering with the wrong one sends the applicant to staff
    # who cannot see it; the operation names the field when none is chosen.
    form = RegistrationForm(data={"centre": request.args.get("centre"), "uscc": request.args.get("uscc")})
    form.centre.choices = [("", _("Choose the centre"))] + [(c.code, c.name) for c in all_centres()]
    status = 200
    if form.validate_on_submit():
        try:
            registration.register_enterprise(form.as_input(), remote_addr=request.remote_addr)
        except ValidationFailed as error:
            show_errors(form, error)
            status = 422
        else:
            flash(
                _("Thank you. The centre will verify your registration; you can then log in and file cases."),
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("parties/register.html", form=form), status


def _registrations_page(revealed: dict | None = None, status: int = 200, refusal: dict | None = None):
    """``refusal``: the refusal sent back (user_id, reason and error), its form open."""
    pending = registration.pending_registrations(require(current_user, "review_registrations"))
    return render_template(
        "parties/registrations.html", pending=pending, masks=MASKS, revealed=revealed or {}, refusal=refusal
    ), status


@login_required
def registrations():
    return _registrations_page()


@login_required
def reveal_contact(user_id: int):
    """Show one registrant's full phone or e-mail on the page (not in a cookie, not in
    a link): the reveal is recorded with the reason given."""
    data = {"field": request.form.get("field", ""), "reason": request.form.get("reason", "")}
    try:
        value = reveal_personal_data(current_user, user_id, data, remote_addr=request.remote_addr)
    except ValidationFailed:
        flash(_("Give a reason (up to 200 characters) for seeing it; it is recorded."), "error")
        return _registrations_page(status=422)
    return _registrations_page({(user_id, data["field"]): value})


@login_required
def decide(user_id: int):
    approved = request.form.get("approved") == "yes"
    data = {"approved": approved, "reason": request.form.get("reason", "")}
    try:
        user = registration.decide_registration(current_user, user_id, data, remote_addr=request.remote_addr)
    except ValidationFailed as error:
        refusal = {"user_id": user_id, "reason": data["reason"], "error": error.fields.get("reason", "")}
        return _registrations_page(status=422, refusal=refusal)
    flash(
        _("%(name)s: verified.", name=user.name)
        if approved
        else _("%(name)s: refused; the reason has been sent to the applicant.", name=user.name),
        "success",
    )
    return redirect(url_for("parties.registrations"))
