"""Survey and evaluation pages."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.actions import CASE
from mediation_app.cases.queries import get_visible_case
from mediation_app.core.forms import show_errors
from mediation_app.core.links import link
from mediation_app.core.workspace import require
from mediation_app.documents.centre_signature import signer_for
from mediation_app.documents.render import render_pdf
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.spreadsheets import send_workbook
from mediation_app.surveys import exports, operations
from mediation_app.surveys.forms import StarRuleForm, SurveyForm
from mediation_app.surveys.period import evaluation_period
from mediation_app.surveys.permissions import CONCLUDED, party_of
from mediation_app.surveys.queries import answer_of
from mediation_app.surveys.stars import evaluate
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


def _evaluated(args):
    """The centre's evaluation for the period ``args`` ask for, and their errors."""
    staff = require(current_user, "evaluate_mediators")
    today = local_date(utcnow())
    period, errors = evaluation_period(args, today)
    rows, rule, chosen = evaluate(staff.centre_id, period.first, period.last, today)
    return period, rows, rule, chosen, errors


@login_required
def evaluation(rule_form=None, status: int = 200):
    """Per mediator of the centre: cases, outcomes, time taken, breaches, satisfaction,
    training, and the shortlist of outstanding mediators by the centre's rule."""
    period, rows, rule, chosen, errors = _evaluated(request.args)
    return render_template(
        "surveys/evaluation.html",
        rows=rows,
        period=period,
        chosen=chosen,
        rule=rule,
        rule_form=rule_form or StarRuleForm(formdata=None, obj=rule),
        values=request.args,
        errors=errors,
    ), (422 if errors else status)


@login_required
def save_rule():
    require(current_user, "evaluate_mediators")
    form = StarRuleForm()
    try:
        operations.save_star_rule(current_user, form.as_input())
    except ValidationFailed as error:
        show_errors(form, error)
        return evaluation(rule_form=form, status=422)
    flash(_("The rule for the shortlist is saved."), "success")
    return redirect(url_for("surveys.evaluation"))


@login_required
def export_workbook():
    period, rows, _rule, chosen, errors = _evaluated(request.args)
    if errors:
        raise ValidationFailed(fields=errors)
    headings, table = exports.table(rows, chosen)
    return send_workbook(headings, table, download_name=exports.file_name(period, "xlsx"), title="调解员考评")


@login_required
def export_pdf():
    period, rows, rule, chosen, errors = _evaluated(request.args)
    if errors:
        raise ValidationFailed(fields=errors)
    centre = current_user.centre
    pdf = render_pdf(
        exports.KIND, exports.pdf_context(centre, period, rows, rule, chosen), signer=signer_for(centre)
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{exports.file_name(period, "pdf")}"'},
    )
