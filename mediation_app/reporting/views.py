"""The staff dashboard: the centre's totals and the intake queue."""

from flask import render_template
from flask_login import current_user, login_required

from mediation_app.cases import queries as case_queries
from mediation_app.errors import Forbidden
from mediation_app.reporting.queries import totals
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date
from workflows.roles import Role


@login_required
def dashboard():
    if current_user.role is not Role.STAFF:
        raise Forbidden()
    intake, _next = case_queries.list_cases(current_user, state=CaseState.FILED, limit=10)
    now = utcnow()
    watch = case_queries.deadline_watch(current_user, local_date(now))
    return render_template(
        "reporting/dashboard.html", totals=totals(current_user.centre_id), intake=intake, watch=watch, now=now
    )
