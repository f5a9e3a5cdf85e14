"""Uploading and downloading evidence from the case page."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.views import render_case
from mediation_app.core.forms import show_errors
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.evidence.delivery import receive_upload, send_evidence
from mediation_app.evidence.forms import EvidenceForm


@login_required
def upload(case_id: int):
    form = EvidenceForm()  # CSRFProtect has checked the token; the operation checks the rest
    try:
        evidence = receive_upload(current_user, case_id)
    except ValidationFailed as error:
        show_errors(form, error)
        return render_case(get_visible_case(current_user, case_id), evidence_form=form, status=422)
    except Conflict as error:
        flash(str(error.message), "error")
        return render_case(get_visible_case(current_user, case_id), status=409)
    flash(_("%(name)s has been added to the case.", name=evidence.original_name), "success")
    return redirect(url_for("cases.show_case", case_id=case_id))


@login_required
def download(evidence_id: int):
    return send_evidence(current_user, evidence_id)
