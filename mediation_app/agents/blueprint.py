"""Agent pages (URL table)."""

from flask import Blueprint

from mediation_app.agents import views

agents = Blueprint("agents", __name__, template_folder="templates")
agents.add_url_rule("/cases/<int:case_id>/agents/new", view_func=views.appoint, methods=["GET", "POST"])
agents.add_url_rule(
    "/cases/<int:case_id>/agents/<int:agent_id>/revoke", view_func=views.revoke, methods=["POST"]
)
