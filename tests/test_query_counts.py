"""The SQL statements each page and API call runs: a fixed number, whatever the data.

Every page is asked for once in a small world, where each list it shows has one
entry, and again after the world has grown (more cases, parties, mediators,
timeline events, evidence, sessions and documents). The number of statements must
not move (a query per listed row, N+1, would), and stays within the page's budget.
A budget is raised deliberately, in this table, never by accident (a case read
verifies the case's whole audit trail: its entries and its head, two statements;
every page's top bar counts the viewer's unread notifications, one indexed COUNT; a
case page looks up the group of serial cases the case belongs to, one indexed probe, its
service: the parties' service addresses and the service records, two statements, and
the parties' agents, one).
"""

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import event, func, select

from mediation_app import storage
from mediation_app.agents.operations import appoint_agent
from mediation_app.cases.conflicts import ConflictDeclaration
from mediation_app.cases.models import Case
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.exchange.operations import register_endpoint
from mediation_app.exchange.queries import endpoint_of
from mediation_app.extensions import db
from mediation_app.groups.operations import file_group
from mediation_app.parties.models import OrganisationKind
from mediation_app.parties.operations import create_organisation, create_user
from mediation_app.sessions.operations import schedule_session
from mediation_app.types import utcnow
from tests.factories import MINIMAL_PDF, PASSWORD, uscc
from tests.groups.support import group_filing
from workflows.deadlines import CHINA


@dataclass(frozen=True)
class Page:
    viewer: str  # an attribute of the world: the person asking
    face: str  # "page" (cookie session) or "api" (bearer token)
    path: str  # formatted with the ids of the world's cases and document
    budget: int  # statements at most


PAGES = {
    "staff's case page at intake (roster, conflicts, duplicates)": Page(
        "staff", "page", "/cases/{intake}", 21
    ),
    "staff's case page of a case in mediation": Page("staff", "page", "/cases/{mediated}", 23),
    "the applicant's case page": Page("applicant", "page", "/cases/{mediated}", 20),
    "API case agents": Page("respondent", "api", "/api/v1/cases/{mediated}/agents", 3),
    "API case service": Page("staff", "api", "/api/v1/cases/{mediated}/service", 6),
    # a group of serial cases: 2 members, then 12
    # (its waiting members screened for conflicts with every mediator at once: one statement)
    "staff's group page": Page("staff", "page", "/case-groups/{group}", 6),
    "API group read": Page("staff", "api", "/api/v1/case-groups/{group}", 3),
    "staff's list of groups": Page("staff", "page", "/case-groups", 4),
    "API list of groups": Page("staff", "api", "/api/v1/case-groups", 3),
    "staff's case list": Page("staff", "page", "/cases", 4),
    "a mediator's queue": Page("mediator", "page", "/queue", 4),
    # the to-do desk: cases to accept, referrals the court let lie, documents to send again,
    # mediators whose term ends soon, documents not delivered to a party in time; a court case
    # among them names its court (one IN query)
    "the dashboard": Page("staff", "page", "/dashboard", 16),
    "document download (page)": Page("applicant", "page", "/documents/{document}", 2),
    "the applicant's notifications": Page("applicant", "page", "/notifications", 3),
    "API case read": Page("staff", "api", "/api/v1/cases/{mediated}", 5),
    "API case list": Page("staff", "api", "/api/v1/cases", 2),
    "API mediator's queue": Page("mediator", "api", "/api/v1/queue", 3),
    "API roster": Page("staff", "api", "/api/v1/mediators", 2),
    "API document download": Page("applicant", "api", "/api/v1/documents/{document}", 2),
    "API notifications": Page("applicant", "api", "/api/v1/me/notifications", 3),
    # the court exchange: courts, endpoints, a page of deliveries and their attempts
    "staff's court exchange page": Page("staff", "page", "/court/exchange", 6),
    "API delivery log": Page("staff", "api", "/api/v1/court-exchange/deliveries", 3),
    # a court's cases with their first acceptance, payments, confirmation and documents
    "API court exchange of a period": Page("liaison", "api", "/api/v1/court-exchange/cases?court=苏0621", 7),
    "the administrator's accounts": Page("admin", "page", "/admin/accounts", 5),
    "API accounts": Page("admin", "api", "/api/v1/admin/accounts", 2),
}


@contextlib.contextmanager
def statements(app) -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


class Counter:
    """Asks every page as its viewer, counting the statements of the second asking (the
    first warms what a process keeps between requests)."""

    def __init__(self, app, world, api, browser):
        self.app = app
        self.tokens = {name: api(getattr(world, name)).token for name in {p.viewer for p in PAGES.values()}}
        self.sessions = {name: browser(getattr(world, name)) for name in {p.viewer for p in PAGES.values()}}

    def count(self, page: Page, ids: dict) -> tuple[int, list[str]]:
        path = page.path.format(**ids)
        if page.face == "api":
            client = self.app.test_client()
            headers = {"Authorization": f"Bearer {self.tokens[page.viewer]}"}
        else:
            client, headers = self.sessions[page.viewer], {}
        for attempt in ("warm", "counted"):
            with statements(self.app) as sent:
                response = client.get(path, headers=headers)
            response.close()  # a download's file
            assert response.status_code == 200, (path, attempt)
        return len(sent), sent


def _issued_document(app, case_id: int, kind: str) -> int:
    """A stored document of the case (set-up of a file, not of a state: the rendering
    job is tested with the documents)."""
    with app.app_context():
        name, digest = storage.documents.store(db.session(), MINIMAL_PDF, ".pdf")
        document = Document(
            case_id=case_id,
            kind=kind,
            status=DocumentStatus.ISSUED,
            storage_name=name,
            sha256=digest,
            size=len(MINIMAL_PDF),
            verification_code=hashlib.sha256(name.encode()).hexdigest()[:14].upper(),
            template_version="test",
        )
        db.session.add(document)
        db.session.commit()
        return document.id


def _session(app, world, case_id: int, days: int) -> None:
    day = (utcnow() + timedelta(days=days)).astimezone(CHINA)
    starts = day.replace(hour=14, minute=0, second=0, microsecond=0)
    body = {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()}
    with app.app_context():
        schedule_session(world.mediator.user(), case_id, body | {"place": f"第{days}调解室"})


def _small_world(app, world) -> dict:
    """One of everything each page lists."""
    ids = {"intake": world.case("filed"), "mediated": world.case("mediated")}
    world.case("filed")  # a possible duplicate of the intake case
    world.case("settled")  # the world's mediator concluded a case of both parties: a conflict
    world.evidence(ids["mediated"])
    _agent(app, world.applicant, ids["mediated"], "王立")
    _session(app, world, ids["mediated"], 3)
    ids["document"] = _issued_document(app, ids["mediated"], "acceptance_notice")
    ids["group"] = _group(app, world, 2)
    _court_cases(app, world, 1)
    return ids


def _agent(app, person, case_id: int, name: str) -> None:
    with app.app_context():
        data = {"name": name, "kind": "employee", "scope": "general"}
        appoint_agent(person.user(), case_id, data, file_name="授权委托书.pdf", content=MINIMAL_PDF)


def _court_cases(app, world, count: int) -> None:
    """Court cases accepted, each an event for the court's endpoint (which never answers:
    its deliveries stay in the log with their failed attempt)."""
    with app.app_context():
        if endpoint_of(world.centre_id, world.court) is None:
            register_endpoint(world.staff.user(), {"court": "苏0621", "url": "http://127.0.0.1:9/events"})
        first = db.session.scalar(select(func.count()).select_from(Case)) + 1
    for n in range(first, first + count):
        world.case("assigned", source="court_delegated", court_case_number=f"(2026)苏0621民诉前调{n}号")


def _group(app, world, size: int) -> int:
    with app.app_context():
        return file_group(world.staff.user(), group_filing(world, size)).id


def _grow(app, world, ids: dict) -> None:
    """More of everything: parties, mediators (one declaring a conflict), cases in every
    state between several pairs of parties, timeline events, evidence, sessions and
    documents on the cases shown."""
    with app.app_context():
        for n in range(4, 7):
            create_organisation(
                OrganisationKind.ENTERPRISE, f"测试{n}号纺织有限公司", uscc=uscc(n), chamber_id=None
            )
        mediators = []
        for n in range(3):
            create_organisation(OrganisationKind.CHAMBER, f"测试{n}号商会")
            mediator = create_user(
                role="mediator",
                email=f"more-mediator-{n}@test.example",
                password=PASSWORD,
                centre_code="test",
                organisation=f"测试{n}号商会",
                industry="nylon",
            )
            mediators.append(mediator.id)
            if n == 0:
                respondent = world.load(ids["intake"]).respondent_id
                db.session.add(
                    ConflictDeclaration(mediator_id=mediator.id, organisation_id=respondent, reason="x")
                )
                db.session.commit()
    parties = [(world.applicant_uscc, "江苏常安纺织科技有限公司")] + [
        (uscc(n), f"测试{n}号纺织有限公司") for n in range(4, 7)
    ]
    for n, state in enumerate(["filed", "assigned", "mediated", "settled", "referred_to_court"] * 5):
        (a_uscc, a_name), (r_uscc, r_name) = parties[n % 4], parties[(n + 1) % 4]
        case_id = world.case(
            state, applicant={"name": a_name, "uscc": a_uscc}, respondent={"name": r_name, "uscc": r_uscc}
        )
        if state in ("assigned", "mediated"):  # cases of other mediators, for staff's lists
            world.fire(case_id, "reassign", mediator_id=mediators[n % 3])
    for _ in range(4):
        world.case("filed")  # more possible duplicates
        world.case("settled")
    for n, (person, mediator_only) in enumerate(
        [("applicant", False), ("respondent", False), ("mediator", True), ("staff", False)]
    ):
        world.evidence(
            ids["mediated"], by=getattr(world, person), name=f"证据{n}.pdf", mediator_only=mediator_only
        )
    for name in ("钱经理", "孙会计"):
        _agent(app, world.respondent, ids["mediated"], name)
    for days in (5, 7, 9):
        _session(app, world, ids["mediated"], days)
    for kind in ("rights_notice", "acceptance_notice", "refusal_notice"):
        _issued_document(app, ids["mediated"], kind)
    ids["group"] = _group(app, world, 12)
    _court_cases(app, world, 4)


def test_no_page_runs_more_statements_in_a_larger_world(app, world, api, browser):
    ids = _small_world(app, world)
    counter = Counter(app, world, api, browser)
    small = {name: counter.count(page, ids) for name, page in PAGES.items()}
    _grow(app, world, ids)
    large = {name: counter.count(page, ids) for name, page in PAGES.items()}
    report = "\n".join(
        f"{name}: {small[name][0]} -> {large[name][0]} (budget {page.budget})" for name, page in PAGES.items()
    )
    grown = [name for name in PAGES if large[name][0] > small[name][0]]
    over = [name for name, page in PAGES.items() if large[name][0] > page.budget]
    statements_of = "\n".join(
        f"== {name}\n" + "\n".join("    " + " ".join(s.split())[:300] for s in large[name][1])
        for name in grown + over
    )
    assert not grown and not over, f"{report}\n{statements_of}"
