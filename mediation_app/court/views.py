"""Court-linkage pages: the case page's forms, the liaison's workspace and queues."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation_app.cases.models import CaseSource
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.views import submit
from mediation_app.core.types import MAX_ID
from mediation_app.core.workspace import require
from mediation_app.court import operations
from mediation_app.court.actions import CASE
from mediation_app.court.delivery import receive_letter, send_package
from mediation_app.court.export import EXPORT_HEADINGS, export_row
from mediation_app.court.forms import (
    AcknowledgeForm,
    ApplicationForm,
    LetterForm,
    OutcomeForm,
    PaymentForm,
    VisitForm,
)
from mediation_app.court.labels import FLAG_LABELS
from mediation_app.court.queries import (
    WORKSPACE_FLAGS,
    WorkspaceFilter,
    is_flagged,
    outcome_counts,
    workspace_rows,
)
from mediation_app.errors import ValidationFailed
from mediation_app.spreadsheets import send_workbook
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date
from workflows.roles import Role


def _submit(case_id: int, key: str, form, operation, done: str):
    return submit(case_id, key, form, lambda form: operation(form.as_input()), done, anchor="#court")


def _case_form(name: str, key: str, form_class, operation, done):
    """The page view ``name`` that submits ``form_class`` to ``operation(user, case_id, data)``."""

    @login_required
    def view(case_id: int):
        def run(data):
            return operation(current_user, case_id, data, remote_addr=request.remote_addr)

        return _submit(case_id, key, form_class(), run, str(done))

    view.__name__ = view.__qualname__ = name
    return view


record_payment = _case_form(
    "record_payment", "payment", PaymentForm, operations.record_payment, _l("The payment has been recorded.")
)
record_visit = _case_form(
    "record_visit", "visit", VisitForm, operations.record_visit, _l("The follow-up visit has been recorded.")
)
acknowledge = _case_form(
    "acknowledge",
    "acknowledge",
    AcknowledgeForm,
    operations.acknowledge_referral,
    _l("Receipt of the referral has been acknowledged."),
)
record_confirmation = _case_form(
    "record_confirmation",
    "outcome",
    OutcomeForm,
    operations.record_confirmation,
    _l("The court's decision has been recorded."),
)


@login_required
def attach_letter(case_id: int):
    return _submit(
        case_id,
        "letter",
        LetterForm(),
        lambda _data: receive_letter(current_user, case_id),
        _("The delegation letter has been attached."),
    )


@login_required
def apply_for_confirmation(case_id: int):
    form = ApplicationForm()

    def apply(data):
        case = get_visible_case(current_user, case_id)
        # Asked only of those who may apply now: anyone else hears 403 / 409 from the operation.
        if CASE.allows(current_user, case, "apply_for_confirmation") and not form.confirm.data:
            raise ValidationFailed(fields={"confirm": _("Please confirm that both parties signed.")})
        return operations.apply_for_confirmation(current_user, case_id, data, remote_addr=request.remote_addr)

    return _submit(
        case_id, "application", form, apply, _("The joint application has been recorded and issued.")
    )


@login_required
def download_package(case_id: int):
    return send_package(current_user, case_id)


# --- the liaison's workspace ------------------------------------------------------------------


PAGE_SIZE = 50


def _workspace_filter() -> tuple[WorkspaceFilter, dict]:
    """The filters of the workspace and its export, from the query string."""
    args, errors = request.args, {}
    state, source, flag = args.get("state") or None, args.get("source") or None, args.get("flag") or None
    if state is not None and state not in {s.value for s in CaseState}:
        errors["state"], state = _("unknown state"), None
    if source is not None and source not in {s.value for s in CaseSource}:
        errors["source"], source = _("unknown source"), None
    if flag is not None and flag not in WORKSPACE_FLAGS:
        errors["flag"], flag = _("unknown filter"), None
    return WorkspaceFilter(CaseState(state) if state else None, source, flag), errors


@login_required
def workspace():
    """The court's cases with state, mediator, deadline and outcome, filtered: a
    liaison's own court's, or for staff every court's (their referral queue)."""
    user = require(current_user._get_current_object(), "court_workspace")
    where, errors = _workspace_filter()
    now = utcnow()
    before = request.args.get("before", "")
    before_id = None
    if len(before) <= 10 and before.isascii() and before.isdigit() and 1 <= int(before) <= MAX_ID:
        before_id = int(before)
    elif before:  # only a page link gives one: an id of a case, never beyond the column
        errors["before"] = _("is not a cursor this list gave out")
    rows, next_id = workspace_rows(user, where, local_date(now), before_id=before_id, limit=PAGE_SIZE)
    query = {k: v for k, v in request.args.items() if k != "before" and v}
    return render_template(
        "court/workspace.html",
        rows=rows,
        counts=outcome_counts(user, local_date(now), now),
        values=request.args,
        errors=errors,
        flags=FLAG_LABELS,
        now=now,
        flagged=lambda referral: is_flagged(referral, now),
        all_courts=user.role is Role.STAFF,
        next_url=url_for("court.workspace", before=next_id, **query) if next_id else None,
        export_url=url_for("court.export", **query),
    ), (422 if errors else 200)


@login_required
def export():
    """The workspace's list as an Excel workbook, with the same filters (every page)."""
    user = require(current_user._get_current_object(), "court_workspace")
    where, _errors = _workspace_filter()
    today = local_date(utcnow())

    def rows():
        before = None
        while True:
            page, before = workspace_rows(user, where, today, before_id=before, limit=500)
            yield from (export_row(row) for row in page)
            if before is None:
                return

    return send_workbook(
        [str(h) for h in EXPORT_HEADINGS],
        rows(),
        download_name=f"法院案件-{today.isoformat()}.xlsx",
        title="cases",
    )
