"""JSON API: the centre's mediators; enterprise registration and its verification."""

from flask import jsonify

from mediation_app.api_support import api, caller, iso, json_body, remote_addr
from mediation_app.extensions import limiter
from mediation_app.parties import registration
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


def registration_json(user) -> dict:
    enterprise = user.organisation
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "phone": registration.mask_phone(user.phone),
        "enterprise": {
            "id": enterprise.id,
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "legal_representative": enterprise.legal_representative,
            "verified": enterprise.verified_at is not None,
        },
        "verified_at": iso(user.verified_at),
        "active": user.active,
        "created_at": iso(user.created_at),
    }


@api.post("/registrations")
@limiter.limit("20 per hour", methods=["POST"])
def register():
    """Public: an enterprise user registers; the centre verifies it before it can file."""
    return jsonify(
        registration_json(registration.register_enterprise(json_body(), remote_addr=remote_addr()))
    ), 201


@api.get("/registrations")
def registrations():
    user = caller(Role.STAFF)
    return jsonify([registration_json(u) for u in registration.pending_registrations(user)])


@api.post("/registrations/<int:user_id>/decision")
def decide(user_id: int):
    return jsonify(registration_json(registration.decide_registration(caller(), user_id, json_body())))
