"""Service pages (URL table)."""

from flask import Blueprint

from mediation_app.service import views

service = Blueprint("service", __name__, template_folder="templates")
service.add_url_rule(
    "/cases/<int:case_id>/service-address", view_func=views.service_address, methods=["GET", "POST"]
)
service.add_url_rule(
    "/cases/<int:case_id>/service/certificates", view_func=views.issue_certificate, methods=["POST"]
)
service.add_url_rule(
    "/cases/<int:case_id>/service/records/<int:record_id>/postal",
    view_func=views.record_postal_service,
    methods=["POST"],
)
service.add_url_rule(
    "/cases/<int:case_id>/service/address-sheet/<any(applicant, respondent):party>",
    view_func=views.address_sheet,
)
service.add_url_rule("/service/sms/callback", view_func=views.sms_callback, methods=["POST"])
service.add_url_rule("/service/open/<token>", view_func=views.open_document, methods=["GET", "POST"])
