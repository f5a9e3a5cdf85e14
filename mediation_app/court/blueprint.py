"""Court-linkage pages (URL table)."""

from flask import Blueprint

from mediation_app.court import views

court = Blueprint("court", __name__, template_folder="templates")
court.add_url_rule("/cases/<int:case_id>/payments", view_func=views.record_payment, methods=["POST"])
court.add_url_rule("/cases/<int:case_id>/follow-up-visits", view_func=views.record_visit, methods=["POST"])
court.add_url_rule("/cases/<int:case_id>/delegation-letter", view_func=views.attach_letter, methods=["POST"])
court.add_url_rule(
    "/cases/<int:case_id>/referral/acknowledgement", view_func=views.acknowledge, methods=["POST"]
)
court.add_url_rule("/cases/<int:case_id>/referral/package", view_func=views.download_package)
court.add_url_rule(
    "/cases/<int:case_id>/confirmation/application", view_func=views.apply_for_confirmation, methods=["POST"]
)
court.add_url_rule(
    "/cases/<int:case_id>/confirmation/outcome", view_func=views.record_confirmation, methods=["POST"]
)
court.add_url_rule("/court", view_func=views.workspace)
court.add_url_rule("/court/cases.xlsx", view_func=views.export)
