"""JSON API: the administrator's accounts of their centre, as on the accounts page."""

from mediation_app.accounts import operations
from mediation_app.accounts.schemas import (
    AccountOut,
    ActiveChange,
    CreatedAccountOut,
    MediatorProfile,
    NewCentreAccount,
    RoleChange,
    TemporaryPasswordOut,
)
from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.auth import operations as auth_operations


@api.get("/admin/accounts")
@endpoint(ok=list[AccountOut])
def list_accounts():
    """The accounts of the administrator's centre, their own aside (administrators)."""
    accounts = auth_operations.accounts_of_centre(caller("manage_accounts"))
    return present([AccountOut.model_validate(user) for user in accounts])


@api.post("/admin/accounts")
@endpoint(body=NewCentreAccount, ok=CreatedAccountOut, status=201, withheld=("temporary_password",))
def create_account():
    """Make an account of the administrator's centre, with a temporary password to hand
    over (it must be changed at the first log-in). An enterprise account needs its
    company's credit code; a federation account is the operator's to make."""
    user, password = operations.create_account(caller(), json_body(), remote_addr=remote_addr())
    return present(
        CreatedAccountOut(account=AccountOut.model_validate(user), temporary_password=password), 201
    )


@api.post("/admin/accounts/<int:user_id>/role")
@endpoint(body=RoleChange, ok=AccountOut)
def change_account_role(user_id: int):
    """Give an account another role; every session and token of the account ends. The
    administrator's own role is not theirs to change, nor the last administrator's."""
    user = operations.change_role(caller(), user_id, json_body(), remote_addr=remote_addr())
    return present(AccountOut.model_validate(user))


@api.post("/admin/accounts/<int:user_id>/mediator-profile")
@endpoint(body=MediatorProfile, ok=AccountOut)
def set_mediator_profile(user_id: int):
    """Set a mediator's specialty and chamber, as conflict screening and the suggestions
    for an assignment read them."""
    user = operations.set_mediator_profile(caller(), user_id, json_body(), remote_addr=remote_addr())
    return present(AccountOut.model_validate(user))


@api.post("/admin/accounts/<int:user_id>/reset-password")
@endpoint(ok=TemporaryPasswordOut)
def reset_account_password(user_id: int):
    """Give an account a temporary password (shown once) that must be changed at the next
    log-in; every session and token of the account ends."""
    password = auth_operations.reset_password(caller(), user_id, remote_addr=remote_addr())
    return present(TemporaryPasswordOut(temporary_password=password))


@api.post("/admin/accounts/<int:user_id>/active")
@endpoint(body=ActiveChange, ok=AccountOut)
def set_account_active(user_id: int):
    """Disable an account (every session and token of it ends at once) or enable it again."""
    admin = caller("manage_accounts")  # before the body: a role that may never act is told so
    active = ActiveChange.parse(json_body()).active
    user = auth_operations.set_active(admin, user_id, active, remote_addr=remote_addr())
    return present(AccountOut.model_validate(user))
