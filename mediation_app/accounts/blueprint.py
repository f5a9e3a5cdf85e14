"""The administrator's accounts page (URL table)."""

from flask import Blueprint

from mediation_app.accounts import views

accounts = Blueprint("accounts", __name__, template_folder="templates")
accounts.add_url_rule("/admin/accounts", view_func=views.list_accounts)
accounts.add_url_rule("/admin/accounts", view_func=views.create_account, methods=["POST"])
accounts.add_url_rule(
    "/admin/accounts/<int:user_id>/reset-password", view_func=views.reset_password, methods=["POST"]
)
accounts.add_url_rule("/admin/accounts/<int:user_id>/active", view_func=views.set_active, methods=["POST"])
accounts.add_url_rule("/admin/accounts/<int:user_id>/role", view_func=views.change_role, methods=["POST"])
accounts.add_url_rule(
    "/admin/accounts/<int:user_id>/mediator-profile", view_func=views.set_mediator_profile, methods=["POST"]
)
