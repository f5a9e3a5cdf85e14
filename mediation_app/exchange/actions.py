"""What a user may do with the court exchange: a court's liaison and the centre's staff
exchange its cases (export, import); staff keep the courts' webhook endpoints."""

from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

WORKSPACE.add("exchange_court_cases", roles={Role.COURT_LIAISON, Role.STAFF})
WORKSPACE.add("manage_court_webhooks", roles={Role.STAFF})
