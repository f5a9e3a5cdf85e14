"""Case pages (URL table)."""

from flask import Blueprint

from mediation_app.cases import views

cases = Blueprint("cases", __name__, template_folder="templates")
cases.add_url_rule("/", view_func=views.index)
cases.add_url_rule("/cases", view_func=views.list_cases)
cases.add_url_rule("/queue", view_func=views.queue)
cases.add_url_rule("/queue/conflict-declarations", view_func=views.declare_conflict, methods=["POST"])
cases.add_url_rule("/cases/new", view_func=views.new_case, methods=["GET", "POST"])
cases.add_url_rule("/cases/<int:case_id>", view_func=views.show_case)
cases.add_url_rule("/cases/<int:case_id>/duplicates", view_func=views.duplicates)
cases.add_url_rule("/cases/<int:case_id>/transitions/<trigger>", view_func=views.transition, methods=["POST"])
cases.add_url_rule(
    "/cases/<int:case_id>/respondent-consent", view_func=views.respondent_consent, methods=["POST"]
)
cases.add_url_rule("/cases/<int:case_id>/recusal-requests", view_func=views.request_recusal, methods=["POST"])
cases.add_url_rule("/cases/<int:case_id>/recusal-decision", view_func=views.decide_recusal, methods=["POST"])
cases.add_url_rule(
    "/cases/<int:case_id>/deadline-extensions", view_func=views.extend_deadline, methods=["POST"]
)
