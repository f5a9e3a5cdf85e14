"""Enterprise registration pages (URL table)."""

from flask import Blueprint

from mediation_app.parties import views

parties = Blueprint("parties", __name__, template_folder="templates")
parties.add_url_rule("/register", view_func=views.register, methods=["GET", "POST"])
parties.add_url_rule("/registrations", view_func=views.registrations)
parties.add_url_rule("/registrations/<int:user_id>/decision", view_func=views.decide, methods=["POST"])
parties.add_url_rule("/registrations/<int:user_id>/reveal", view_func=views.reveal_contact, methods=["POST"])
