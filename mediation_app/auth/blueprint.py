"""Log in and out (URL table)."""

from flask import Blueprint

from mediation_app.auth import views

auth = Blueprint("auth", __name__, template_folder="templates")
auth.add_url_rule("/login", view_func=views.login, methods=["GET", "POST"])
auth.add_url_rule("/logout", view_func=views.logout, methods=["POST"])
