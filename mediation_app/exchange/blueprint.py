"""Court exchange pages (URL table)."""

from flask import Blueprint

from mediation_app.exchange import views

exchange = Blueprint("exchange", __name__, template_folder="templates")
exchange.add_url_rule("/court/exchange", view_func=views.page)
exchange.add_url_rule("/court/exchange/cases.json", view_func=views.download)
exchange.add_url_rule("/court/exchange/import", view_func=views.upload, methods=["POST"])
exchange.add_url_rule("/court/exchange/endpoints", view_func=views.register, methods=["POST"])
exchange.add_url_rule(
    "/court/exchange/deliveries/<int:delivery_id>/replay", view_func=views.replay, methods=["POST"]
)
