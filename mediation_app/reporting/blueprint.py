"""Reporting pages (URL table)."""

from flask import Blueprint

from mediation_app.reporting import views

reporting = Blueprint(
    "reporting",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/reporting/static",
)
reporting.add_url_rule("/dashboard", view_func=views.dashboard)
reporting.add_url_rule("/dashboard/monthly-report.pdf", view_func=views.monthly_report)
