"""Organisations, centres, federations and the accounts that act for them; helpers
join the caller's transaction."""

from flask_babel import gettext as _
from sqlalchemy import select

from mediation_app.auth.models import User
from mediation_app.auth.passwords import hash_password
from mediation_app.core.schema import FieldErrors
from mediation_app.errors import ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Federation, FederationLevel, Organisation, OrganisationKind
from mediation_app.parties.schemas import NewAccount
from mediation_app.types import utcnow
from mediation_app.validation import clean_text
from workflows.roles import Role


def party_for(
    kind: OrganisationKind,
    name: str,
    *,
    uscc: str | None = None,
    id_number: str | None = None,
    operator_name: str = "",
    address: str = "",
    phone: str | None = None,
) -> Organisation:
    """The party identified by its credit code (a company, an individual business) or,
    a natural person, by identity number; created on first mention.

    The identifier decides: a different spelling of the name (or another kind) in a
    later filing does not create a second record.
    """
    person = kind is OrganisationKind.PERSON
    key = Organisation.id_number == id_number if person else Organisation.uscc == uscc
    party = db.session.scalars(select(Organisation).where(key)).first()
    if party is None:
        party = Organisation(
            kind=kind,
            name=name,
            uscc=uscc,
            id_number=id_number,
            operator_name=operator_name,
            address=address,
            phone=phone or "",
        )
        db.session.add(party)
        db.session.flush()
    return party


def court_by_code(court_code: str) -> Organisation | None:
    return db.session.scalars(
        select(Organisation).where(
            Organisation.kind == OrganisationKind.COURT, Organisation.court_code == court_code
        )
    ).first()


def create_centre(code: str, name: str, case_prefix: str, address: str = "") -> Centre:
    centre = Centre(code=code, name=name, case_prefix=case_prefix, address=address)
    db.session.add(centre)
    db.session.commit()
    return centre


def create_organisation(kind: OrganisationKind, name: str, **fields) -> Organisation:
    organisation = Organisation(kind=kind, name=name, **fields)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def create_user(**fields) -> User:
    """Create an account (``NewAccount``): the operator's (``flask users create``), the
    demo's and the tests'. See :func:`add_user`."""
    user = add_user(NewAccount.parse(fields))
    db.session.commit()
    return user


#: The kind of organisation a role acts for, if for any: a liaison their court, a
#: mediator their chamber (which conflict screening compares with the parties').
ORGANISATION_OF_ROLE = {Role.COURT_LIAISON: OrganisationKind.COURT, Role.MEDIATOR: OrganisationKind.CHAMBER}


def organisation_refusal(role: Role, organisation: Organisation | None) -> str | None:
    """Why an account of ``role`` cannot act for ``organisation`` (``None``: it can). An
    enterprise user acts for its company, always; a liaison for a court and a mediator
    for a chamber, if for any organisation."""
    if role is Role.ENTERPRISE:
        if organisation is None or organisation.kind is not OrganisationKind.ENTERPRISE:
            return _("an enterprise account acts for its company: give the company's credit code")
        return None
    wanted = ORGANISATION_OF_ROLE.get(role)
    if wanted is None or organisation is None or organisation.kind is wanted:
        return None
    if wanted is OrganisationKind.COURT:
        return _("a court liaison acts for a court, not for %(name)s", name=organisation.name)
    return _("a mediator belongs to a chamber of commerce, not to %(name)s", name=organisation.name)


def add_user(account: NewAccount) -> User:
    """A new account, added to the caller's transaction (which commits it). An
    enterprise user is linked to its company by credit code (created when new); other
    roles may name their organisation. A federation user belongs to the federation
    named, every other account to a centre: the one named, or the first. Everything is
    checked before anything is added, and every bad field is reported at once."""
    errors = FieldErrors()
    if db.session.scalars(select(User).where(User.email == account.email)).first():
        errors.fail("email", _("is already registered"))
    org = None
    if account.role is Role.ENTERPRISE and account.uscc is None:
        errors.fail("uscc", _("is required"))
    elif account.uscc:
        org = db.session.scalars(select(Organisation).where(Organisation.uscc == account.uscc)).first()
        if org is not None and org.kind is not OrganisationKind.ENTERPRISE:
            errors.fail("uscc", _("belongs to an organisation that is not an enterprise"))
    elif account.organisation:
        org = db.session.scalars(
            select(Organisation).where(Organisation.name == account.organisation)
        ).first()
        if org is None:
            errors.fail("organisation", _("unknown organisation"))
        elif refusal := organisation_refusal(account.role, org):
            errors.fail("organisation", refusal)
    federation_id = centre = None
    if account.role is Role.FEDERATION:
        found = federation_named(account.federation) if account.federation else None
        if found is None:
            errors.fail("federation", _("must be the name of a federation"))
        else:
            federation_id = found.id
    elif account.centre_code:
        centre = db.session.scalars(select(Centre).where(Centre.code == account.centre_code)).first()
        if centre is None:
            errors.fail("centre", _("unknown centre"))
    else:
        centre = db.session.scalars(select(Centre).order_by(Centre.id)).first()
    errors.raise_if_any()
    if account.uscc and org is None:
        org = Organisation(
            kind=OrganisationKind.ENTERPRISE, name=account.organisation or account.email, uscc=account.uscc
        )
        db.session.add(org)
    user = User(
        role=account.role,
        email=account.email,
        name=account.name or account.email.split("@")[0],
        password_hash=hash_password(account.password),
        organisation=org,
        centre=centre,
        federation_id=federation_id,
        industry=account.industry,
        verified_at=utcnow(),  # made by an operator: nothing left to verify
    )
    db.session.add(user)
    return user


# --- federations (工商联): operators' commands and the demo ------------------------------


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
