"""Log in and out, the user's own account, and the administrator's accounts page (URL table)."""

from flask import Blueprint

from mediation_app.auth import admin, views

auth = Blueprint("auth", __name__, template_folder="templates")
auth.add_url_rule("/login", view_func=views.login, methods=["GET", "POST"])
auth.add_url_rule("/logout", view_func=views.logout, methods=["POST"])
auth.add_url_rule("/logout-everywhere", view_func=views.log_out_everywhere, methods=["POST"])
auth.add_url_rule("/account/password", view_func=views.change_password, methods=["GET", "POST"])
auth.add_url_rule("/account/tokens", view_func=views.tokens)
auth.add_url_rule("/account/tokens/<int:token_id>/revoke", view_func=views.revoke_token, methods=["POST"])
auth.add_url_rule("/admin/accounts", view_func=admin.accounts)
auth.add_url_rule(
    "/admin/accounts/<int:user_id>/reset-password", view_func=admin.reset_password, methods=["POST"]
)
auth.add_url_rule("/admin/accounts/<int:user_id>/active", view_func=admin.set_active, methods=["POST"])
