"""Who may reach what: the role × route matrix, generated from ``app.url_map`` and,
for the routes that act on a case or on no object, from the action registries
(``cases.actions``, ``core.workspace``).

Every route must appear in ``EXPECTED`` or ``ACTIONS``, so a new route without an
access decision fails here. Refused requests must leave the database unchanged.
"""

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from mediation_app.cases.actions import CASE
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.core.workspace import WORKSPACE
from mediation_app.court.operations import apply_for_confirmation
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.groups.operations import file_group
from mediation_app.ledger.models import LedgerImport
from mediation_app.mediators.operations import record_training
from mediation_app.notifications.models import Notification
from mediation_app.service.links import open_url
from mediation_app.service.models import ServiceRecord
from mediation_app.sessions.operations import finalise_minutes, save_minutes, schedule_session
from mediation_app.types import utcnow
from tests.conftest import Api, log_in
from tests.factories import held

pytestmark = pytest.mark.with_documents  # these tests read the PDFs the transitions issue

ROLES = [
    "anonymous",
    "applicant",
    "respondent",
    "outsider",
    "staff",
    "mediator",
    "other_mediator",
    "liaison",
    "other_liaison",
    "admin",
    "federation",
]
CASE_PARTIES = {"applicant", "respondent", "staff", "mediator", "liaison"}  # who sees the test case
FILERS = {"applicant", "respondent", "outsider", "staff", "liaison", "other_liaison"}
# Pages whose action asks for a ticked confirmation, sent ticked.
CONFIRMED = {"cases.transition", "accounts.reset_password", "accounts.set_active", "accounts.change_role"}


def _by_role(default, anonymous, **overrides):
    return {role: overrides.get(role, anonymous if role == "anonymous" else default) for role in ROLES}


def _visible(status, anonymous, **overrides):
    return _by_role(404, anonymous, **{role: status for role in CASE_PARTIES} | overrides)


# endpoint -> (method, expected status per role). Anonymous pages redirect to the login.
EXPECTED = {
    "static": ("GET", _by_role(200, 200)),
    "set_language": ("POST", _by_role(302, 302)),
    "auth.login": ("GET", _by_role(302, 200)),
    "auth.logout": ("POST", _by_role(302, 302)),
    "cases.index": ("GET", _by_role(302, 302)),
    "cases.show_case": ("GET", _visible(200, 302)),
    # The test document is the acceptance notice, which the court reads too.
    "documents.download_document": ("GET", _visible(200, 302)),
    # Signing: the test case's agreement took effect (everyone signed): 409 for its signers;
    # staff sign only for a named party.
    # (the page asks for its confirmation first: 422)
    "documents.sign_agreement": ("POST", _visible(403, 302, applicant=422, respondent=422, mediator=422)),
    "reporting.static": ("GET", _by_role(200, 200)),
    # Registration is public; verifying it is for staff (the test user is verified already).
    "parties.register": ("GET", _by_role(200, 200)),
    "privacy.notice": ("GET", _by_role(200, 200)),
    "api.my_data": ("GET", _by_role(200, 401)),  # anyone's own data
    "documents.verify_page": ("GET", _by_role(200, 200)),
    "api.verification": ("POST", _by_role(200, 200)),
    "parties.decide": ("POST", _by_role(403, 302, staff=409)),
    "api.register": ("POST", _by_role(422, 422)),
    "api.decide": ("POST", _by_role(403, 401, staff=409)),
    "api.recusal_requests": ("GET", _visible(200, 401)),
    # Sessions: arranged by those in charge while the case is accepted or in mediation (it is
    # settled: conflict); the test session is joint and its minutes final, so every party reads them.
    "sessions.save_minutes": ("POST", _visible(403, 302, staff=409, mediator=409)),
    "sessions.finalise_minutes": ("POST", _visible(403, 302, staff=409, mediator=409)),
    "api.list_sessions": ("GET", _visible(200, 401)),
    "api.get_session": ("GET", _visible(200, 401)),
    # The session's calendar file: whoever sees the (joint) test session.
    "sessions.calendar": ("GET", _visible(200, 302)),
    "api.session_calendar": ("GET", _visible(200, 401)),
    "api.get_minutes": ("GET", _visible(200, 401)),
    "api.save_minutes": ("PUT", _visible(403, 401, staff=409, mediator=409)),
    "api.finalise_minutes": ("POST", _visible(403, 401, staff=409, mediator=409)),
    "evidence.download": ("GET", _visible(200, 302)),
    "api.list_evidence": ("GET", _visible(200, 401)),
    "api.download_evidence": ("GET", _visible(200, 401)),
    "api.list_agents": ("GET", _visible(200, 401)),
    "api.openapi": ("GET", _by_role(200, 200)),
    "health.healthz": ("GET", _by_role(200, 200)),
    "health.readyz": ("GET", _by_role(200, 200)),
    "prometheus_metrics": ("GET", _by_role(200, 200)),  # from this machine (see test_observability)
    "api.create_token": ("POST", _by_role(422, 422)),  # sent without credentials
    "api.revoke_current_token": ("DELETE", _by_role(204, 401)),
    # One's own account: every user. The token id is nobody's (404).
    "auth.log_out_everywhere": ("POST", _by_role(302, 302)),
    "auth.change_password": ("GET", _by_role(200, 302)),
    "auth.tokens": ("GET", _by_role(200, 302)),
    "auth.revoke_token": ("POST", _by_role(404, 302)),
    "api.list_tokens": ("GET", _by_role(200, 401)),
    "api.revoke_my_token": ("DELETE", _by_role(404, 401)),
    "api.log_out_everywhere": ("POST", _by_role(204, 401)),
    "api.change_password": ("POST", _by_role(422, 401)),  # sent without the passwords
    "api.me": ("GET", _by_role(200, 401)),
    # One's own notifications: every user. The test notification is the applicant's: to
    # everyone else it does not exist (a person sees and marks only their own).
    "notifications.inbox": ("GET", _by_role(200, 302)),
    "notifications.mark_read": ("POST", _by_role(404, 302, applicant=302)),
    "notifications.mark_all_read": ("POST", _by_role(302, 302)),
    "api.list_notifications": ("GET", _by_role(200, 401)),
    "api.mark_notification_read": ("POST", _by_role(404, 401, applicant=200)),
    "api.mark_all_notifications_read": ("POST", _by_role(200, 401)),
    # One's own notice preferences (the API body names none: 422).
    "notifications.preferences": ("GET", _by_role(200, 302)),
    "api.get_notice_preferences": ("GET", _by_role(200, 401)),
    "api.set_notice_preferences": ("PUT", _by_role(422, 401)),
    "api.get_case": ("GET", _visible(200, 401)),
    "api.events": ("GET", _visible(200, 401)),
    "api.documents": ("GET", _visible(200, 401)),
    "api.download": ("GET", _visible(200, 401)),
    "api.signatures": ("GET", _visible(200, 401)),
    "api.sign": ("POST", _visible(403, 401, applicant=409, respondent=409, mediator=409)),
    # A refusal to sign: the parties' (409: the agreement took effect); staff name the party.
    "api.refuse_to_sign": ("POST", _visible(403, 401, applicant=409, respondent=409)),
    "documents.refuse_to_sign": ("POST", _visible(403, 302, applicant=422, respondent=422)),
    "ledger.static": ("GET", _by_role(200, 200)),
    # Court linkage. The test case is a settled court-delegated case, not referred (no referral:
    # 404 for all).
    "api.get_performance": ("GET", _visible(200, 401)),
    "api.get_referral": ("GET", _by_role(404, 401)),
    "api.download_package": ("GET", _by_role(404, 401)),
    "api.acknowledge_referral": ("POST", _by_role(404, 401)),
    "court.download_package": ("GET", _by_role(404, 302)),
    "court.acknowledge": ("POST", _by_role(404, 302)),
    "api.get_confirmation": ("GET", _visible(200, 401)),
    # The centre's public register of mediators: anyone.
    "mediators.public": ("GET", _by_role(200, 200)),
    "api.public_register_entries": ("GET", _by_role(200, 200)),
    # The test group (one member, between the test case's parties, filed): seen by those who
    # see its member; assigned by staff only (422: the body names no mediator).
    "groups.show_group": ("GET", _by_role(404, 302, applicant=200, respondent=200, staff=200)),
    "api.get_case_group": ("GET", _by_role(404, 401, applicant=200, respondent=200, staff=200)),
    "groups.assign_group": ("POST", _by_role(403, 302, staff=422)),
    "api.assign_case_group": ("POST", _by_role(403, 401, staff=422)),
    "api.group_mediator_suggestions": ("GET", _by_role(403, 401, staff=200)),
    # The court exchange: the format's schema for anyone signed in; the (court-delegated) test
    # case for its court's liaison and staff; the delivery id is nobody's (staff: 404).
    "api.exchange_schema": ("GET", _by_role(200, 401)),
    "api.export_case": ("GET", _by_role(403, 401, staff=200, liaison=200, other_liaison=404)),
    "api.replay_delivery": ("POST", _by_role(403, 401, staff=404)),
    "exchange.replay": ("POST", _by_role(403, 302, staff=404)),
    # Agreements for several members: their mediator's; the test group's member waits for one,
    # so no mediator sees it (404).
    "groups.record_agreements": ("POST", _by_role(403, 302, mediator=404, other_mediator=404)),
    "api.record_case_group_agreements": ("POST", _by_role(403, 401, mediator=404, other_mediator=404)),
    # Service: whoever sees the case follows its service (a party its own). A served
    # document's link is the recipient's, whoever holds it: the test one opens its record.
    "api.case_service": ("GET", _visible(200, 401)),
    "api.service_addresses": ("GET", _visible(200, 401)),
    "service.open_document": ("GET", _by_role(200, 200)),
    # The SMS gateway's delivery reports: refused to anyone without its signature.
    "service.sms_callback": ("POST", _by_role(403, 403)),
}

# Routes beyond any one case: endpoint -> (method, the workspace action it needs, the status
# for those who may take it). Who is refused (403) comes from the registry (``core.workspace``).
WORKSPACE_ROUTES = {
    "cases.list_cases": ("GET", "list_cases", 200),
    "api.list_cases": ("GET", "list_cases", 200),
    "cases.new_case": ("GET", "file_case", 200),
    "groups.new_group": ("GET", "file_case_group", 200),
    "groups.list_groups": ("GET", "list_case_groups", 200),
    "api.list_case_groups": ("GET", "list_case_groups", 200),
    "api.create_case_group": ("POST", "file_case_group", 422),  # no members
    "api.create_case": ("POST", "file_case", 422),  # an empty body
    "api.organisations": ("GET", "file_case", 422),  # asked without a name
    "api.mediator_suggestions": ("GET", "manage_intake", 200),
    "api.duplicates": ("GET", "manage_intake", 200),
    "cases.duplicates": ("GET", "manage_intake", 200),
    "api.mediators": ("GET", "manage_intake", 200),
    "cases.queue": ("GET", "work_queue", 200),
    "api.queue": ("GET", "work_queue", 200),
    "cases.declare_conflict": ("POST", "declare_conflict", 302),  # back to the queue with the errors
    "api.declare_conflict": ("POST", "declare_conflict", 422),
    "reporting.dashboard": ("GET", "view_statistics", 200),
    "api.get_totals": ("GET", "view_statistics", 200),
    # The centre's accounts; the test account is the outsider's, an enterprise user's. Resetting,
    # disabling and a new role are sent confirmed (reset: the page with the password); the
    # other forms are sent without their fields.
    # The centre's seal: none uploaded in the test world (its image: 404); an empty upload 422.
    "documents.centre_seal": ("POST", "manage_centre_seal", 422),
    "documents.centre_seal_image": ("GET", "manage_centre_seal", 404),
    "accounts.list_accounts": ("GET", "manage_accounts", 200),
    "accounts.create_account": ("POST", "manage_accounts", 422),
    "accounts.reset_password": ("POST", "manage_accounts", 200),
    "accounts.set_active": ("POST", "manage_accounts", 302),
    "accounts.change_role": ("POST", "manage_accounts", 422),
    "accounts.set_mediator_profile": ("POST", "manage_accounts", 422),
    "api.list_accounts": ("GET", "manage_accounts", 200),
    "api.create_account": ("POST", "manage_accounts", 422),
    "api.reset_account_password": ("POST", "manage_accounts", 200),
    "api.set_account_active": ("POST", "manage_accounts", 422),
    "api.change_account_role": ("POST", "manage_accounts", 422),
    "api.set_mediator_profile": ("POST", "manage_accounts", 422),
    # The mediator register, kept by staff; the test mediator's entry is saved as sent (the
    # body names none of its fields), a training without its fields is refused, and the test
    # training is removed by the API only, after the page asked for its confirmation.
    "mediators.register": ("GET", "manage_mediator_register", 200),
    "mediators.entry": ("GET", "manage_mediator_register", 200),
    "mediators.save_entry": ("POST", "manage_mediator_register", 302),
    "mediators.add_training": ("POST", "manage_mediator_register", 422),
    "mediators.remove_training": ("POST", "manage_mediator_register", 422),
    "api.list_register_entries": ("GET", "manage_mediator_register", 200),
    "api.update_register_entry": ("PUT", "manage_mediator_register", 200),
    "api.record_training": ("POST", "manage_mediator_register", 422),
    "api.remove_training": ("DELETE", "manage_mediator_register", 204),
    "api.get_statistics": ("GET", "view_statistics", 200),
    "reporting.monthly_report": ("GET", "monthly_report", 422),  # asked without a month
    "api.get_monthly_report": ("GET", "monthly_report", 422),
    "parties.registrations": ("GET", "review_registrations", 200),
    "parties.reveal_contact": ("POST", "reveal_personal_data", 422),  # sent without a reason
    "api.reveal_contact": ("POST", "reveal_personal_data", 422),
    "api.registrations": ("GET", "review_registrations", 200),
    "ledger.index": ("GET", "keep_ledger", 200),
    "ledger.export": ("GET", "keep_ledger", 200),
    "ledger.upload": ("POST", "keep_ledger", 422),  # sent empty
    "ledger.show_import": ("GET", "keep_ledger", 200),  # an import of the staff's centre
    "ledger.import_status": ("GET", "keep_ledger", 200),
    "surveys.evaluation": ("GET", "evaluate_mediators", 200),
    # The shortlist's rule, sent without its thresholds: refused (422).
    "surveys.save_rule": ("POST", "evaluate_mediators", 422),
    "surveys.export_workbook": ("GET", "evaluate_mediators", 200),
    "surveys.export_pdf": ("GET", "evaluate_mediators", 200),
    "api.mediator_evaluation": ("GET", "evaluate_mediators", 200),
    "api.save_star_rule": ("PUT", "evaluate_mediators", 422),
    "federation.rollup": ("GET", "view_member_centres", 200),
    "federation.export": ("GET", "view_member_centres", 200),
    "api.federation_totals": ("GET", "view_member_centres", 200),
    "court.workspace": ("GET", "court_workspace", 200),
    "court.export": ("GET", "court_workspace", 200),
    "api.list_referrals": ("GET", "court_workspace", 200),
    "api.court_outcomes": ("GET", "court_workspace", 200),
    "api.export_cases": ("GET", "exchange_court_cases", 422),  # asked without a court
    "api.import_cases": ("POST", "exchange_court_cases", 422),  # a body that is no batch
    "api.list_endpoints": ("GET", "manage_court_webhooks", 200),
    "api.register_endpoint": ("POST", "manage_court_webhooks", 422),
    "api.list_deliveries": ("GET", "manage_court_webhooks", 200),
    "exchange.page": ("GET", "exchange_court_cases", 200),
    "exchange.download": ("GET", "exchange_court_cases", 422),  # asked without a court
    "exchange.upload": ("POST", "exchange_court_cases", 422),  # no file
    "exchange.register": ("POST", "manage_court_webhooks", 422),
}

# Routes that act on the test case: endpoint -> (method, the case action it performs, the
# status when the action is allowed now — None where the settled case never allows it).
# Who is refused (403) and when (409) comes from the registry (``cases.actions.CASE``).
ACTIONS = {
    "cases.transition": ("POST", "withdraw", None),
    "documents.correct_document": ("POST", "correct_document", 422),
    "documents.produce_again": ("POST", "produce_document_again", 409),  # the document was produced
    "cases.extend_deadline": ("POST", "extend_deadline", None),
    "api.extend_deadline": ("POST", "extend_deadline", None),
    "cases.respondent_consent": ("POST", "record_consent", None),
    "api.respondent_consent": ("POST", "record_consent", None),
    "api.request_recusal": ("POST", "request_recusal", None),
    "api.decide_recusal": ("POST", "decide_recusal", None),
    "cases.request_recusal": ("POST", "request_recusal", None),
    "cases.decide_recusal": ("POST", "decide_recusal", None),
    "sessions.schedule": ("POST", "schedule_session", None),
    "sessions.reschedule": ("POST", "schedule_session", None),
    "sessions.cancel": ("POST", "schedule_session", None),
    "api.schedule_session": ("POST", "schedule_session", None),
    "api.reschedule_session": ("POST", "schedule_session", None),
    "api.cancel_session": ("POST", "schedule_session", None),
    "evidence.upload": ("POST", "upload_evidence", None),
    "api.upload_evidence": ("POST", "upload_evidence", None),
    "api.correction": ("POST", "correct_document", 422),
    "api.transition": ("POST", "withdraw", None),
    "api.answer_case_survey": ("POST", "answer_survey", 422),
    "api.record_payment": ("POST", "record_payment", 422),
    "api.record_visit": ("POST", "record_visit", 422),
    "court.record_payment": ("POST", "record_payment", 422),
    "court.record_visit": ("POST", "record_visit", 422),
    "api.attach_delegation_letter": ("POST", "attach_delegation_letter", 422),
    "court.attach_letter": ("POST", "attach_delegation_letter", 422),
    # The test case's agreement took effect and the application is made (409 again); the court
    # records its decision (422: none given).
    "api.apply_for_confirmation": ("POST", "apply_for_confirmation", None),
    "api.record_confirmation": ("POST", "record_confirmation", 422),
    "court.apply_for_confirmation": ("POST", "apply_for_confirmation", None),
    "court.record_confirmation": ("POST", "record_confirmation", 422),
    # A party's service address: the page (staff name the party there), and the API (the body
    # is not an address: 422); staff's certificate (no party named), postal record (no EMS
    # number) and address sheet of the test case's first paper record.
    "service.service_address": ("GET", "give_service_address", 200),
    "api.give_service_address": ("PUT", "give_service_address", 422),
    "service.issue_certificate": ("POST", "issue_service_certificate", 422),
    "api.issue_service_certificate": ("POST", "issue_service_certificate", 422),
    "service.record_postal_service": ("POST", "record_postal_service", 422),
    "api.record_postal_service": ("POST", "record_postal_service", 422),
    "service.address_sheet": ("GET", "record_postal_service", 200),
    # A party's agents: appointed by its own user or staff (the form is empty: 422); the
    # agent revoked is nobody's (404), and the page asks to confirm the revocation first.
    "agents.appoint": ("GET", "appoint_agent", 200),
    "api.appoint_agent": ("POST", "appoint_agent", 422),
    "agents.revoke": ("POST", "revoke_agent", 422),
    "api.revoke_agent": ("POST", "revoke_agent", 404),
    # The survey page of the (settled) test case: its parties answer it.
    "surveys.answer": ("GET", "answer_survey", 200),
}


def test_every_route_has_an_access_decision(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    tables = (EXPECTED, ACTIONS, WORKSPACE_ROUTES)
    decided = set().union(*tables)
    assert endpoints == decided, f"routes without a decision: {endpoints - decided}"
    assert sum(map(len, tables)) == len(decided), "a route is decided twice"


def test_every_workspace_action_guards_a_route():
    assert {action for _method, action, _ok in WORKSPACE_ROUTES.values()} == set(WORKSPACE.actions)


def _from_registry(app, world, case_id, role, endpoint, action, ok) -> int:
    """The answer the action registry gives ``role`` for ``action`` on the test case."""
    if role == "anonymous":
        return 401 if endpoint.startswith("api.") else 302
    if role not in CASE_PARTIES:
        return 404  # the case is not visible: answered as a missing one
    with app.app_context():
        user, case = getattr(world, role).user(), world.load(case_id)
        if not CASE[action].may(user, case):
            return 403
        if not CASE[action].when(case):
            return 409
        assert ok is not None, f"{endpoint}: {action} is allowed to {role} now; say what it answers"
        return ok


def _from_workspace(app, world, role, endpoint, action, ok) -> int:
    """The answer the registry gives ``role`` for workspace ``action``."""
    if role == "anonymous":
        return 401 if endpoint.startswith("api.") else 302
    with app.app_context():
        return ok if WORKSPACE[action].may(getattr(world, role).user(), None) else 403


def _url(app, endpoint, ids):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {
        "static": {"filename": "app.css"},
        "ledger.static": {"filename": "ledger_import.js"},
        "reporting.static": {"filename": "reporting.css"},
        "set_language": {"code": "en"},
        "cases.transition": {"trigger": "withdraw"},
        "mediators.public": {"code": "test"},
        "api.public_register_entries": {"code": "test"},
        "service.address_sheet": {"party": "applicant"},
    }.get(endpoint, {})
    values |= {arg: ids[arg] for arg in rule.arguments if arg in ids}
    with app.test_request_context():
        return url_for(endpoint, **values)


def _request(app, world, role, endpoint, method, url, version):
    client = app.test_client()
    person = None if role == "anonymous" else getattr(world, role)
    body = {"trigger": "withdraw", "version": version, "reason": "x"}
    if endpoint.startswith("api."):
        api = Api(client)
        if person:
            api.login(person)
        empty = ("api.create_case", "api.create_token", "api.register", "api.correction")
        json = {} if endpoint in empty else body
        response = api.call(
            method, url.removeprefix("/api/v1"), json=json if method in ("POST", "PUT") else None
        )
    else:
        if person:
            log_in(client, person)
        data = {**body, "confirm": "yes"} if endpoint in CONFIRMED else {}
        response = client.open(url, method=method, data=data)
    response.close()
    return response.status_code


def _held_session(app, world, case_id: int) -> int:
    """A joint session of the case, held: its minutes are final."""
    start = utcnow() + timedelta(days=1)
    when = {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()}
    with app.app_context():
        mediator = world.mediator.user()
        session = schedule_session(mediator, case_id, {**when, "place": "调解室"})
        held(session.id)
        minutes = save_minutes(mediator, session.id, {"text": "调解笔录", "version": 0})
        finalise_minutes(mediator, session.id, {"version": minutes.version})
        return session.id


def _training(world) -> int:
    """A training of the test mediator, recorded by staff."""
    return record_training(
        world.staff.user(), world.mediator.id, {"course": "调解技巧", "held_on": "2026-03-01", "hours": "3"}
    ).id


def _ledger_import(app, world) -> int:
    """An import of the test centre, finished."""
    with app.app_context():
        record = LedgerImport(
            centre_id=world.centre_id, started_by_id=world.staff.id, file_name="台账.xlsx", problems=[]
        )
        db.session.add(record)
        db.session.commit()
        return record.id


def _group(world) -> int:
    """A group of one filed member between the test case's parties, filed by staff."""
    filing = world.filing()
    member = {key: filing[key] for key in ("respondent", "claim_amount", "summary")}
    return file_group(world.staff.user(), {"applicant": filing["applicant"], "members": [member]}).id


def _first_service_record(case_id: int) -> int:
    """The test case's first document's service on a party (by post: no address was given)."""
    return db.session.scalar(
        select(ServiceRecord.id).where(ServiceRecord.case_id == case_id).order_by(ServiceRecord.id).limit(1)
    )


def _state_of_the_database():
    return (
        db.session.scalar(select(func.count()).select_from(Case)),
        db.session.scalar(select(func.count()).select_from(CaseEvent)),
    )


@pytest.mark.parametrize("role", ROLES)
def test_role_route_matrix(app, world, role):
    case_id = world.case("mediated", source="court_delegated", court_case_number="(2024)苏0621民诉前调88号")
    evidence_id = world.evidence(case_id)
    session_id = _held_session(app, world, case_id)
    world.fire(case_id, "settle")  # every party and the mediator signed it
    with app.app_context():  # and the parties applied for its judicial confirmation
        apply_for_confirmation(world.staff.user(), case_id, {})
    with app.app_context():
        ids = {
            "case_id": case_id,
            "document_id": db.session.scalar(  # the acceptance notice, which the court reads too
                select(Document.id).where(Document.case_id == case_id).order_by(Document.id).limit(1)
            ),
            "evidence_id": evidence_id,
            "session_id": session_id,
            "import_id": _ledger_import(app, world),
            "user_id": world.outsider.id,
            "token_id": 999_999,  # nobody's
            "delivery_id": 999_999,  # nobody's
            "agent_id": 999_999,  # nobody's
            "mediator_id": world.mediator.id,
            "training_id": _training(world),
            "group_id": _group(world),
            "record_id": (record_id := _first_service_record(case_id)),
            "token": open_url(record_id).rsplit("/", 1)[1],
            "notification_id": db.session.scalar(  # the applicant's notice of the acceptance
                select(Notification.id).where(Notification.user_id == world.applicant.id).limit(1)
            ),
            "version": world.load(case_id).version,
        }
        before = _state_of_the_database()
    expectations = {endpoint: (method, by_role[role]) for endpoint, (method, by_role) in EXPECTED.items()}
    for endpoint, (method, action, ok) in ACTIONS.items():
        expectations[endpoint] = (method, _from_registry(app, world, case_id, role, endpoint, action, ok))
    for endpoint, (method, action, ok) in WORKSPACE_ROUTES.items():
        expectations[endpoint] = (method, _from_workspace(app, world, role, endpoint, action, ok))
    mismatches = []
    for endpoint, (method, expected) in expectations.items():
        url = _url(app, endpoint, ids)
        status = _request(app, world, role, endpoint, method, url, ids["version"])
        if status != expected:
            mismatches.append(f"{method} {url}: {status}, expected {expected}")
    assert mismatches == []
    with app.app_context():
        assert _state_of_the_database() == before
