"""Who sees the figures (``core.workspace``): staff their centre's, a court liaison
its court's slice (``reporting.permissions.statistics_scope``); the monthly report
is the centre's own."""

from mediation_app.core.workspace import WORKSPACE
from workflows.roles import Role

WORKSPACE.add("view_statistics", roles={Role.STAFF, Role.COURT_LIAISON})
WORKSPACE.add("monthly_report", roles={Role.STAFF})
