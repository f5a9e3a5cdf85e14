"""The shape every confidentiality rule shares, as one SQL predicate: those in charge
of a case see everything on it, a party the shared records and its own, the court the
shared records, anyone else nothing.

Positive and NULL-safe: every comparison answers true or false, never NULL (a record
of the mediator or staff belongs to no party), so callers select what it admits and
never negate it to find what is hidden (``NOT (false OR NULL)`` is NULL).
"""

from sqlalchemy import and_, false, or_, true

from workflows.roles import Role

IN_CHARGE = (Role.MEDIATOR, Role.STAFF)


def shared_or_own(user, shared, party_column):
    """``shared``: the clause of the records every side may see; ``party_column``: the
    party a record belongs to (NULL when it belongs to none)."""
    if user.role in IN_CHARGE:
        return true()
    if user.role is Role.ENTERPRISE and user.organisation_id is not None:
        return or_(shared, and_(party_column.is_not(None), party_column == user.organisation_id))
    if user.role is Role.COURT_LIAISON:
        return shared
    return false()
