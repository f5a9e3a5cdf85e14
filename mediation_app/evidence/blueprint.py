"""Evidence pages (URL table)."""

from flask import Blueprint

from mediation_app.evidence import views

evidence = Blueprint("evidence", __name__)
evidence.add_url_rule("/cases/<int:case_id>/evidence", view_func=views.upload, methods=["POST"])
evidence.add_url_rule("/evidence/<int:evidence_id>", view_func=views.download)
