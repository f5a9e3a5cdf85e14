"""JSON API: the centre's totals and statistics (a court liaison sees its court's slice)."""

from flask import request

from mediation_app.api_support import api, caller, endpoint, present
from mediation_app.reporting.permissions import statistics_scope
from mediation_app.reporting.queries import statistics, totals
from mediation_app.reporting.report import monthly_report_for, pdf_response
from mediation_app.reporting.schemas import MonthlyReportQuery, StatisticsOut, StatisticsQuery, TotalsOut
from mediation_app.types import utcnow
from workflows.deadlines import local_date


@api.get("/totals")
@endpoint(ok=TotalsOut)
def get_totals():
    """The centre's totals; a court's slice for court liaisons."""
    (centre_id,), court_id = statistics_scope(caller())
    return present(TotalsOut.of(totals(centre_id, court_id=court_id)))


@api.get("/statistics")
@endpoint(query=StatisticsQuery, ok=StatisticsOut)
def get_statistics():
    """The centre's statistics over whole months (a court's slice for court liaisons).

    Headline figures, one entry per month and breakdowns by source, industry, chamber,
    mediator and court; ``?year=YYYY`` or ``?from=YYYY-MM&to=YYYY-MM`` (default: the
    last twelve months)."""
    centre_ids, court_id = statistics_scope(caller())
    today = local_date(utcnow())
    period = StatisticsQuery.parse(request.args, today=today).period_on(today)
    return present(StatisticsOut.of(statistics(centre_ids, period, court_id=court_id)))


@api.get("/statistics/monthly-report")
@endpoint(query=MonthlyReportQuery, description="The PDF (application/pdf)")
def get_monthly_report():
    """The monthly statistics report (统计月报) of the staff member's centre, as a PDF."""
    return pdf_response(monthly_report_for(caller("monthly_report"), request.args))
