"""Who may reach what: the role × route matrix, generated from ``app.url_map`` and,
for the routes that act on a case, from the action registry (``cases.actions``).

Every route must appear in ``EXPECTED`` or ``ACTIONS``, so a new route without an
access decision fails here. Refused requests must leave the database unchanged.
"""

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from mediation_app.cases.actions import CASE
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.ledger.models import LedgerImport
from mediation_app.sessions.operations import finalise_minutes, save_minutes, schedule_session
from mediation_app.types import utcnow
from tests.conftest import Api, log_in

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
    "cases.list_cases": ("GET", _by_role(200, 302)),
    "cases.new_case": ("GET", _by_role(403, 302, **{r: 200 for r in FILERS})),
    "cases.show_case": ("GET", _visible(200, 302)),
    # A settled case: whoever may withdraw at all is told the state does not allow it.
    # The test document is the acceptance notice, which the court reads too.
    "documents.download_document": ("GET", _visible(200, 302)),
    # Corrections: those in charge (the page asks for a ticked confirmation first: 422).
    # Signing the (unsigned) agreement: the parties and the mediator (confirmation missing: 422);
    # staff only for a named party.
    "documents.sign_agreement": ("POST", _visible(403, 302, applicant=422, respondent=422, mediator=422)),
    "reporting.dashboard": ("GET", _by_role(403, 302, staff=200, liaison=200, other_liaison=200)),
    # The monthly report of the staff's centre; asked without a month here (422).
    "reporting.monthly_report": ("GET", _by_role(403, 302, staff=422)),
    "reporting.static": ("GET", _by_role(200, 200)),
    # Those in charge may extend a running time limit; the case is settled, so: conflict.
    # The respondent answers the invitation (staff record a paper answer); the case is settled.
    "api.mediator_suggestions": ("GET", _by_role(403, 401, staff=200)),
    "api.duplicates": ("GET", _by_role(403, 401, staff=200)),
    "api.declare_conflict": ("POST", _by_role(403, 401, mediator=422, other_mediator=422)),
    # Registration is public; verifying it is for staff (the test user is verified already).
    "parties.register": ("GET", _by_role(200, 200)),
    "documents.verify_page": ("GET", _by_role(200, 200)),
    "api.verification": ("POST", _by_role(200, 200)),
    "cases.queue": ("GET", _by_role(403, 302, mediator=200, other_mediator=200)),
    "cases.declare_conflict": ("POST", _by_role(403, 302, mediator=302, other_mediator=302)),
    "api.queue": ("GET", _by_role(403, 401, mediator=200, other_mediator=200)),
    "parties.registrations": ("GET", _by_role(403, 302, staff=200)),
    "parties.decide": ("POST", _by_role(403, 302, staff=409)),
    "api.register": ("POST", _by_role(422, 422)),
    "api.registrations": ("GET", _by_role(403, 401, staff=200)),
    "api.decide": ("POST", _by_role(403, 401, staff=409)),
    # Recusal: the parties ask while a mediator works the case (settled here: conflict); staff decide.
    "api.recusal_requests": ("GET", _visible(200, 401)),
    # Sessions: arranged by those in charge while the case is accepted or in mediation (it is
    # settled: conflict); the test session is joint and its minutes final, so every party reads them.
    "sessions.save_minutes": ("POST", _visible(403, 302, staff=409, mediator=409)),
    "sessions.finalise_minutes": ("POST", _visible(403, 302, staff=409, mediator=409)),
    "api.list_sessions": ("GET", _visible(200, 401)),
    "api.get_session": ("GET", _visible(200, 401)),
    "api.get_minutes": ("GET", _visible(200, 401)),
    "api.save_minutes": ("PUT", _visible(403, 401, staff=409, mediator=409)),
    "api.finalise_minutes": ("POST", _visible(403, 401, staff=409, mediator=409)),
    # Evidence may be added only while a case is open, and never by the court.
    "evidence.download": ("GET", _visible(200, 302)),
    "api.list_evidence": ("GET", _visible(200, 401)),
    "api.download_evidence": ("GET", _visible(200, 401)),
    "api.openapi": ("GET", _by_role(200, 200)),
    "api.create_token": ("POST", _by_role(422, 422)),  # sent without credentials
    "api.revoke_current_token": ("DELETE", _by_role(204, 401)),
    "api.me": ("GET", _by_role(200, 401)),
    "api.mediators": ("GET", _by_role(403, 401, staff=200)),
    "api.get_totals": ("GET", _by_role(403, 401, staff=200, liaison=200, other_liaison=200)),
    "api.get_statistics": ("GET", _by_role(403, 401, staff=200, liaison=200, other_liaison=200)),
    "api.get_monthly_report": ("GET", _by_role(403, 401, staff=422)),
    "api.list_cases": ("GET", _by_role(200, 401)),
    "api.create_case": ("POST", _by_role(403, 401, **{r: 422 for r in FILERS})),
    "api.get_case": ("GET", _visible(200, 401)),
    "api.events": ("GET", _visible(200, 401)),
    "api.documents": ("GET", _visible(200, 401)),
    "api.download": ("GET", _visible(200, 401)),
    "api.signatures": ("GET", _visible(200, 401)),
    # No method given (422); the mediator countersigns after the parties (409).
    "api.sign": ("POST", _visible(403, 401, applicant=422, respondent=422, mediator=409)),
    # The ledger: staff of the centre; the upload is sent empty (422); the import is the centre's.
    "ledger.index": ("GET", _by_role(403, 302, staff=200)),
    "ledger.export": ("GET", _by_role(403, 302, staff=200)),
    "ledger.upload": ("POST", _by_role(403, 302, staff=422)),
    "ledger.show_import": ("GET", _by_role(403, 302, staff=200)),
    "ledger.import_status": ("GET", _by_role(403, 302, staff=200)),
    "ledger.static": ("GET", _by_role(200, 200)),
    # The survey of the (settled) test case: its parties answer (the body has no score: 422);
    # others who see the case are refused. The evaluation is for staff.
    "surveys.answer": ("GET", _visible(403, 302, applicant=200, respondent=200)),
    "surveys.evaluation": ("GET", _by_role(403, 302, staff=200)),
    # A federation sees its centres' figures, never a case (404 on every case route above).
    "federation.rollup": ("GET", _by_role(403, 302, federation=200)),
    "api.federation_totals": ("GET", _by_role(403, 401, federation=200)),
    # Court linkage. The test case is a settled court-delegated case, not referred (no referral:
    # 404 for all), whose agreement has not taken effect (confirmation steps: conflict).
    # Payments and visits: its mediator and staff (an empty body: 422).
    "api.get_performance": ("GET", _visible(200, 401)),
    "api.list_referrals": ("GET", _by_role(403, 401, staff=200, liaison=200, other_liaison=200)),
    "api.court_outcomes": ("GET", _by_role(403, 401, staff=200, liaison=200, other_liaison=200)),
    "api.get_referral": ("GET", _by_role(404, 401)),
    "api.download_package": ("GET", _by_role(404, 401)),
    "api.acknowledge_referral": ("POST", _by_role(404, 401)),
    "court.download_package": ("GET", _by_role(404, 302)),
    "court.acknowledge": ("POST", _by_role(404, 302)),
    "api.get_confirmation": ("GET", _visible(200, 401)),
    "court.workspace": ("GET", _by_role(403, 302, staff=200, liaison=200, other_liaison=200)),
    "court.export": ("GET", _by_role(403, 302, staff=200, liaison=200, other_liaison=200)),
}

# Routes that act on the test case: endpoint -> (method, the case action it performs, the
# status when the action is allowed now — None where the settled case never allows it).
# Who is refused (403) and when (409) comes from the registry (``cases.actions.CASE``).
ACTIONS = {
    "cases.transition": ("POST", "withdraw", None),
    "documents.correct_document": ("POST", "correct_document", 422),
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
    "api.apply_for_confirmation": ("POST", "apply_for_confirmation", None),
    "api.record_confirmation": ("POST", "record_confirmation", None),
    "court.apply_for_confirmation": ("POST", "apply_for_confirmation", None),
    "court.record_confirmation": ("POST", "record_confirmation", None),
}


def test_every_route_has_an_access_decision(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    decided = set(EXPECTED) | set(ACTIONS)
    assert endpoints == decided, f"routes without a decision: {endpoints - decided}"
    assert not set(EXPECTED) & set(ACTIONS)


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


def _url(app, endpoint, ids):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {
        "static": {"filename": "app.css"},
        "ledger.static": {"filename": "ledger_import.js"},
        "reporting.static": {"filename": "reporting.css"},
        "set_language": {"code": "en"},
        "cases.transition": {"trigger": "withdraw"},
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
        data = {**body, "confirm": "y"} if endpoint == "cases.transition" else {}
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
        minutes = save_minutes(mediator, session.id, {"text": "调解笔录", "version": 0})
        finalise_minutes(mediator, session.id, {"version": minutes.version})
        return session.id


def _ledger_import(app, world) -> int:
    """An import of the test centre, finished."""
    with app.app_context():
        record = LedgerImport(
            centre_id=world.centre_id, started_by_id=world.staff.id, file_name="台账.xlsx", problems=[]
        )
        db.session.add(record)
        db.session.commit()
        return record.id


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
    world.fire(case_id, "settle")
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
            "version": world.load(case_id).version,
        }
        before = _state_of_the_database()
    expectations = {endpoint: (method, by_role[role]) for endpoint, (method, by_role) in EXPECTED.items()}
    for endpoint, (method, action, ok) in ACTIONS.items():
        expectations[endpoint] = (method, _from_registry(app, world, case_id, role, endpoint, action, ok))
    mismatches = []
    for endpoint, (method, expected) in expectations.items():
        url = _url(app, endpoint, ids)
        status = _request(app, world, role, endpoint, method, url, ids["version"])
        if status != expected:
            mismatches.append(f"{method} {url}: {status}, expected {expected}")
    assert mismatches == []
    with app.app_context():
        assert _state_of_the_database() == before
