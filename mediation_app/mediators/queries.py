"""Reading the register: a centre's mediators with their entries, training hours per
year, and the terms that end soon."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from mediation_app.auth.models import User
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.mediators.models import MediatorProfile, TrainingRecord
from mediation_app.parties.models import Centre
from workflows.roles import Role

TERM_WARNING_DAYS = 60  # staff are told this long before a term of appointment ends


def mediator_of_centre(staff: User, mediator_id: int) -> User:
    """One of the staff member's centre's mediators; anyone else is answered as missing."""
    user = db.session.get(User, mediator_id)
    if user is None or user.role is not Role.MEDIATOR or user.centre_id != staff.centre_id:
        raise NotVisible()
    return user


def entries_of(centre_id: int) -> list[tuple[User, MediatorProfile | None]]:
    """Every mediator account of the centre with its register entry (if one was made)."""
    rows = db.session.execute(
        select(User, MediatorProfile)
        .outerjoin(MediatorProfile, MediatorProfile.user_id == User.id)
        .where(User.centre_id == centre_id, User.role == Role.MEDIATOR)
        .options(joinedload(User.organisation))
        .order_by(User.name, User.id)
    )
    return [(user, profile) for user, profile in rows]


def public_register(code: str, today: date) -> tuple[Centre, list[tuple[User, MediatorProfile]]]:
    """The centre and the mediators it lists today."""
    centre = db.session.scalars(select(Centre).where(Centre.code == code)).first()
    if centre is None:
        raise NotVisible()
    return centre, listed_on(centre.id, today)


def listed_on(centre_id: int, today: date) -> list[tuple[User, MediatorProfile]]:
    """The mediators a centre's register lists today: active accounts with an active
    entry whose term has begun and not ended."""
    return _with_active_entry(
        centre_id,
        User.active.is_(True),
        MediatorProfile.term_starts_on <= today,
        or_(MediatorProfile.term_ends_on.is_(None), MediatorProfile.term_ends_on >= today),
        order=(User.name, User.id),
    )


def _with_active_entry(centre_id: int, *conditions, order) -> list[tuple[User, MediatorProfile]]:
    """The centre's mediators whose register entry is active and meets ``conditions``."""
    rows = db.session.execute(
        select(User, MediatorProfile)
        .join(MediatorProfile, MediatorProfile.user_id == User.id)
        .where(
            User.centre_id == centre_id,
            User.role == Role.MEDIATOR,
            MediatorProfile.active.is_(True),
            *conditions,
        )
        .options(joinedload(User.organisation))
        .order_by(*order)
    )
    return [(user, profile) for user, profile in rows]


def listing(centre_id: int, today: date) -> list[tuple[int, str]]:
    """The register's mediators today by id and name (the choice of preferred mediators)."""
    return [(user.id, user.name) for user, _profile in listed_on(centre_id, today)]


def training_hours(mediator_ids: list[int], first: date | None, last: date | None) -> dict[int, Decimal]:
    """Hours of training per mediator held between the two days (inclusive; open-ended
    when None), zero for none."""
    if not mediator_ids:
        return {}
    held = [TrainingRecord.held_on >= first] if first else []
    held += [TrainingRecord.held_on <= last] if last else []
    rows = db.session.execute(
        select(TrainingRecord.mediator_id, func.sum(TrainingRecord.hours))
        .where(TrainingRecord.mediator_id.in_(mediator_ids), *held)
        .group_by(TrainingRecord.mediator_id)
    )
    hours = dict.fromkeys(mediator_ids, Decimal("0.0"))
    hours.update({mediator_id: total for mediator_id, total in rows})
    return hours


def trainings_of(mediator_id: int) -> list[TrainingRecord]:
    return db.session.scalars(
        select(TrainingRecord)
        .where(TrainingRecord.mediator_id == mediator_id)
        .order_by(TrainingRecord.held_on.desc(), TrainingRecord.id.desc())
    ).all()


def training_of_centre(staff: User, training_id: int) -> TrainingRecord:
    record = db.session.get(TrainingRecord, training_id)
    if record is None:
        raise NotVisible()
    mediator_of_centre(staff, record.mediator_id)
    return record


def terms_ending(centre_id: int, today: date) -> list[tuple[User, MediatorProfile]]:
    """The listed mediators whose term of appointment ends within the warning period,
    soonest first (staff renew or replace them)."""
    ending = MediatorProfile.term_ends_on.between(today, today + timedelta(days=TERM_WARNING_DAYS))
    return _with_active_entry(centre_id, ending, order=(MediatorProfile.term_ends_on, User.name))


def term_ending_soon(profile: MediatorProfile | None, today: date) -> bool:
    return (
        profile is not None
        and profile.active
        and profile.term_ends_on is not None
        and today <= profile.term_ends_on <= today + timedelta(days=TERM_WARNING_DAYS)
    )
