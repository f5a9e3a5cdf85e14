"""What may be done with the mediator register (``core.workspace``): staff keep it;
anyone may read the public register, which needs no action."""

from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

WORKSPACE.add("manage_mediator_register", roles={Role.STAFF})
