"""Organisations and centres; helpers join the caller's transaction."""

from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation, OrganisationKind


def enterprise_for(name: str, uscc: str) -> Organisation:
    """The enterprise registered under ``uscc``, created on first mention.

    The credit code identifies the enterprise; a different spelling of its name
    in a later filing does not create a second record.
    """
    enterprise = db.session.scalars(select(Organisation).where(Organisation.uscc == uscc)).first()
    if enterprise is None:
        enterprise = Organisation(kind=OrganisationKind.ENTERPRISE, name=name, uscc=uscc)
        db.session.add(enterprise)
        db.session.flush()
    return enterprise


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
