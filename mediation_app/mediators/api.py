"""JSON API: the mediator register, as on its pages (staff), and the public register."""

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.mediators import operations
from mediation_app.mediators.presenters import public_entry, staff_entry_of, staff_register
from mediation_app.mediators.queries import public_register
from mediation_app.mediators.schemas import (
    RegisterEntryIn,
    RegisterEntryOut,
    StaffRegisterEntryOut,
    TrainingIn,
    TrainingOut,
)
from mediation_app.types import utcnow
from workflows.deadlines import local_date


@api.get("/mediator-register")
@endpoint(ok=list[StaffRegisterEntryOut])
def list_register_entries():
    """The centre's mediators with their register entries, those whose term ends within
    60 days first (staff)."""
    staff = caller("manage_mediator_register")
    return present(staff_register(staff.centre_id, local_date(utcnow())))


@api.put("/mediator-register/<int:mediator_id>")
@endpoint(body=RegisterEntryIn, ok=StaffRegisterEntryOut)
def update_register_entry(mediator_id: int):
    """Make or change a mediator's entry: the kinds of dispute, languages, qualifications,
    term of appointment (two years from its start unless an end is given), listed or not."""
    staff = caller()
    profile = operations.update_register_entry(staff, mediator_id, json_body(), remote_addr=remote_addr())
    return present(staff_entry_of(profile.user, profile, local_date(utcnow())))


@api.post("/mediator-register/<int:mediator_id>/trainings")
@endpoint(body=TrainingIn, ok=TrainingOut, status=201)
def record_training(mediator_id: int):
    """Record a course the mediator attended (hours to one decimal, as a string)."""
    record = operations.record_training(caller(), mediator_id, json_body(), remote_addr=remote_addr())
    return present(TrainingOut.model_validate(record), 201)


@api.delete("/mediator-register/trainings/<int:training_id>")
@endpoint(status=204, description="removed")
def remove_training(training_id: int):
    """Remove a training recorded by mistake (the account's history keeps what it said)."""
    operations.remove_training(caller(), training_id, remote_addr=remote_addr())
    return "", 204


@api.get("/centres/<code>/mediators")
@endpoint(ok=list[RegisterEntryOut], public=True)
def public_register_entries(code: str):
    """The centre's public register: the mediators in office today, without contact details."""
    _centre, entries = public_register(code, local_date(utcnow()))
    return present([public_entry(user, profile) for user, profile in entries])
