"""Who sees a federation's member centres (``core.workspace``): its own users."""

from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

WORKSPACE.add(
    "view_member_centres", roles={Role.FEDERATION}, who=lambda user, _nothing: user.federation_id is not None
)
