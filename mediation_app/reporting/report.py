"""The monthly statistics report (统计月报) for the federation, as a PDF: the month and
the year to date, the twelve months' trends and the year's breakdowns, with charts.

The template receives plain values only (strings and chart markup), in Chinese
whatever the reader's language: the report is filed with the federation.
"""

from datetime import date

from flask import Response
from flask_babel import force_locale

from mediation_app.core.formatting import yuan
from mediation_app.documents.centre_signature import signer_for
from mediation_app.documents.render import render_pdf
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from mediation_app.reporting.figures import Figures
from mediation_app.reporting.periods import Period
from mediation_app.reporting.presenters import breakdown_panels, trend_panels
from mediation_app.reporting.queries import statistics
from mediation_app.reporting.schemas import MonthlyReportQuery
from mediation_app.types import utcnow
from workflows.deadlines import local_date

KIND = "monthly_report"


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


def figures_row(label: str, figures: Figures, *, intake: bool = True) -> dict:
    """One table row as printed: counts, rates and amounts as text."""
    return {
        "label": label,
        "received": str(figures.received) if intake else "—",
        "accepted": str(figures.accepted) if intake else "—",
        "concluded": str(figures.concluded),
        "settled": str(figures.settled),
        "referred_to_court": str(figures.referred_to_court),
        "success_rate": _or_dash(figures.success_rate) + ("%" if figures.success_rate is not None else ""),
        "average_days": _or_dash(figures.average_days),
        "concluded_late": str(figures.concluded_late),
        "resolved_claim_amount": yuan(figures.resolved_claim_amount),
        "agreed_amount": yuan(figures.agreed_amount),
        "performed_amount": yuan(figures.performed_amount),
    }


def report_context(centre_id: int, month: date) -> dict:
    """Everything the template prints for ``centre_id`` and ``month`` (its first day)."""
    centre = db.session.get(Centre, centre_id)
    of_month = statistics(centre_id, Period(month, month))
    year_to_date = statistics(centre_id, Period(date(month.year, 1, 1), month))
    twelve_months = statistics(centre_id, Period.ending(month))
    with force_locale("zh"):
        trends = trend_panels(twelve_months)
        breakdowns = breakdown_panels(year_to_date)
    return {
        "title": "民营经济纠纷调解统计月报",
        "centre_name": centre.name,
        "document_number": f"{month.year}年{month.month}月",
        "version": 1,
        "correction_reason": None,
        "verification_code": "",
        "month_label": f"{month.year}年{month.month}月",
        "year_label": f"{month.year}年1月至{month.month}月",
        "generated_on": local_date(utcnow()).isoformat(),
        "headline": [figures_row("本月", of_month.headline), figures_row("本年累计", year_to_date.headline)],
        "overdue_now": f"{of_month.overdue_now}{'+' if of_month.overdue_capped else ''}",
        "trend_charts": [panel.chart for panel in trends],
        "months": [figures_row(label, figures) for label, figures in trends[0].rows],
        "breakdowns": [
            {
                "heading": panel.heading,
                "chart": panel.chart,
                "intake": panel.intake,
                "rows": [figures_row(label, f, intake=panel.intake) for label, f in panel.rows],
            }
            for panel in breakdowns
        ],
    }


def monthly_report_for(user, args) -> tuple[bytes, date]:
    """The report of ``user``'s centre for ``args["month"]`` (``YYYY-MM``): the PDF and its month."""
    month = MonthlyReportQuery.parse(args, today=local_date(utcnow())).month
    return render_pdf(KIND, report_context(user.centre_id, month), signer=signer_for(user.centre)), month


def pdf_response(report: tuple[bytes, date]) -> Response:
    pdf, month = report
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="monthly-report-{month:%Y-%m}.pdf"'},
    )
