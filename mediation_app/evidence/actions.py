"""Adding evidence to a case (``cases.actions``); who sees which file is
``evidence.queries.visible_evidence``."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from workflows.roles import Role

UPLOADER_ROLES = frozenset({Role.ENTERPRISE, Role.MEDIATOR, Role.STAFF})

# Parties, the mediator and staff (on a case they can see); not the court.
CASE.add(
    "upload_evidence",
    who=lambda user, case: user.role in UPLOADER_ROLES,
    when=lambda case: not case.state.is_final,
    not_now=_l("Evidence can only be added while the case is open."),
)
