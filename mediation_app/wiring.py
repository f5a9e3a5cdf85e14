"""Where the domains meet: each hook with the receivers attached to it in the order
they run (see ``core.hooks``), the case page's sections, the rules the case timeline
applies to the records it names, and the modules that add their actions to a case's
(``core.actions``; importing one adds its actions). A domain calls its own hooks and
never imports the domains that build on it; this table is the one place that names both."""

# Every domain that adds actions to a case's or to the workspace (importing its module
# adds them; cases and parties import their own).
from mediation_app.evidence import actions as _evidence_actions  # noqa: F401, I001
from mediation_app.sessions import actions as _session_actions  # noqa: F401
from mediation_app.documents import actions as _document_actions  # noqa: F401
from mediation_app.court import actions as _court_actions  # noqa: F401
from mediation_app.surveys import actions as _survey_actions  # noqa: F401
from mediation_app.reporting import actions as _reporting_actions  # noqa: F401
from mediation_app.ledger import actions as _ledger_actions  # noqa: F401
from mediation_app.federation import actions as _federation_actions  # noqa: F401
from mediation_app.auth import actions as _auth_actions  # noqa: F401
from mediation_app.privacy import actions as _privacy_actions  # noqa: F401
from mediation_app.mediators import actions as _mediator_actions  # noqa: F401
from mediation_app.groups import actions as _group_actions  # noqa: F401
from mediation_app.exchange import actions as _exchange_actions  # noqa: F401
from mediation_app.service import actions as _service_actions  # noqa: F401
from mediation_app.agents import actions as _agent_actions  # noqa: F401

from mediation_app.agents.section import agents_section
from mediation_app.cases import sections
from mediation_app.agents.queries import agencies_of, agent_accounts
from mediation_app.cases.hooks import (
    case_moved,
    first_session_ahead,
    party_agents,
    next_sessions,
    register_listing,
    timeline_rules,
    transition_done,
)
from mediation_app.core.visibility import agencies_found
from mediation_app.court.hooks import confirmation_applied, payment_recorded
from mediation_app.court.operations import on_case_concluded
from mediation_app.court.section import court_section
from mediation_app.documents.hooks import document_stored
from mediation_app.documents.operations import issue_for_transition, issue_minutes
from mediation_app.documents.section import document_section
from mediation_app.evidence.queries import visible_evidence_ids
from mediation_app.exchange import operations as exchange
from mediation_app.evidence.section import evidence_section
from mediation_app.groups.section import group_section
from mediation_app.mediators import queries as mediator_queries
from mediation_app.reporting.operations import record_case_move, record_performance
from mediation_app.service.invitations import invite_by_sms
from mediation_app.service.operations import serve_document
from mediation_app.service.section import service_section
from mediation_app.sessions import queries as session_queries
from mediation_app.sessions.hooks import minutes_finalised
from mediation_app.sessions.section import case_section as session_section


def connect_hooks() -> None:
    case_moved.connect(record_case_move)  # the centre's tallies and monthly figures
    transition_done.connect(issue_for_transition)  # first: a referral carries the termination notice
    transition_done.connect(on_case_concluded)  # a failed court case goes back to its court
    transition_done.connect(invite_by_sms)  # a respondent without an account, at the filer's mobile
    transition_done.connect(exchange.on_transition)  # last: the court's webhook reads the case as left
    confirmation_applied.connect(exchange.on_confirmation_applied)
    payment_recorded.connect(record_performance)
    minutes_finalised.connect(issue_minutes)
    document_stored.connect(serve_document)  # served on the parties once its file exists
    next_sessions.connect(session_queries.next_sessions)
    first_session_ahead.connect(session_queries.first_session_ahead)
    register_listing.connect(mediator_queries.listing)
    agencies_found.connect(agencies_of)  # the cases an agent's own account acts in
    party_agents.connect(agent_accounts)  # agents are told what their party is

    timeline_rules.update(
        evidence_id=visible_evidence_ids,
        session_id=session_queries.visible_session_ids,
        minutes_id=session_queries.visible_minutes_ids,
    )
    sections_in_order = (
        group_section,
        agents_section,
        evidence_section,
        session_section,
        document_section,
        service_section,
        court_section,
    )
    for section in sections_in_order:
        sections.attach(section)
