"""The federation's roll-up page and its Excel export: figures of its centres over a
period (a month, a quarter, a year or a range), never a case."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation_app.federation.queries import PeriodRollUp, federation_of, period_roll_up
from mediation_app.reporting.charts import bar_chart
from mediation_app.reporting.presenters import Panel, trend_panels
from mediation_app.reporting.schemas import PeriodQuery
from mediation_app.spreadsheets import send_workbook
from mediation_app.types import utcnow
from workflows.deadlines import local_date


def _roll_up(args) -> tuple[PeriodRollUp, dict]:
    """The caller's roll-up for the period in ``args`` (the last twelve months when it
    is refused), and the period's field errors."""
    federation = federation_of(current_user)
    period, errors = PeriodQuery.period_or_default(args, local_date(utcnow()))
    return period_roll_up(federation, period), errors


def _label(name: str, subtotal: bool) -> str:
    return _("%(name)s, subtotal", name=name) if subtotal else name


@login_required
def rollup():
    rollup, errors = _roll_up(request.args)
    by_centre = Panel(
        bar_chart(_("Cases concluded by member centre"), [(n, f.concluded) for n, f in rollup.centre_rows]),
        _("Mediation centre"),
        rollup.centre_rows,
    )
    return render_template(
        "federation/rollup.html",
        rollup=rollup,
        rows=[(_label(name, subtotal), figures, subtotal) for name, figures, subtotal in rollup.rows],
        panels=[*trend_panels(rollup.stats), by_centre],
        errors=errors,
        today=local_date(utcnow()),
    ), 422 if errors else 200


# The export's columns: the page's table, figure by figure, counts and money as numbers.
EXPORT_COLUMNS = (
    (_l("Received"), lambda f: f.received),
    (_l("Accepted"), lambda f: f.accepted),
    (_l("Concluded"), lambda f: f.concluded),
    (_l("Settled"), lambda f: f.settled),
    (_l("Success rate"), lambda f: f.success_rate),
    (_l("Average days"), lambda f: f.average_days),
    (_l("Resolved claim amount"), lambda f: f.resolved_claim_amount),
    (_l("Agreed amount"), lambda f: f.agreed_amount),
    (_l("Performed amount"), lambda f: f.performed_amount),
)


@login_required
def export():
    """The roll-up of the period as an .xlsx workbook: a row per centre, subtotals, the total."""
    rollup, errors = _roll_up(request.args)
    if errors:
        abort(400)  # the page's links and form send only valid periods
    period = f"{rollup.period.first:%Y-%m}_{rollup.period.last:%Y-%m}"
    rows = [
        (_label(name, subtotal), *(value(figures) for _heading, value in EXPORT_COLUMNS))
        for name, figures, subtotal in rollup.rows
    ]
    rows.append((_("Total"), *(value(rollup.total) for _heading, value in EXPORT_COLUMNS)))
    headings = [_("Mediation centre"), *(str(heading) for heading, _value in EXPORT_COLUMNS)]
    return send_workbook(
        headings, rows, download_name=f"{rollup.federation.name}-{period}.xlsx", title=_("Roll-up")
    )
