"""Keeping the register: a mediator's entry and their training. Each is one
transaction with its ``AccountEvent`` (what the entry was and became)."""

import logging

from flask_babel import gettext as _

from mediation_app.auth.models import AccountChange, User
from mediation_app.auth.operations import record_account_event
from mediation_app.core.workspace import require
from mediation_app.extensions import db
from mediation_app.mediators.models import MediatorProfile, TrainingRecord
from mediation_app.mediators.queries import mediator_of_centre, training_of_centre
from mediation_app.mediators.schemas import RegisterEntryIn, TrainingIn
from mediation_app.transactions import committed

log = logging.getLogger(__name__)

# What the account event records of an entry (its qualifications may be long: they are kept
# in the entry, the event says only that they changed).
_RECORDED = ("dispute_types", "languages", "term_starts_on", "term_ends_on", "active")


def _recorded(profile: MediatorProfile | None) -> dict:
    if profile is None:
        return {}
    values = {name: getattr(profile, name) for name in _RECORDED}
    values["term_starts_on"] = values["term_starts_on"] and values["term_starts_on"].isoformat()
    values["term_ends_on"] = values["term_ends_on"] and values["term_ends_on"].isoformat()
    return values | {"qualifications_length": len(profile.qualifications)}


def update_register_entry(staff: User, mediator_id: int, data, *, remote_addr=None) -> MediatorProfile:
    """Make or change a mediator's entry; an unchanged entry is left as it was."""
    require(staff, "manage_mediator_register")
    mediator = mediator_of_centre(staff, mediator_id)
    entry = RegisterEntryIn.parse(data)
    profile = db.session.get(MediatorProfile, mediator.id)
    values = {
        "dispute_types": list(entry.dispute_types),
        "languages": entry.languages,
        "qualifications": entry.qualifications,
        "term_starts_on": entry.term_starts_on,
        "term_ends_on": entry.term_end(),
        "active": entry.active,
    }
    if profile is not None and all(getattr(profile, name) == value for name, value in values.items()):
        return profile
    before = _recorded(profile)
    with committed(
        race_message=_("This entry was changed a moment ago by another request; reload the page.")
    ):
        if profile is None:
            profile = MediatorProfile(user_id=mediator.id)
            db.session.add(profile)
        for name, value in values.items():
            setattr(profile, name, value)
        profile.updated_by_id = staff.id
        record_account_event(
            staff, mediator, AccountChange.REGISTER_ENTRY_CHANGED, before, _recorded(profile), remote_addr
        )
    log.info("register entry of mediator %s changed by %s", mediator.id, staff.id)
    return profile


def record_training(staff: User, mediator_id: int, data, *, remote_addr=None) -> TrainingRecord:
    require(staff, "manage_mediator_register")
    mediator = mediator_of_centre(staff, mediator_id)
    training = TrainingIn.parse(data)
    record = TrainingRecord(
        mediator_id=mediator.id,
        course=training.course,
        held_on=training.held_on,
        hours=training.hours,
        recorded_by_id=staff.id,
    )
    with committed():
        db.session.add(record)
        db.session.flush()
        record_account_event(
            staff, mediator, AccountChange.TRAINING_RECORDED, {}, _training(record), remote_addr
        )
    return record


def remove_training(staff: User, training_id: int, *, remote_addr=None) -> User:
    """Remove a training recorded by mistake; the account event keeps what it said."""
    require(staff, "manage_mediator_register")
    record = training_of_centre(staff, training_id)
    mediator = db.session.get(User, record.mediator_id)
    with committed():
        record_account_event(
            staff, mediator, AccountChange.TRAINING_REMOVED, _training(record), {}, remote_addr
        )
        db.session.delete(record)
    return mediator


def _training(record: TrainingRecord) -> dict:
    return {
        "training_id": record.id,
        "course": record.course,
        "held_on": record.held_on.isoformat(),
        "hours": f"{record.hours:.1f}",
    }
