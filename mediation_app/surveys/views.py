"""Survey and evaluation pages."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.actions import CASE
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.search import parse_search
from mediation_app.core.forms import show_errors
from mediation_app.core.links import link
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.surveys import operations
from mediation_app.surveys.evaluation import mediator_evaluation
from mediation_app.surveys.forms import SurveyForm
from mediation_app.surveys.permissions import CONCLUDED, party_of
from mediation_app.surveys.queries import answer_of
from mediation_app.types import utcnow
from workflows.deadlines import local_date


def survey_offer(case) -> dict | None:
    """For the case page (a template global): the survey as the current user's party
    sees it on a concluded case, or None when there is none to offer."""
    party_id = party_of(current_user, case)
    if party_id is None or case.state not in CONCLUDED:
        return None
    return {
        "answered": answer_of(case.id, party_id) is not None,
        "url": link("surveys.answer", case_id=case.id),
    }


@login_required
def answer(case_id: int):
    case = get_visible_case(current_user, case_id)
    CASE.require(current_user, case, "answer_survey")
    given = answer_of(case.id, party_of(current_user, case))
    form = SurveyForm()
    if given is None and form.validate_on_submit():
        try:
            operations.answer_survey(current_user, case_id, form.as_input(), remote_addr=request.remote_addr)
        except ValidationFailed as error:
            show_errors(form, error)
            return render_template("surveys/answer.html", case=case, form=form, given=None), 422
        flash(_("Thank you: your answer has been recorded."), "success")
        return redirect(url_for("cases.show_case", case_id=case_id))
    if given is not None and request.method == "POST":
        raise Conflict(_("Your side has already answered this survey."))
    return render_template("surveys/answer.html", case=case, form=form, given=given)


@login_required
def evaluation():
    """Per mediator of the centre: cases, outcomes, time taken, breaches, satisfaction."""
    require(current_user, "evaluate_mediators")
    search, errors = parse_search(request.args)
    errors = {k: v for k, v in errors.items() if k in ("filed_from", "filed_to")}
    rows = mediator_evaluation(
        current_user.centre_id, local_date(utcnow()), search.filed_from, search.filed_to
    )
    return render_template("surveys/evaluation.html", rows=rows, values=request.args, errors=errors), (
        422 if errors else 200
    )
