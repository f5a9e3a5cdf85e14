"""What staff may do with an enterprise's registration (``core.actions``) and with
the list of those waiting (``core.workspace``)."""

from flask_babel import lazy_gettext as _l

from mediation_app.core.actions import Actions
from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

REGISTRATION = Actions("registration")
# The centre's staff verify (or refuse) a registration made with their centre, once.
REGISTRATION.add(
    "decide_registration",
    roles={Role.STAFF},
    when=lambda registrant: registrant.verified_at is None and registrant.active,
    not_now=_l("This registration has already been decided."),
)
WORKSPACE.add("review_registrations", roles={Role.STAFF})
