"""Case pages: thin faces over the same operations as the API."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from mediation_app.cases import operations, queries, sections
from mediation_app.cases.actions import available_actions
from mediation_app.cases.audit import verify_case
from mediation_app.cases.conflicts import suggest_mediators
from mediation_app.cases.forms import ExtensionForm, FileCaseForm, TransitionForm
from mediation_app.cases.inputs import listed_mediators
from mediation_app.cases.intake import duplicates_at_intake, possible_duplicates
from mediation_app.cases.search import MAX_ID, MAX_TERM, SORTS, parse_cursor, parse_search
from mediation_app.cases.triggers import BY_NAME
from mediation_app.cases.workbench import queue_of
from mediation_app.core.forms import show_errors
from mediation_app.core.workspace import may, require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.types import utcnow
from workflows.case_workflow import FINAL_TRIGGERS, TRIGGERS
from workflows.roles import Role

PAGE_SIZE = 20


@login_required
def index():
    if current_user.role is Role.STAFF:
        return redirect(url_for("reporting.dashboard"))
    if current_user.role is Role.MEDIATOR:
        return redirect(url_for("cases.queue"))
    if current_user.role is Role.FEDERATION:
        return redirect(url_for("federation.rollup"))
    return redirect(url_for("cases.list_cases"))


@login_required
def list_cases():
    """The cases the user may see, with the search form (same parameters as the API)."""
    require(current_user, "list_cases")
    search, errors = parse_search(request.args)
    after = None
    if "sort" not in errors:
        try:
            after = parse_cursor(request.args.get("cursor", ""), search.sort)
        except ValueError:
            abort(400)  # a broken or tampered link: nothing typed into the form
    page, next_url = [], None
    if not errors:
        page, next_cursor = queries.list_cases(current_user, search, after=after, limit=PAGE_SIZE)
        if next_cursor:
            # The cursor first, then the filters: the next page is the same search.
            next_url = url_for("cases.list_cases", cursor=next_cursor, **search.query_args())
    return render_template(
        "cases/list.html",
        cases=page,
        search=search,
        values=request.args,
        errors=errors,
        sorts=SORTS,
        mediators=queries.mediators_to_filter_by(current_user),
        max_term=MAX_TERM,
        next_url=next_url,
    ), (422 if errors else 200)


@login_required
def new_case():
    require(current_user, "file_case")
    form = FileCaseForm()
    if current_user.centre_id is not None:
        form.preferred_mediator_ids.choices = [
            SelectChoice(mediator_id, name) for mediator_id, name in listed_mediators(current_user.centre_id)
        ]
    if current_user.role is Role.COURT_LIAISON and not form.is_submitted():
        form.source.data = "court_delegated"
    status = 200
    if form.validate_on_submit():
        try:
            case = operations.file_case(
                current_user,
                form.as_input(),
                submission_key=form.submission_key.data,
                remote_addr=request.remote_addr,
            )
        except ValidationFailed as error:
            status = 422
            show_errors(form, error)
        else:
            flash(_("Case %(number)s has been filed.", number=case.number), "success")
            return redirect(url_for("cases.show_case", case_id=case.id))
    return render_template("cases/new.html", form=form), status


def _suggestion_label(suggestion) -> str:
    label = _("%(name)s (%(n)d open cases)", name=suggestion.mediator.name, n=suggestion.open_cases)
    if suggestion.preferred:
        label += " · " + _("preferred by the filer")
    if suggestion.industry_match:
        label += " · " + _("industry specialist")
    if suggestion.conflicts:
        label += " · ⚠ " + "; ".join(suggestion.conflicts)
    return label


def _transition_forms(case, actions: list[str]) -> dict:
    forms = {}
    roster = None
    for trigger in (name for name in actions if name in TRIGGERS):
        form = sections.posted(("transition", trigger)) or TransitionForm(formdata=None, version=case.version)
        if "mediator_id" in BY_NAME[trigger].fields:
            roster = roster if roster is not None else suggest_mediators(case)
            form.mediator_id.choices = [
                SelectChoice(s.mediator.id, _suggestion_label(s))
                for s in roster
                if s.mediator.id != case.mediator_id
            ]
        forms[trigger] = form
    return forms


def render_case(case, status: int = 200):
    """The case page; a form posted and refused is shown again with its errors (``submit``)."""
    actions = available_actions(current_user, case)
    extension_form = None
    if "extend_deadline" in actions:
        extension_form = sections.posted("extension") or ExtensionForm(formdata=None, version=case.version)
    return render_template(
        "cases/show.html",
        case=case,
        timeline=queries.timeline(case, current_user),
        chain_break=verify_case(case.id),
        **sections.context(case, current_user),
        duplicates=duplicates_at_intake(case) if may(current_user, "manage_intake") else None,
        recusals=queries.recusal_requests_of(case),
        actions=actions,
        extension_form=extension_form,
        now=utcnow(),
        forms=_transition_forms(case, actions),
        fields={name: declared.fields for name, declared in BY_NAME.items()},
        final_triggers=FINAL_TRIGGERS,
    ), status


@login_required
def show_case(case_id: int):
    return render_case(queries.get_visible_case(current_user, case_id))


def parse_after(raw: str) -> int | None:
    """A ``?after=<case id>`` position in a list by id; ValueError unless it is one."""
    if not raw:
        return None
    if not (len(raw) <= 10 and raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID):
        raise ValueError(raw)
    return int(raw)


@login_required
def duplicates(case_id: int):
    """Every possible duplicate of a case, oldest first, a page at a time (staff, at intake)."""
    require(current_user, "manage_intake")
    case = queries.get_visible_case(current_user, case_id)
    try:
        after = parse_after(request.args.get("after", ""))
    except ValueError:
        abort(400)  # a broken or tampered link
    page = possible_duplicates(case, after=after, limit=PAGE_SIZE + 1)
    next_url = None
    if len(page) > PAGE_SIZE:
        next_url = url_for("cases.duplicates", case_id=case.id, after=page[PAGE_SIZE - 1].id)
    return render_template("cases/duplicates.html", case=case, cases=page[:PAGE_SIZE], next_url=next_url)


@login_required
def transition(case_id: int, trigger: str):
    def fire(form):
        if not form.validate_on_submit():
            raise ValidationFailed()  # the form's own errors are on its fields
        if trigger in FINAL_TRIGGERS and not form.confirm.data:
            raise ValidationFailed(fields={"confirm": _("Please confirm: this step cannot be undone.")})
        return operations.transition_case(
            current_user, case_id, form.as_input(trigger), remote_addr=request.remote_addr
        )

    return submit(case_id, ("transition", trigger), TransitionForm(), fire, _("Done."))


@login_required
def extend_deadline(case_id: int):
    return submit(
        case_id,
        "extension",
        ExtensionForm(),
        lambda form: operations.extend_deadline(
            current_user, case_id, form.as_input(), remote_addr=request.remote_addr
        ),
        _("The time limit has been extended."),
    )


def submit(case_id: int, key, form, operation: Callable, done: str | Callable, anchor: str = ""):
    """The case page's one submit-or-rerender helper: run ``operation(form)``; then back
    to the case page with ``done`` (or ``done(result)``), or the page again with the form
    beside its errors (422 for bad input, 409 when the case does not allow it now)."""
    try:
        result = operation(form)
    except (ValidationFailed, Conflict) as error:
        show_errors(form, error)
        if isinstance(error, Conflict):
            flash(str(error.message), "error")
        sections.remember(key, form)
        status = 409 if isinstance(error, Conflict) else 422
        return render_case(queries.get_visible_case(current_user, case_id), status=status)
    flash(done(result) if callable(done) else str(done), "success")
    return redirect(url_for("cases.show_case", case_id=case_id) + anchor)


def submit_post(case_id: int, done: str, operation: Callable, *args):
    """``submit`` for a small post with no form object (a button, a reason):
    ``operation(user, *args)``, its errors shown as messages."""
    return submit(
        case_id,
        None,
        None,
        lambda _form: operation(current_user, *args, remote_addr=request.remote_addr),
        done,
    )


def _form_version() -> int | str:
    version = request.form.get("version", "")
    return int(version) if version.isascii() and version.isdigit() else version


@login_required
def respondent_consent(case_id: int):
    data = {"version": _form_version(), "channel": request.form.get("channel")}
    return submit_post(
        case_id,
        _("The respondent's agreement to mediate is recorded."),
        operations.record_consent,
        case_id,
        data,
    )


@login_required
def request_recusal(case_id: int):
    return submit_post(
        case_id,
        _("Your request that the mediator withdraw has been sent to the centre."),
        operations.request_recusal,
        case_id,
        {"grounds": request.form.get("grounds")},
    )


@login_required
def decide_recusal(case_id: int):
    granted = request.form.get("granted") == "yes"
    mediator_id = request.form.get("mediator_id", "")
    data = {
        "granted": granted,
        "note": request.form.get("note"),
        "version": _form_version(),
        "mediator_id": int(mediator_id) if mediator_id.isascii() and mediator_id.isdigit() else None,
        "override_reason": request.form.get("override_reason"),
    }
    return submit_post(
        case_id, _("The recusal request has been decided."), operations.decide_recusal, case_id, data
    )


@login_required
def queue():
    require(current_user, "work_queue")
    now = utcnow()
    return render_template("cases/queue.html", entries=queue_of(current_user, now), now=now)


@login_required
def declare_conflict():
    require(current_user, "declare_conflict")
    try:
        operations.declare_conflict(
            current_user,
            {"uscc": request.form.get("uscc"), "reason": request.form.get("reason")},
            remote_addr=request.remote_addr,
        )
    except ValidationFailed as error:
        for message in error.fields.values():
            flash(message, "error")
        return redirect(url_for("cases.queue"))
    flash(_("Your declaration is recorded: you will be flagged for this enterprise's cases."), "success")
    return redirect(url_for("cases.queue"))


def confirmed() -> bool:
    """Irreversible page actions carry a ticked confirmation box."""
    if request.form.get("confirm") == "yes":
        return True
    flash(_("Please tick the confirmation box first."), "error")
    return False
