"""Where the domains meet: each hook, and the receivers attached to it in the order
they run (see ``core.hooks``). A domain calls its own hooks and never imports the
domains that build on it; this table is the one place that names both sides."""

from mediation_app.cases.hooks import case_moved, transition_done
from mediation_app.court.hooks import payment_recorded
from mediation_app.court.operations import on_case_concluded
from mediation_app.documents.operations import issue_for_transition, issue_minutes
from mediation_app.reporting.operations import record_case_move, record_performance
from mediation_app.sessions.hooks import minutes_finalised


def connect_hooks() -> None:
    case_moved.connect(record_case_move)  # the centre's tallies and monthly figures
    transition_done.connect(issue_for_transition)  # first: a referral carries the termination notice
    transition_done.connect(on_case_concluded)  # a failed court case goes back to its court
    payment_recorded.connect(record_performance)
    minutes_finalised.connect(issue_minutes)
