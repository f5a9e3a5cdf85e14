"""The mediator register's pages (URL table)."""

from flask import Blueprint

from mediation_app.mediators import views

mediators = Blueprint("mediators", __name__, template_folder="templates")
mediators.add_url_rule("/mediators", view_func=views.register)
mediators.add_url_rule("/mediators/<int:mediator_id>", view_func=views.entry)
mediators.add_url_rule("/mediators/<int:mediator_id>", view_func=views.save_entry, methods=["POST"])
mediators.add_url_rule(
    "/mediators/<int:mediator_id>/trainings", view_func=views.add_training, methods=["POST"]
)
mediators.add_url_rule(
    "/mediator-trainings/<int:training_id>/remove", view_func=views.remove_training, methods=["POST"]
)
mediators.add_url_rule("/centres/<code>/mediators", view_func=views.public)
