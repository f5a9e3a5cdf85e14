"""Agent pages: the appointment form (with its letter) and the revocation."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.agents import operations
from mediation_app.agents.actions import CASE
from mediation_app.agents.delivery import receive_appointment
from mediation_app.agents.forms import AgentForm
from mediation_app.cases.permissions import party_of
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.views import submit
from mediation_app.core.forms import show_errors
from mediation_app.errors import Conflict, ValidationFailed


@login_required
def appoint(case_id: int):
    case = get_visible_case(current_user, case_id)
    CASE.require(current_user, case, "appoint_agent")
    own = party_of(current_user, case)
    posted = request.method == "POST"
    form = AgentForm(formdata=request.form if posted else None, data={"party": own, "scope": "general"})
    status = 200
    if posted and form.validate_on_submit():
        try:
            agent, password = receive_appointment(current_user, case.id)
        except ValidationFailed as error:
            show_errors(form, error)
            status = 422
        except Conflict as error:
            flash(str(error.message), "error")
            status = 409
        else:
            flash(_("%(name)s now acts for the party.", name=agent.name), "success")
            if password:  # shown on this answer only, never kept in the session's messages
                return render_template("agents/account_made.html", case=case, agent=agent, password=password)
            return redirect(url_for("cases.show_case", case_id=case.id) + "#agents")
    elif posted:
        status = 422
    return render_template("agents/appoint.html", case=case, form=form, own=own), status


@login_required
def revoke(case_id: int, agent_id: int):
    # who may, before what they sent: the confirmation is asked only of those who may
    CASE.require(current_user, get_visible_case(current_user, case_id), "revoke_agent")

    def operation(_form):
        if request.form.get("confirm") != "yes":
            unconfirmed = _("Tick the box to confirm that the authorisation ends.")
            raise ValidationFailed(fields={"confirm": unconfirmed})
        return operations.revoke_agent(current_user, case_id, agent_id, remote_addr=request.remote_addr)

    return submit(
        case_id,
        "agents",
        None,
        operation,
        lambda agent: _("%(name)s no longer acts for the party.", name=agent.name),
        "#agents",
    )
