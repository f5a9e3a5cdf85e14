"""Ledger pages (staff): export the ledger, upload a historical one and follow its import."""

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.queries import visible_to
from mediation_app.cases.search import parse_search
from mediation_app.core.workspace import require
from mediation_app.ledger import jobs, queries
from mediation_app.ledger.columns import COLUMNS, SHEET_TITLE
from mediation_app.ledger.forms import LedgerUploadForm
from mediation_app.ledger.labels import IMPORT_LABELS
from mediation_app.reporting.queries import totals
from mediation_app.spreadsheets import send_workbook
from mediation_app.types import utcnow
from workflows.deadlines import local_date


def _labels() -> dict[str, str]:
    return {status: str(label) for status, label in IMPORT_LABELS.items()}


def _staff() -> None:
    require(current_user, "keep_ledger")


def _page(form: LedgerUploadForm, status: int = 200):
    search, errors = parse_search(request.args)
    return render_template(
        "ledger/index.html",
        form=form,
        search=search,
        values=request.args,
        errors=errors,
        imports=[jobs.checked(record) for record in queries.recent_imports(current_user)],
        import_labels=_labels(),
        columns=COLUMNS,
        totals=totals(current_user.centre_id),
    ), status


@login_required
def index():
    _staff()
    return _page(LedgerUploadForm(formdata=None))


@login_required
def export():
    """The ledger of the centre's cases matching the case list's filters, as .xlsx."""
    _staff()
    search, errors = parse_search(request.args)
    if errors:
        abort(400)  # the page's form sends only valid filters
    name = f"案件台账-{current_user.centre.code}-{local_date(utcnow()).isoformat()}.xlsx"
    rows = queries.ledger_rows(visible_to(current_user), search)
    return send_workbook(COLUMNS, rows, download_name=name, title=SHEET_TITLE)


@login_required
def upload():
    _staff()
    form = LedgerUploadForm()
    upload = form.file.data
    if not form.validate_on_submit() or not upload or not upload.filename:
        form.file.errors = [*form.file.errors, _("Choose the ledger workbook to import.")]
        return _page(form, 422)
    record = jobs.start_import(
        current_user, upload.read(), file_name=upload.filename, valid_only=bool(form.valid_only.data)
    )
    return redirect(url_for("ledger.show_import", import_id=record.id))


@login_required
def show_import(import_id: int):
    record = queries.get_import(current_user, import_id)
    return render_template(
        "ledger/import.html",
        record=record,
        state=jobs.import_status(record),
        import_labels=_labels(),
        report_limit=jobs.REPORT_LIMIT,
    )


@login_required
def import_status(import_id: int):
    """The import's progress as JSON, polled by its page while it runs."""
    return jsonify(jobs.import_status(queries.get_import(current_user, import_id)))
