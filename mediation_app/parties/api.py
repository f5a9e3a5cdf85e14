"""JSON API: the centre's mediators; enterprise registration and its verification; the
enterprises registered at the centre, looked up by name."""

from flask import request

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.extensions import limiter
from mediation_app.parties import registration
from mediation_app.parties.queries import registered_enterprises_named
from mediation_app.parties.schemas import (
    MeOut,
    NewRegistration,
    OrganisationLookup,
    OrganisationMatchOut,
    RegisteredEnterpriseOut,
    RegistrationDecision,
    RegistrationOut,
    RevealedOut,
)
from mediation_app.privacy.masking import mask_email, mask_phone
from mediation_app.privacy.operations import RevealRequest, reveal_personal_data


def registration_out(user) -> RegistrationOut:
    enterprise = user.organisation
    return RegistrationOut(
        id=user.id,
        name=user.name,
        email=mask_email(user.email),
        phone=mask_phone(user.phone),
        enterprise=RegisteredEnterpriseOut(
            id=enterprise.id,
            name=enterprise.name,
            uscc=enterprise.uscc,
            legal_representative=enterprise.legal_representative,
            verified=enterprise.verified_at is not None,
        ),
        verified_at=user.verified_at,
        active=user.active,
        refusal_reason=user.refusal_reason,
        created_at=user.created_at,
    )


@api.post("/registrations")
@endpoint(body=NewRegistration, ok=RegistrationOut, status=201, public=True)
@limiter.limit("20 per hour", methods=["POST"])
def register():
    """Register an enterprise user (public); the centre verifies it before it can file."""
    user = registration.register_enterprise(json_body(), remote_addr=remote_addr())
    return present(registration_out(user), 201)


@api.get("/registrations")
@endpoint(ok=list[RegistrationOut])
def registrations():
    """Registrations waiting for verification (staff; phones masked)."""
    user = caller("review_registrations")
    return present([registration_out(u) for u in registration.pending_registrations(user)])


@api.post("/registrations/<int:user_id>/decision")
@endpoint(body=RegistrationDecision, ok=RegistrationOut)
def decide(user_id: int):
    """Verify or refuse a registration (staff); a refusal needs a reason, which the applicant is sent."""
    user = registration.decide_registration(caller(), user_id, json_body(), remote_addr=remote_addr())
    return present(registration_out(user))


@api.post("/registrations/<int:user_id>/reveal")
@endpoint(body=RevealRequest, ok=RevealedOut)
def reveal_contact(user_id: int):
    """A registrant's full phone or e-mail, to call and verify (staff): each reveal is
    recorded with its reason."""
    data = json_body()
    value = reveal_personal_data(caller(), user_id, data, remote_addr=remote_addr())
    return present(RevealedOut(field=data["field"], value=value))


@api.get("/organisations")
@endpoint(query=OrganisationLookup, ok=list[OrganisationMatchOut])
def organisations():
    """Enterprises registered at the caller's centre whose name contains ``name`` (those
    who may file): name and credit code, a handful at most, to fill in a filing."""
    user = caller("file_case")
    lookup = OrganisationLookup.parse(request.args.to_dict())
    found = registered_enterprises_named(user, lookup.name, lookup.limit)
    return present([OrganisationMatchOut(name=o.name, uscc=o.uscc) for o in found])


@api.get("/me")
@endpoint(ok=MeOut)
def me():
    """The caller."""
    return present(MeOut.model_validate(caller()))
