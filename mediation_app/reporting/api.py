"""JSON API: the centre's totals (a court liaison sees its court's slice)."""

from flask import jsonify

from mediation_app.api_support import api, caller
from mediation_app.reporting.queries import totals
from workflows.roles import Role


@api.get("/totals")
def get_totals():
    user = caller(Role.STAFF, Role.COURT_LIAISON)
    if user.role is Role.COURT_LIAISON:
        return jsonify(totals(None, court_id=user.organisation_id).as_dict())
    return jsonify(totals(user.centre_id).as_dict())
