"""What may be done with personal data beyond masking it (``core.workspace``)."""

from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

# Staff call a registrant to verify the registration, and so may see the number, giving
# a reason each time; no other role needs anyone's full contact details.
WORKSPACE.add("reveal_personal_data", roles={Role.STAFF})
