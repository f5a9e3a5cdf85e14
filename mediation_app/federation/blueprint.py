"""Federation pages (URL table)."""

from flask import Blueprint

from mediation_app.federation import views

federation = Blueprint("federation", __name__, template_folder="templates")
federation.add_url_rule("/federation", view_func=views.rollup)
federation.add_url_rule("/federation/roll-up.xlsx", view_func=views.export)
