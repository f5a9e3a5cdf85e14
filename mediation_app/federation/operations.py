"""Setting up federations and their members (operators' commands and the demo)."""

from flask_babel import gettext as _
from sqlalchemy import select

from mediation_app.errors import ValidationFailed
from mediation_app.extensions import db
from mediation_app.federation.models import Federation, FederationLevel
from mediation_app.parties.models import Centre
from mediation_app.validation import clean_text


def federation_named(name: str) -> Federation | None:
    return db.session.scalars(select(Federation).where(Federation.name == name)).first()


def create_federation(level: str, name: str, parent: str | None = None) -> Federation:
    """A city federation (optionally under a province one), or a province federation."""
    errors = {}
    try:
        level = FederationLevel(level)
    except ValueError:
        errors["level"] = _("must be city or province")
    try:
        name = clean_text(name, max_length=200)
    except ValueError as error:
        errors["name"] = str(error)
    else:
        if federation_named(name) is not None:
            errors["name"] = _("is already taken")
    parent_federation = federation_named(parent) if parent else None
    if parent and (parent_federation is None or parent_federation.level is not FederationLevel.PROVINCE):
        errors["parent"] = _("must be the name of a province federation")
    elif parent and level is FederationLevel.PROVINCE:
        errors["parent"] = _("a province federation is not part of another")
    if errors:
        raise ValidationFailed(fields=errors)
    federation = Federation(level=level, name=name, parent=parent_federation)
    db.session.add(federation)
    db.session.commit()
    return federation


def join_federation(centre_code: str, federation_name: str) -> Centre:
    """Make a centre a member of a city federation (leaving any previous one: a centre
    reports to one city federation)."""
    centre = db.session.scalars(select(Centre).where(Centre.code == centre_code)).first()
    federation = federation_named(federation_name)
    errors = {}
    if centre is None:
        errors["centre"] = _("unknown centre")
    if federation is None or federation.level is not FederationLevel.CITY:
        errors["federation"] = _("must be the name of a city federation")
    if errors:
        raise ValidationFailed(fields=errors)
    centre.federation_id = federation.id
    db.session.commit()
    return centre
