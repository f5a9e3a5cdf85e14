"""Reporting pages (URL table)."""

from flask import Blueprint

from mediation_app.reporting import views

reporting = Blueprint("reporting", __name__, template_folder="templates")
reporting.add_url_rule("/dashboard", view_func=views.dashboard)
