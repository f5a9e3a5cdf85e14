"""Answering a case's satisfaction survey (``cases.actions``) and evaluating the
centre's mediators (``core.workspace``)."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from mediation_app.core.workspace import WORKSPACE
from mediation_app.surveys.permissions import CONCLUDED, party_of
from workflows.roles import Role

# Each party, once the case went through mediation and ended; once per side (the operation).
CASE.add(
    "answer_survey",
    who=lambda user, case: party_of(user, case) is not None,
    when=lambda case: case.state in CONCLUDED,
    not_now=_l("The survey opens when the case has concluded."),
)
WORKSPACE.add("evaluate_mediators", roles={Role.STAFF})
