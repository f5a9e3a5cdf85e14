"""The register as its response schemas, shared by the pages and the API."""

from datetime import date

from mediation_app.auth.models import User
from mediation_app.mediators.models import MediatorProfile
from mediation_app.mediators.queries import entries_of, term_ending_soon, training_hours, trainings_of
from mediation_app.mediators.schemas import RegisterEntryOut, StaffRegisterEntryOut, TrainingOut


def year_of(day: date) -> tuple[date, date]:
    return date(day.year, 1, 1), date(day.year, 12, 31)


def _public_values(user: User, profile: MediatorProfile | None) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "chamber": user.organisation.name if user.organisation else None,
        "industry": user.industry,
        "dispute_types": list(profile.dispute_types) if profile else [],
        "languages": profile.languages if profile else "",
        "qualifications": profile.qualifications if profile else "",
        "term_starts_on": profile.term_starts_on if profile else None,
        "term_ends_on": profile.term_ends_on if profile else None,
    }


def public_entry(user: User, profile: MediatorProfile) -> RegisterEntryOut:
    return RegisterEntryOut.model_validate(_public_values(user, profile))


def staff_entry(user: User, profile: MediatorProfile | None, hours, today: date, *, trainings=()):
    return StaffRegisterEntryOut.model_validate(
        _public_values(user, profile)
        | {
            "active": profile.active if profile else False,
            "term_ending_soon": term_ending_soon(profile, today),
            "training_hours_this_year": hours,
            "trainings": [TrainingOut.model_validate(record) for record in trainings],
        }
    )


def staff_register(centre_id: int, today: date) -> list[StaffRegisterEntryOut]:
    """Every mediator of the centre, those whose term ends soon first."""
    entries = entries_of(centre_id)
    hours = training_hours([user.id for user, _profile in entries], *year_of(today))
    presented = [staff_entry(user, profile, hours[user.id], today) for user, profile in entries]
    return sorted(presented, key=lambda entry: not entry.term_ending_soon)


def staff_entry_of(user: User, profile: MediatorProfile | None, today: date) -> StaffRegisterEntryOut:
    hours = training_hours([user.id], *year_of(today))[user.id]
    return staff_entry(user, profile, hours, today, trainings=trainings_of(user.id))
