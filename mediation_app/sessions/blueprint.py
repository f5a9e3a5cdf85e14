"""Session pages (URL table): forms posted from the case page."""

from flask import Blueprint

from mediation_app.sessions import labels, views  # noqa: F401  (labels: timeline entries)

sessions = Blueprint("sessions", __name__, template_folder="templates")
sessions.add_url_rule("/cases/<int:case_id>/sessions", view_func=views.schedule, methods=["POST"])
sessions.add_url_rule("/sessions/<int:session_id>/calendar.ics", view_func=views.calendar)
sessions.add_url_rule("/sessions/<int:session_id>/reschedule", view_func=views.reschedule, methods=["POST"])
sessions.add_url_rule("/sessions/<int:session_id>/cancel", view_func=views.cancel, methods=["POST"])
sessions.add_url_rule("/sessions/<int:session_id>/minutes", view_func=views.save_minutes, methods=["POST"])
sessions.add_url_rule(
    "/sessions/<int:session_id>/minutes/finalise", view_func=views.finalise_minutes, methods=["POST"]
)
