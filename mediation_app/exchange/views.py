"""Court exchange pages: a court's cases out as a file and delegated cases in from one
(its liaisons, staff); the courts' webhook endpoints and the delivery log (staff)."""

import io
import json

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.core.forms import show_errors
from mediation_app.core.workspace import may, require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.exchange import operations
from mediation_app.exchange.forms import EndpointForm, ExportForm, ImportForm
from mediation_app.exchange.labels import DELIVERY_LABELS, EVENT_LABELS
from mediation_app.exchange.presenters import delivery_out
from mediation_app.exchange.queries import (
    courts_for,
    deliveries_of,
    endpoints_of,
    period_cases,
)
from mediation_app.exchange.schemas import FORMAT, MAX_BATCH, DeliveryListQuery, Period

PAGE_SIZE = 50


def _user(action: str):
    return require(current_user._get_current_object(), action)


def _webhooks(user) -> dict:
    """The staff's part of the page: the endpoints and a page of the delivery log."""
    errors = {}
    try:
        query = DeliveryListQuery.parse({"before": request.args.get("before")})
    except ValidationFailed as error:  # only a page link gives one
        query, errors = DeliveryListQuery(), error.fields
    rows, before = deliveries_of(user, before_id=query.before, limit=PAGE_SIZE)
    return {
        "endpoints": endpoints_of(user),
        "deliveries": [delivery_out(delivery, attempts) for delivery, attempts in rows],
        "next_url": url_for("exchange.page", before=before) if before else None,
        "errors": errors,
    }


def _page(status: int = 200, *, errors: dict | None = None, **shown):
    """The page, with ``errors`` by field path (an export's, a batch's) and the forms as
    submitted (``export_form``, ``import_form``, ``endpoint_form``) or a secret ``shown``."""
    user = _user("exchange_court_cases")
    courts = [(court.court_code, f"{court.name} ({court.court_code})") for court in courts_for(user)]
    forms = {
        "export_form": ExportForm(formdata=request.args or None),
        "import_form": ImportForm(formdata=None),
        "endpoint_form": EndpointForm(formdata=None),
    } | shown
    forms["export_form"].court.choices = forms["endpoint_form"].court.choices = courts
    context = {"webhooks": may(user, "manage_court_webhooks"), "deliveries": [], "next_url": None}
    if context["webhooks"]:
        context |= _webhooks(user)
    context["errors"] = context.get("errors", {}) | (errors or {})
    return render_template(
        "exchange/exchange.html",
        max_batch=MAX_BATCH,
        webhook_event_labels=EVENT_LABELS,
        delivery_labels=DELIVERY_LABELS,
        **forms,
        **context,
    ), status


@login_required
def page():
    return _page()


@login_required
def download():
    """The court's cases of the period as one file, importable again (up to a batch's size)."""
    user = _user("exchange_court_cases")
    try:
        period = Period.parse(request.args.to_dict() | {"limit": 100})
        cases = [case.model_dump(mode="json") for case in period_cases(user, period)]
    except ValidationFailed as error:
        return _page(422, errors=error.fields)
    body = json.dumps({"format": FORMAT, "cases": cases}, ensure_ascii=False, indent=2).encode()
    name = f"法院案件-{period.court}-{period.from_ or ''}-{period.to or ''}.json"
    return send_file(io.BytesIO(body), mimetype="application/json", as_attachment=True, download_name=name)


def _batch_in(upload) -> dict:
    if upload is None or not upload.filename:
        raise ValidationFailed(fields={"file": _("Choose a file to import.")})
    try:
        data = json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise ValidationFailed(fields={"file": _("The file is not a JSON object in UTF-8.")})
    return data


@login_required
def upload():
    user = _user("exchange_court_cases")
    form = ImportForm()
    try:
        results = operations.import_cases(user, _batch_in(form.file.data), remote_addr=request.remote_addr)
    except (ValidationFailed, Conflict) as error:
        errors = error.fields or {"file": str(error.message)}
        return _page(409 if isinstance(error, Conflict) else 422, errors=errors, import_form=form)
    created = sum(1 for _case, new in results if new)
    known = len(results) - created
    message = _("%(created)d case(s) imported, %(known)d imported before.", created=created, known=known)
    flash(message, "success")
    return redirect(url_for("exchange.page"))


@login_required
def register():
    user = _user("manage_court_webhooks")
    form = EndpointForm()
    try:
        data = {"court": form.court.data, "url": form.url.data}
        endpoint, secret = operations.register_endpoint(user, data)
    except ValidationFailed as error:
        show_errors(form, error)
        return _page(422, endpoint_form=form)
    flash(_("The endpoint of %(court)s has been registered.", court=endpoint.court.name), "success")
    # The secret is shown on this answer only: never in a link, a cookie or a log.
    return _page(secret=secret, secret_court=endpoint.court.name)


@login_required
def replay(delivery_id: int):
    user = _user("manage_court_webhooks")
    try:
        operations.replay_delivery(user, delivery_id)
    except Conflict as error:
        flash(str(error.message), "error")
        return _page(409)
    flash(_("The delivery has been sent again."), "success")
    return redirect(url_for("exchange.page"))
