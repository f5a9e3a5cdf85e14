"""Ledger pages (URL table)."""

from flask import Blueprint

from mediation_app.ledger import views

ledger = Blueprint(
    "ledger", __name__, template_folder="templates", static_folder="static", static_url_path="/ledger/static"
)
ledger.add_url_rule("/ledger", view_func=views.index)
ledger.add_url_rule("/ledger/export.xlsx", view_func=views.export)
ledger.add_url_rule("/ledger/imports", view_func=views.upload, methods=["POST"])
ledger.add_url_rule("/ledger/imports/<int:import_id>", view_func=views.show_import)
ledger.add_url_rule("/ledger/imports/<int:import_id>/status", view_func=views.import_status)
