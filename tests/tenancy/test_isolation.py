"""Tenancy: the people of one centre reach nothing of another, in both directions.

The routes come from ``app.url_map``: every route that takes an id is walked by every
person of one centre with the other centre's ids, and must answer 404, exactly as
for a missing record, changing nothing. A route taking an id this module does not
know fails ``test_every_id_a_route_takes_is_known`` until it is added here.
"""

import json

import pytest
from flask import url_for
from sqlalchemy import func, select

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from tests.conftest import Api, log_in
from tests.factories import uscc
from tests.tenancy.conftest import COMMON_NAME, COMMON_USCC

DIRECTIONS = [pytest.param((0, 1), id="A-to-B"), pytest.param((1, 0), id="B-to-A")]
# Arguments that are not records: a static file, a language, a lifecycle trigger.
# A served document's link (``service.links``): held by its recipient, a record of no centre.
NOT_IDS = {"filename": "app.css", "code": "en", "trigger": "withdraw", "party": "applicant", "token": "x"}
# The records routes name by id, and the one the test walks for each (see conftest).
ID_KINDS = {
    "case_id",
    "document_id",
    "evidence_id",
    "session_id",
    "user_id",
    "import_id",
    "token_id",
    "notification_id",
    "mediator_id",
    "training_id",
    "group_id",
    "delivery_id",
    "record_id",
    "agent_id",
}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Sub-records the walked (settled) case has none of, so their routes answer 404 even
# to its own centre's staff: a referral to court belongs to a case that failed.
ABSENT_FROM_THE_SETTLED_CASE = ("/referral",)
# Records the walk removes before it reaches this route: the API's DELETE of the same
# training comes first in the walk's (alphabetical) order.
REMOVED_EARLIER_IN_THE_WALK = ("/mediator-trainings/",)
# A served document's signed link: a made-up one opens nothing, for anyone (404).
MADE_UP = ("/service/open/",)
# What a hand-made request sends: every field some route might act on.
BODY = {"trigger": "withdraw", "version": 1, "reason": "x", "approved": True, "granted": True}


def _routes(app, with_ids: bool) -> list[tuple[object, str]]:
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if bool(rule.arguments - set(NOT_IDS)) == with_ids and rule.endpoint != "static":
            found += [(rule, method) for method in sorted(rule.methods - IGNORED_METHODS)]
    return found


def _url(app, rule, ids: dict) -> str:
    values = {arg: ids.get(arg, NOT_IDS.get(arg)) for arg in rule.arguments}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


class Visitor:
    """One person, on the pages (cookie session) and on the API (bearer token)."""

    def __init__(self, app, person):
        self.pages = log_in(app.test_client(), person)
        self.api = Api(app.test_client()).login(person)

    def open(self, method: str, url: str):
        if url.startswith("/api/v1/"):
            json_body = BODY if method in ("POST", "PUT") else None
            response = self.api.call(method, url.removeprefix("/api/v1"), json=json_body)
        else:
            data = {**BODY, "approved": "yes", "granted": "yes", "confirm": "y"}
            response = self.pages.open(url, method=method, data=data if method == "POST" else None)
        response.get_data()  # read (a streamed file too) before closing
        response.close()
        return response

    def text(self, url: str) -> str:
        """The response as a reader sees it (JSON decoded: no \\u escapes hiding names)."""
        response = self.open("GET", url)
        if response.is_json:
            return json.dumps(response.get_json(), ensure_ascii=False)
        return response.get_data().decode(errors="replace")  # (a spreadsheet stays opaque)


def _snapshot(app):
    """Row counts of every table, and the fields a refused action might have changed."""
    with app.app_context():
        counts = {
            t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables
        }
        cases = db.session.execute(select(Case.id, Case.version, Case.state, Case.mediator_id)).all()
        users = db.session.execute(select(User.id, User.verified_at, User.active)).all()
        return counts, sorted(cases), sorted(users)


def test_every_id_a_route_takes_is_known(app):
    unknown = {
        rule.endpoint: sorted(rule.arguments - set(NOT_IDS) - ID_KINDS)
        for rule in app.url_map.iter_rules()
        if rule.arguments - set(NOT_IDS) - ID_KINDS
    }
    assert unknown == {}, "add these ids to the tenancy test (tests/tenancy/conftest.py)"


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_no_route_reaches_a_record_of_the_other_centre(app, centres, direction):
    """Everyone gets exactly the refusal a missing id gets: 404 where the route looks
    the record up, or the same 403 / 400 where the role or the body is refused first."""
    mine, theirs = (centres[i] for i in direction)
    visitors = {name: Visitor(app, person) for name, person in mine.people().items()}
    before = _snapshot(app)
    routes = _routes(app, with_ids=True)
    assert len(routes) > 30  # the walk covers the case, session, evidence, document and user routes
    missing = dict.fromkeys(ID_KINDS, 10**9)
    leaks = []
    for name, visitor in visitors.items():
        for rule, method in routes:
            url = _url(app, rule, theirs.ids)
            status = visitor.open(method, url).status_code
            as_missing = visitor.open(method, _url(app, rule, missing)).status_code
            if status != as_missing or status < 400:
                leaks.append(f"{name} of {mine.code}: {method} {url} -> {status} ({as_missing} when missing)")
    assert leaks == [], "\n".join(leaks)
    assert _snapshot(app) == before


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_staff_reach_their_own_centres_records_by_the_same_routes(app, centres, direction):
    """The control for the walk above: its 404s come from the centre, not the route."""
    mine = centres[direction[0]]
    visitor = Visitor(app, mine.staff)
    not_found = [
        f"{method} {url}"
        for rule, method in _routes(app, with_ids=True)
        if not any(
            part in rule.rule for part in ABSENT_FROM_THE_SETTLED_CASE + REMOVED_EARLIER_IN_THE_WALK + MADE_UP
        )
        and visitor.open(method, url := _url(app, rule, mine.ids)).status_code == 404
    ]
    assert not_found == []


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_no_page_or_list_shows_anything_of_the_other_centre(app, centres, direction):
    mine, theirs = (centres[i] for i in direction)
    searches = [f"?party={theirs.own_enterprise}", f"?mediator_id={theirs.mediator.id}"]
    leaks = []
    for name, person in mine.people().items():
        visitor = Visitor(app, person)
        for rule, method in _routes(app, with_ids=False):
            if method != "GET":
                continue
            url = _url(app, rule, {})
            for query in ["", *searches] if rule.endpoint.endswith("list_cases") else [""]:
                shown = visitor.text(url + query)
                if "party=" in query:  # the search form shows the term searched for; results would
                    shown = shown.replace(theirs.own_enterprise, "")  # show the case numbers too
                leaks += [
                    f"{name} of {mine.code}: {url}{query} shows {m}" for m in theirs.markers if m in shown
                ]
    assert leaks == []


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_the_shared_enterprise_and_court_see_each_centres_cases_through_that_centres_account(
    app, centres, direction
):
    mine, theirs = (centres[i] for i in direction)
    own_numbers = {m for m in mine.markers if "字第" in m}
    for person in (mine.applicant, mine.liaison):
        listed = Api(app.test_client()).login(person).get("/cases").get_json()["items"]
        numbers = {c["number"] for c in listed}
        assert numbers and numbers <= own_numbers
        assert not numbers & {m for m in theirs.markers if "字第" in m}


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_mediator_of_the_other_centre_is_neither_suggested_nor_assignable(app, centres, direction):
    mine, theirs = (centres[i] for i in direction)
    staff = Api(app.test_client()).login(mine.staff)
    case_id = mine.open_case_id
    suggested = staff.get(f"/cases/{case_id}/mediator-suggestions").get_json()
    assert [s["mediator"]["id"] for s in suggested] == [mine.mediator.id]
    assert [m["id"] for m in staff.get("/mediators").get_json()] == [mine.mediator.id]
    before = _snapshot(app)
    refused = staff.fire(case_id, "assign", mediator_id=theirs.mediator.id)
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"mediator_id"}
    assert _snapshot(app) == before
    # (the same parties' earlier case makes their own mediator a flagged choice: say why)
    assigned = staff.fire(case_id, "assign", mediator_id=mine.mediator.id, override_reason="双方同意")
    assert assigned.status_code == 200
    version = staff.get(f"/cases/{case_id}").get_json()["version"]
    refused = staff.fire(case_id, "reassign", mediator_id=theirs.mediator.id, version=version)
    assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == {"mediator_id"}


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_filing_naming_the_other_centre_stays_in_ones_own(app, centres, direction):
    mine, theirs = (centres[i] for i in direction)
    staff = Api(app.test_client()).login(mine.staff)
    filed = staff.post(
        "/cases",
        json={
            "centre_id": theirs.centre_id,
            "applicant": {"name": COMMON_NAME, "uscc": COMMON_USCC},
            "respondent": {"name": "新的被申请人有限公司", "uscc": uscc(99)},
            "claim_amount": "1000.00",
            "summary": "货款纠纷。",
            "source": "direct",
        },
    )
    assert filed.status_code == 201, filed.get_json()
    with app.app_context():
        assert db.session.get(Case, filed.get_json()["id"]).centre_id == mine.centre_id
    other = Api(app.test_client()).login(theirs.staff)
    assert other.get(f"/cases/{filed.get_json()['id']}").status_code == 404


def test_every_notice_goes_to_accounts_of_the_cases_own_centre(app, centres):
    with app.app_context():
        rows = db.session.execute(
            select(OutboxMessage.recipient, Case.centre_id, User.centre_id)
            .join(Case, Case.id == OutboxMessage.case_id)
            .join(User, User.email == OutboxMessage.recipient)
        ).all()
    recipients = {recipient for recipient, _case_centre, _user_centre in rows}
    # The shared enterprise's accounts are told at each centre...
    assert {c.applicant.email for c in centres} <= recipients
    # ...and only about that centre's cases.
    assert [r for r in rows if r[1] != r[2]] == []
