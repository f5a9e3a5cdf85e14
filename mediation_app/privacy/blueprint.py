"""Privacy pages (URL table)."""

from flask import Blueprint

from mediation_app.privacy import views

privacy = Blueprint("privacy", __name__, template_folder="templates")
privacy.add_url_rule("/privacy", view_func=views.notice)
