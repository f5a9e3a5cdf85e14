"""The group pages: filing a group (typed members or a workbook), and the group page
with its members, totals and the group's actions. Thin: each calls one operation."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation_app.cases.forms import INDUSTRY_LABELS
from mediation_app.cases.labels import STATE_LABELS
from mediation_app.core.forms import show_errors
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.groups import operations, queries
from mediation_app.groups.actions import GROUP, recordable
from mediation_app.groups.forms import AssignGroupForm, FileGroupForm, GroupAgreementsForm
from mediation_app.groups.presenters import group_out
from mediation_app.groups.queries import centre_groups, visible_group, waiting_suggestions
from mediation_app.groups.schemas import GroupListQuery

# A member's fields as the form names them, in its errors ("Respondent 3: claim amount: …").
MEMBER_LABELS = {
    "applicant": _l("Enterprise name"),
    "applicant.name": _l("Enterprise name"),
    "applicant.uscc": _l("Unified social credit code"),
    "respondent": _l("Enterprise name"),
    "respondent.name": _l("Enterprise name"),
    "respondent.uscc": _l("Unified social credit code"),
    "claim_amount": _l("Claim amount (yuan)"),
    "summary": _l("Facts and matters in dispute"),
}
COLUMN_LABELS = [MEMBER_LABELS[column.replace("party", "respondent")] for column in operations.COLUMNS]


def _show_errors(form: FileGroupForm, error: ValidationFailed) -> None:
    """A member's error beside the typed members (``members.<i>.x``) or the workbook
    (``rows.<row>.x``), saying which member or row and which of its fields; the
    others beside their fields."""
    rest = {}
    for name, message in error.fields.items():
        kind, _dot, tail = name.partition(".")
        place, _dot, column = tail.partition(".")
        if kind in ("members", "rows") and place.isdigit():
            where = _("Member %(n)d", n=int(place) + 1) if kind == "members" else _("Row %(n)d", n=int(place))
            target = form.members if kind == "members" else form.file
            target.errors = [*target.errors, f"{where}: {MEMBER_LABELS.get(column, column)}: {message}"]
        else:
            rest[name] = message
    show_errors(form, ValidationFailed(fields=rest))


def _file(form: FileGroupForm):
    options = {"submission_key": form.submission_key.data, "remote_addr": request.remote_addr}
    upload = form.file.data
    if upload and upload.filename:
        return operations.import_group(current_user, upload.stream, form.shared(), **options)
    return operations.file_group(current_user, form.as_input(), **options)


@login_required
def list_groups():
    staff = require(current_user, "list_case_groups")
    try:
        before = GroupListQuery.parse(request.args.to_dict()).before
    except ValidationFailed:
        before = None  # a hand-edited link: the first page
    summaries = centre_groups(staff.centre_id, before=before)
    older = summaries[-1].group.id if len(summaries) == queries.MAX_LISTED else None
    return render_template(
        "groups/list.html",
        summaries=summaries,
        before=before,
        next_url=url_for("groups.list_groups", before=older) if older else None,
        state_labels=STATE_LABELS,
    )


@login_required
def new_group():
    require(current_user, "file_case_group")
    form = FileGroupForm()
    status = 200
    if form.validate_on_submit():
        try:
            group = _file(form)
        except ValidationFailed as error:
            status = 422
            _show_errors(form, error)
        else:
            flash(_("Serial cases %(number)s have been filed.", number=group.number), "success")
            return redirect(url_for("groups.show_group", group_id=group.id))
    return render_template(
        "groups/new.html", form=form, columns=[str(label) for label in COLUMN_LABELS]
    ), status


def _group_page(group_id: int, form: AssignGroupForm | None = None, status: int = 200):
    seen = visible_group(current_user, group_id)
    shown = group_out(seen, current_user)
    if form is None:
        form = AssignGroupForm(formdata=None)
    suggestions = []
    if "assign_group" in shown.allowed_actions:
        # ranked for the members waiting for a mediator, each screened for conflicts
        suggestions = waiting_suggestions(seen)
    return render_template(
        "groups/show.html",
        seen=seen,
        group=shown,
        form=form,
        suggestions=suggestions,
        industry_labels=INDUSTRY_LABELS,
        state_labels=STATE_LABELS,
    ), status


@login_required
def show_group(group_id: int):
    return _group_page(group_id)


@login_required
def assign_group(group_id: int):
    GROUP.refuse_roles(current_user, "assign_group")
    form = AssignGroupForm()
    try:
        outcome = operations.assign_group(
            current_user, group_id, {"mediator_id": form.mediator_id.data}, remote_addr=request.remote_addr
        )
    except ValidationFailed as error:
        show_errors(form, error)
        return _group_page(group_id, form, 422)
    except Conflict as error:
        flash(str(error.message), "error")
        return _group_page(group_id, form, 409)
    assigned = [result for result in outcome.members if result.assigned]
    flash(_("%(n)d of %(total)d members assigned.", n=len(assigned), total=len(outcome.members)), "success")
    for result in outcome.members:
        if not result.assigned:
            flash(f"{result.case.number}: {'; '.join(result.reasons)}", "error")
    return redirect(url_for("groups.show_group", group_id=group_id))


def _show_member_errors(form: GroupAgreementsForm, error: ValidationFailed) -> None:
    """``members.<i>.x`` beside the field of the i-th chosen line that has that name
    (the member's other refusals beside its amount); the rest beside the common fields."""
    chosen, rest = form.chosen(), {}
    lines = {id(row): line for line, row in enumerate(form.members, start=1)}
    for name, message in error.fields.items():
        kind, _dot, tail = name.partition(".")
        place, _dot, column = tail.partition(".")
        if kind == "members" and place.isdigit() and int(place) < len(chosen):
            row = chosen[int(place)]
            field = column.partition(".")[0]
            target = getattr(row.form, field) if field in row.form._fields else row.form.agreed_amount
            target.errors = [*target.errors, message]
            where = _("Line %(n)d", n=lines[id(row)])
            form.members.errors = [*form.members.errors, f"{where}: {message}"]
        else:
            rest[name] = message
    show_errors(form, ValidationFailed(fields=rest))


@login_required
def record_agreements(group_id: int):
    """The mediator's agreements for several members at once: a line per member in
    mediation with them, common terms, a confirmation; all recorded or none."""
    GROUP.refuse_roles(current_user, "record_group_agreements")
    seen = visible_group(current_user, group_id)
    GROUP.require(current_user, seen, "record_group_agreements")
    cases = recordable(current_user, seen)
    form = GroupAgreementsForm()
    if request.method == "GET":
        form = GroupAgreementsForm(members=[{"case_id": c.id, "version": c.version} for c in cases])
    status = 200
    if form.validate_on_submit():
        try:
            if not form.chosen():
                raise ValidationFailed(fields={"members": _("Choose at least one member.")})
            if not form.confirm.data:
                raise ValidationFailed(fields={"confirm": _("Please confirm: agreements will be issued.")})
            recorded = operations.record_group_agreements(
                current_user, group_id, form.as_input(), remote_addr=request.remote_addr
            )
        except ValidationFailed as error:
            status = 422
            _show_member_errors(form, error)
        except Conflict as error:
            status = 409
            flash(str(error.message), "error")
        else:
            flash(_("%(n)d agreements issued for signature.", n=len(recorded)), "success")
            return redirect(url_for("groups.show_group", group_id=group_id))
    return render_template(
        "groups/agreements.html",
        group=seen.group,
        form=form,
        cases={str(case.id): case for case in cases},
    ), status
