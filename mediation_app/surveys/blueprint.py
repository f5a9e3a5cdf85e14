"""Survey and evaluation pages (URL table)."""

from flask import Blueprint

from mediation_app.surveys import views

surveys = Blueprint("surveys", __name__, template_folder="templates")
surveys.add_url_rule("/cases/<int:case_id>/survey", view_func=views.answer, methods=["GET", "POST"])
surveys.add_url_rule("/evaluation", view_func=views.evaluation)
surveys.add_url_rule("/evaluation/rule", view_func=views.save_rule, methods=["POST"])
surveys.add_url_rule("/evaluation/export.xlsx", view_func=views.export_workbook)
surveys.add_url_rule("/evaluation/export.pdf", view_func=views.export_pdf)
