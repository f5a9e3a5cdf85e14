"""The group pages (URL table)."""

from flask import Blueprint

from mediation_app.groups import views

groups = Blueprint("groups", __name__, template_folder="templates")
groups.add_url_rule("/case-groups", view_func=views.list_groups)
groups.add_url_rule("/case-groups/new", view_func=views.new_group, methods=["GET", "POST"])
groups.add_url_rule("/case-groups/<int:group_id>", view_func=views.show_group)
groups.add_url_rule("/case-groups/<int:group_id>/assignment", view_func=views.assign_group, methods=["POST"])
groups.add_url_rule(
    "/case-groups/<int:group_id>/agreements", view_func=views.record_agreements, methods=["GET", "POST"]
)
