"""JSON API: the centre's mediators."""

from flask import jsonify

from mediation_app.api_support import api, caller
from mediation_app.parties.queries import mediator_roster
from workflows.roles import Role


@api.get("/mediators")
def mediators():
    user = caller(Role.STAFF)
    return jsonify(
        [
            {
                "id": m.id,
                "name": m.name,
                "industry": m.industry,
                "open_cases": open_cases,
                "chamber": m.organisation.name if m.organisation else None,
            }
            for m, open_cases in mediator_roster(user.centre_id)
        ]
    )
