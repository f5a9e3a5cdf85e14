"""The inbox in the app (URL table)."""

from flask import Blueprint

from mediation_app.notifications import views

notifications = Blueprint("notifications", __name__, template_folder="templates")
notifications.add_url_rule("/notifications", view_func=views.inbox)
notifications.add_url_rule(
    "/notifications/<int:notification_id>/read", view_func=views.mark_read, methods=["POST"]
)
notifications.add_url_rule("/notifications/read", view_func=views.mark_all_read, methods=["POST"])
notifications.add_url_rule("/account/notices", view_func=views.preferences, methods=["GET", "POST"])
