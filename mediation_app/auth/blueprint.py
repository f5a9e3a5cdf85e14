"""Log in and out, and the user's own account (URL table). The administrator's accounts
page is ``accounts``'s."""

from flask import Blueprint

from mediation_app.auth import views

auth = Blueprint("auth", __name__, template_folder="templates")
auth.add_url_rule("/login", view_func=views.login, methods=["GET", "POST"])
auth.add_url_rule("/logout", view_func=views.logout, methods=["POST"])
auth.add_url_rule("/logout-everywhere", view_func=views.log_out_everywhere, methods=["POST"])
auth.add_url_rule("/account/password", view_func=views.change_password, methods=["GET", "POST"])
auth.add_url_rule("/account/tokens", view_func=views.tokens)
auth.add_url_rule("/account/tokens/<int:token_id>/revoke", view_func=views.revoke_token, methods=["POST"])
