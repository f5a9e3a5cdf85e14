"""Case pages: thin faces over the same operations as the API."""

from collections.abc import Callable
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from mediation_app.cases import operations, queries, sections
from mediation_app.cases.actions import available_actions
from mediation_app.cases.audit import verify_case
from mediation_app.cases.conflicts import suggest_mediators
from mediation_app.cases.forms import INDUSTRY_LABELS, ExtensionForm, FileCaseForm, TransitionForm
from mediation_app.cases.hooks import first_session_ahead
from mediation_app.cases.inputs import listed_mediators
from mediation_app.cases.intake import duplicates_at_intake, possible_duplicates
from mediation_app.cases.labels import ACTION_LABELS, ACTION_PLACES, DESTRUCTIVE, NEXT_STEP, TRIGGER_DONE
from mediation_app.cases.search import MAX_ID, MAX_TERM, SORTS, parse_cursor, parse_search
from mediation_app.cases.triggers import BY_NAME
from mediation_app.cases.workbench import overdue, queue_of, sessions_this_week
from mediation_app.core.forms import show_errors
from mediation_app.core.workspace import may, require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.types import utcnow
from workflows.case_workflow import FINAL_TRIGGERS, TRIGGERS
from workflows.roles import Role

PAGE_SIZE = 20
# Each trigger's inputs in the order the form declares them (its schema's order is the API's).
TRIGGER_FIELDS = {
    name: sorted(declared.fields, key=lambda field: getattr(TransitionForm, field).creation_counter)
    for name, declared in BY_NAME.items()
}


# Each role starts where its work is; the others at their list of cases.
LANDING = {
    Role.STAFF: "reporting.dashboard",
    Role.MEDIATOR: "cases.queue",
    Role.COURT_LIAISON: "court.workspace",
    Role.FEDERATION: "federation.rollup",
}


@login_required
def index():
    return redirect(url_for(LANDING.get(current_user.role, "cases.list_cases")))


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


def _transition_forms(case, actions: list[str]) -> dict:
    return {
        trigger: sections.posted(("transition", trigger))
        or TransitionForm(formdata=None, version=case.version)
        for trigger in actions
        if trigger in TRIGGERS
    }


def _mediator_choices(case, forms: dict) -> list:
    """The mediators a choosing form offers (the roster, best first, but the case's own)."""
    if not any("mediator_id" in BY_NAME[trigger].fields for trigger in forms):
        return []
    return [s for s in suggest_mediators(case) if s.mediator.id != case.mediator_id]


def plan_actions(actions: list[str]) -> tuple[str | None, list[str], list[str]]:
    """The page's one main action (the first of ``NEXT_STEP`` the user may take now),
    the other steps, and those that end the case against its course (set apart)."""
    primary = next((name for name in NEXT_STEP if name in actions), None)
    triggers = [name for name in actions if name in TRIGGERS]
    destructive = [name for name in triggers if name in DESTRUCTIVE]
    others = [name for name in triggers if name not in DESTRUCTIVE and name != primary]
    return primary, others, destructive


def render_case(case, status: int = 200, refused_part: str | None = None):
    """The case page; a form posted and refused is shown again with its errors (``submit``),
    in its part of the page (``refused_part``), opened."""
    actions = available_actions(current_user, case)
    extension_form = None
    if "extend_deadline" in actions:
        extension_form = sections.posted("extension") or ExtensionForm(formdata=None, version=case.version)
    forms = _transition_forms(case, actions)
    primary, other_steps, destructive = plan_actions(actions)
    now = utcnow()
    # An agreement is reached at a session: while every session is still to come, the
    # main step says when it becomes possible instead of offering a form to be refused.
    session_ahead = None
    if primary == "record_agreement":
        session_ahead = next((first for first in first_session_ahead(case=case, now=now) if first), None)
    return render_template(
        "cases/show.html",
        case=case,
        timeline=queries.timeline(case, current_user),
        chain_break=verify_case(case.id),
        **sections.context(case, current_user),
        duplicates=duplicates_at_intake(case) if may(current_user, "manage_intake") else None,
        recusals=queries.recusal_requests_of(case),
        actions=actions,
        primary=primary,
        session_ahead=session_ahead,
        next_step=NEXT_STEP,
        action_places=ACTION_PLACES,
        action_labels=ACTION_LABELS,
        other_steps=other_steps,
        destructive=destructive,
        refused_part=refused_part,
        extension_form=extension_form,
        now=now,
        forms=forms,
        mediator_choices=_mediator_choices(case, forms),
        industry_labels=INDUSTRY_LABELS,
        fields=TRIGGER_FIELDS,
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

    return submit(case_id, ("transition", trigger), TransitionForm(), fire, partial(done_message, trigger))


def done_message(trigger: str, case) -> str:
    """What the page says after ``trigger`` fired on ``case`` (one table, ``TRIGGER_DONE``)."""
    mediator = case.mediator.name if case.mediator else ""
    return str(TRIGGER_DONE[trigger]) % {"mediator": mediator}


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
        case = queries.get_visible_case(current_user, case_id)
        return render_case(case, status=status, refused_part=_part_of(key, anchor))
    flash(done(result) if callable(done) else str(done), "success")
    return redirect(url_for("cases.show_case", case_id=case_id) + anchor)


def _part_of(key, anchor: str) -> str | None:
    """The part of the case page (its ``id``) that holds the form posted under ``key``."""
    if isinstance(key, tuple):  # ("transition", trigger)
        return "ending" if key[1] in DESTRUCTIVE else "more-actions"
    return anchor.lstrip("#") or key


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
    entries = queue_of(current_user, now)
    return render_template(
        "cases/queue.html",
        entries=entries,
        week=sessions_this_week(entries, now),
        overdue=overdue(entries, now),
        now=now,
    )


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
