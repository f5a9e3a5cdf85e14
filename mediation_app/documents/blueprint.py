"""Document pages (URL table)."""

from flask import Blueprint

from mediation_app.documents import views

documents = Blueprint("documents", __name__, template_folder="templates")
documents.add_url_rule("/verify", view_func=views.verify_page, methods=["GET", "POST"])
