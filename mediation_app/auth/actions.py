"""What an administrator may do with the accounts of their centre."""

from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

WORKSPACE.add("manage_accounts", roles={Role.ADMIN}, who=lambda user, _nothing: user.centre_id is not None)
