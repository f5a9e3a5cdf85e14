"""Survey and evaluation pages (URL table)."""

from flask import Blueprint

from mediation_app.surveys import views

surveys = Blueprint("surveys", __name__, template_folder="templates")
surveys.add_url_rule("/cases/<int:case_id>/survey", view_func=views.answer, methods=["GET", "POST"])
surveys.add_url_rule("/evaluation", view_func=views.evaluation)
