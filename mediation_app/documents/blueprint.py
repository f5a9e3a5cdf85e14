"""Document pages (URL table)."""

from flask import Blueprint

from mediation_app.documents import views

documents = Blueprint("documents", __name__, template_folder="templates")
documents.add_url_rule("/verify", view_func=views.verify_page, methods=["GET", "POST"])
documents.add_url_rule("/documents/<int:document_id>", view_func=views.download_document)
documents.add_url_rule(
    "/documents/<int:document_id>/corrections", view_func=views.correct_document, methods=["POST"]
)
documents.add_url_rule(
    "/documents/<int:document_id>/production", view_func=views.produce_again, methods=["POST"]
)
documents.add_url_rule("/cases/<int:case_id>/signatures", view_func=views.sign_agreement, methods=["POST"])
documents.add_url_rule(
    "/cases/<int:case_id>/signatures/refusal", view_func=views.refuse_to_sign, methods=["POST"]
)
documents.add_url_rule("/centre/seal", view_func=views.centre_seal, methods=["GET", "POST"])
documents.add_url_rule("/centre/seal.png", view_func=views.centre_seal_image)
