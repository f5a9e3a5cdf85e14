"""The dashboard: the centre's figures over a period (a court liaison sees its
court's slice), with charts, their numbers, and the staff's work lists."""

from flask import render_template, request
from flask_login import current_user, login_required

from mediation_app.cases import queries as case_queries
from mediation_app.core.workspace import may, require
from mediation_app.court.queries import late_referrals
from mediation_app.documents.queries import failed_documents
from mediation_app.mediators.queries import terms_ending
from mediation_app.reporting.permissions import statistics_scope
from mediation_app.reporting.presenters import panels
from mediation_app.reporting.queries import statistics, totals
from mediation_app.reporting.report import monthly_report_for, pdf_response
from mediation_app.reporting.schemas import StatisticsQuery
from mediation_app.service.section import desk_entries
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date


@login_required
def dashboard():
    context, errors = dashboard_context(current_user, request.args, utcnow())
    return render_template("reporting/dashboard.html", **context), 422 if errors else 200


def dashboard_context(user, args, now) -> tuple[dict, dict]:
    """Everything the dashboard shows ``user`` for the period in ``args`` (the last
    twelve months when it is refused), and the period's field errors."""
    centre_ids, court_id = statistics_scope(user)
    today = local_date(now)
    period, errors = StatisticsQuery.period_or_default(args, today)
    stats = statistics(centre_ids, period, court_id=court_id)
    staff = may(user, "manage_intake")
    context = {
        "totals": totals(centre_ids[0], court_id=court_id),
        "stats": stats,
        "panels": panels(stats),
        "errors": errors,
        "intake": case_queries.list_cases(user, state=CaseState.FILED, limit=10)[0] if staff else [],
        # what else waits on someone: the court's acknowledgement, a document to send again
        "late_referrals": late_referrals(user, now) if staff else [],
        "failed_documents": failed_documents(user) if staff else [],
        "terms_ending": terms_ending(user.centre_id, today) if staff else [],
        "undelivered": desk_entries(user, now) if staff else [],
        "watch": case_queries.deadline_watch(user, today),
        "now": now,
    }
    return context, errors


@login_required
def monthly_report():
    """The monthly statistics report (PDF) of the staff member's centre."""
    return pdf_response(monthly_report_for(require(current_user, "monthly_report"), request.args))
