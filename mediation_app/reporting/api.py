"""JSON API: the centre's totals and statistics (a court liaison sees its court's slice)."""

from flask import jsonify, request

from mediation_app.api_support import api, caller
from mediation_app.reporting.inputs import parse_period
from mediation_app.reporting.permissions import statistics_scope
from mediation_app.reporting.presenters import statistics_json
from mediation_app.reporting.queries import statistics, totals
from mediation_app.reporting.report import monthly_report_for, pdf_response
from mediation_app.types import utcnow
from workflows.deadlines import local_date
from workflows.roles import Role


@api.get("/totals")
def get_totals():
    (centre_id,), court_id = statistics_scope(caller(Role.STAFF, Role.COURT_LIAISON))
    return jsonify(totals(centre_id, court_id=court_id).as_dict())


@api.get("/statistics")
def get_statistics():
    """?year=YYYY or ?from=YYYY-MM&to=YYYY-MM (default: the last twelve months)."""
    user = caller(Role.STAFF, Role.COURT_LIAISON)
    centre_ids, court_id = statistics_scope(user)
    period = parse_period(request.args, local_date(utcnow()))
    return jsonify(statistics_json(statistics(centre_ids, period, court_id=court_id)))


@api.get("/statistics/monthly-report")
def get_monthly_report():
    """?month=YYYY-MM: the monthly statistics report of the caller's centre (PDF)."""
    return pdf_response(monthly_report_for(caller(Role.STAFF), request.args))
