"""Who keeps the centre's ledger (``core.workspace``): its staff import and export it."""

from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

WORKSPACE.add("keep_ledger", roles={Role.STAFF}, who=lambda user, _nothing: user.centre_id is not None)
