"""What an administrator changes on their centre's accounts besides access (resetting
a password and disabling are ``auth``'s): making an account, its role, a mediator's
specialty and chamber. Each is one transaction with its ``AccountEvent``."""

import logging

from flask_babel import gettext as _

from mediation_app.accounts.schemas import MediatorProfile, NewCentreAccount, RoleChange
from mediation_app.auth.models import AccountChange, User
from mediation_app.auth.operations import (
    account_in_centre,
    end_all_access,
    keep_an_administrator,
    record_account_event,
)
from mediation_app.auth.passwords import temporary_password
from mediation_app.core.schema import FieldErrors
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation, OrganisationKind
from mediation_app.parties.operations import add_user, organisation_refusal
from mediation_app.parties.schemas import NewAccount
from mediation_app.transactions import committed
from workflows.roles import Role

log = logging.getLogger(__name__)

#: The roles an administrator gives: a federation account belongs to no centre and
#: sees every member centre's figures, so only the operator makes one.
GIVEN_ROLES = tuple(role for role in Role if role is not Role.FEDERATION)


def _not_given(role: Role) -> str | None:
    if role not in GIVEN_ROLES:
        return _("a federation account is made by the operator (flask users create)")
    return None


def create_account(admin: User, data, *, remote_addr=None) -> tuple[User, str]:
    """A new account of the administrator's centre, verified (the centre made it), and
    its temporary password, to hand over once: it opens only the change of password.
    The rules of the operator's ``flask users create`` apply (``parties.add_user``)."""
    require(admin, "manage_accounts")
    request = NewCentreAccount.parse(data)
    own = admin.centre.code
    errors = FieldErrors()
    if refusal := _not_given(request.role):
        errors.fail("role", refusal)
    if request.centre not in (None, own):
        errors.fail("centre", _("must be your own centre (%(code)s)", code=own))
    errors.raise_if_any()
    password = temporary_password()
    account = NewAccount.parse(
        {
            "role": request.role,
            "email": request.email,
            "password": password,
            "name": request.name,
            "organisation": request.organisation,
            "uscc": request.uscc,
            "centre_code": own,
        }
    )
    # add_user checks, then writes: a twin request may make the same e-mail address (or
    # company) in between, which the unique constraints refuse (a retry gets its answer).
    with committed(race_message=_("This account was made a moment ago by another request; reload the page.")):
        user = add_user(account)
        user.must_change_password = True
        db.session.flush()  # the new ids, for the record
        after = {
            "role": user.role.value,
            "centre_id": user.centre_id,
            "organisation_id": user.organisation_id,
        }
        record_account_event(admin, user, AccountChange.CREATED, {}, after, remote_addr)
    log.info("user %s (%s) created by %s", user.id, user.role.value, admin.id)
    return user, password


def change_role(admin: User, user_id: int, data, *, remote_addr=None) -> User:
    """Give an account of the centre another role. What its user may do changes at
    once: every session and token of theirs ends, and they log in again."""
    require(admin, "manage_accounts")
    user = account_in_centre(admin, user_id)
    role = RoleChange.parse(data).role
    if role is user.role:
        return user  # the outcome asked for holds already
    if refusal := _not_given(role) or organisation_refusal(role, user.organisation):
        raise ValidationFailed(fields={"role": refusal})
    previous = user.role
    with committed():
        if previous is Role.ADMIN:
            keep_an_administrator(user)
        user.role = role
        end_all_access(user)
        before, after = {"role": previous.value}, {"role": role.value}
        record_account_event(admin, user, AccountChange.ROLE_CHANGED, before, after, remote_addr)
    log.info("role of user %s changed from %s to %s by %s", user.id, previous.value, role.value, admin.id)
    return user


def set_mediator_profile(admin: User, user_id: int, data, *, remote_addr=None) -> User:
    """A mediator's specialty and chamber, as conflict screening and the suggestions
    for an assignment read them (``cases.conflicts``): the chamber is the mediator's
    organisation, the specialty their ``industry``."""
    require(admin, "manage_accounts")
    user = account_in_centre(admin, user_id)
    profile = MediatorProfile.parse(data)
    if user.role is not Role.MEDIATOR:
        raise Conflict(_("Only a mediator has a specialty and a chamber."))
    chamber = db.session.get(Organisation, profile.chamber_id) if profile.chamber_id is not None else None
    if profile.chamber_id is not None and (chamber is None or chamber.kind is not OrganisationKind.CHAMBER):
        raise ValidationFailed(fields={"chamber_id": _("must be a chamber of commerce")})
    before = {"industry": user.industry, "chamber_id": user.organisation_id}
    after = {"industry": profile.industry, "chamber_id": profile.chamber_id}
    if before == after:
        return user
    with committed():
        user.industry = profile.industry
        user.organisation = chamber
        record_account_event(admin, user, AccountChange.MEDIATOR_PROFILE_CHANGED, before, after, remote_addr)
    log.info("specialty and chamber of mediator %s set by %s", user.id, admin.id)
    return user
