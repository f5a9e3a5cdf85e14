"""Confidentiality (保密): one visibility rule per kind of record, in every face.

A file marked for the mediator only, a private session (背对背) and the minutes of
one, added by every kind of author who can add them, are looked for by every viewer
in every face that shows such records: the API timeline, the case page, the evidence,
session and document lists, the single-record reads and downloads, and the referral
package the court receives. Who may see them sees every mark of them; everyone else
sees none: not the name, not the SHA-256, not the id (nor a page's link to it).

Mediator-only evidence is seen by the mediator, staff and the party that uploaded
it; a file the mediator or staff marks belongs to no party, so neither party sees it
(``evidence.queries.visible_evidence``). A private session is seen by the mediator,
staff and its party; its minutes by the mediator and staff only
(``sessions.queries``). The court sees none of them.

The records are read, never changed, so one case holds them all and is built once
per backend (module scope, outside the per-test ``clean_db``).
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from hashlib import sha256
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.sessions.operations import finalise_minutes, save_minutes, schedule_session
from mediation_app.types import utcnow
from tests.conftest import Api, _empty_database, log_in
from tests.factories import MINIMAL_PDF, World, held
from workflows.deadlines import CHINA

VIEWERS = ("applicant", "respondent", "mediator", "staff", "liaison")
EVIDENCE_AUTHORS = ("applicant", "respondent", "mediator", "staff")
SESSION_AUTHORS = ("mediator", "staff")  # those in charge schedule sessions and write minutes
CAUCUS_PARTIES = ("applicant", "respondent")
IN_CHARGE = frozenset({"mediator", "staff"})


@dataclass(frozen=True)
class Item:
    """One record and its marks: ``ids`` by kind (evidence, session, minutes,
    document), ``strings`` that only this record puts into a response."""

    kind: str  # evidence, session or minutes
    ids: dict[str, int]
    strings: dict[str, str]
    readers: frozenset[str]
    session_id: int | None = None  # of minutes: the session they are read through


@dataclass
class Seen:
    """What one face showed one viewer: its text, the record ids it exposes, and for
    a single record or file, the status it answered."""

    text: str
    ids: dict[str, set[int]] = field(default_factory=dict)
    status: int | None = None

    def shows(self, item: Item, mark: str) -> bool:
        if mark in item.ids:
            return item.ids[mark] in self.ids.get(mark, set())
        return item.strings[mark] in self.text


@dataclass
class Scenario:
    world: World
    case_id: int
    api: dict[str, Api]
    browser: dict[str, object]
    evidence: dict[str, Item]  # by author
    sessions: dict[tuple[str, str], Item]  # by (author, party)
    minutes: dict[tuple[str, str], Item]
    shared: dict[str, Item]  # controls everyone sees: evidence, session, minutes


# --- building the one case -------------------------------------------------------------


def _slot(days: int) -> dict:
    """A future afternoon slot (Shanghai time), one per session: one mediator, no overlap."""
    day = (utcnow() + timedelta(days=days)).astimezone(CHINA)
    starts = day.replace(hour=14, minute=0, second=0, microsecond=0)
    return {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()}


def _prefix(digest: str) -> str:
    return digest[:16]  # what the case page prints; absent wherever the full hash is


def _evidence(world, case_id, author: str, *, mediator_only: bool, name: str) -> Item:
    content = MINIMAL_PDF + f"%{name}\n".encode()
    evidence_id = world.evidence(
        case_id, by=getattr(world, author), name=name, content=content, mediator_only=mediator_only
    )
    readers = set(VIEWERS) if not mediator_only else IN_CHARGE | ({author} & set(CAUCUS_PARTIES))
    return Item(
        "evidence",
        {"evidence": evidence_id},
        {"name": name, "sha256": _prefix(sha256(content).hexdigest())},
        frozenset(readers),
    )


def _session(app, world, case_id, author: str, days: int, *, party: str | None, place: str, text: str):
    """A session scheduled by ``author`` (private with ``party``, or joint), with minutes
    written and finalised by them (which issues the minutes as a document)."""
    body = {**_slot(days), "place": place}
    if party is not None:
        body |= {"kind": "private", "party_id": getattr(world, party).organisation_id}
    with app.app_context():
        user = getattr(world, author).user()
        session = schedule_session(user, case_id, body)
        held(session.id)
        minutes = save_minutes(user, session.id, {"text": text, "version": 0})
        minutes = finalise_minutes(user, session.id, {"version": minutes.version})
        document = db.session.scalars(select(Document).where(Document.session_id == session.id)).one()
        session_item = Item(
            "session",
            {"session": session.id},
            {"place": place, "uid": session.uid},
            frozenset(VIEWERS if party is None else IN_CHARGE | {party}),
        )
        minutes_item = Item(
            "minutes",
            {"minutes": minutes.id, "document": document.id},
            {
                "text": text,
                "sha256": _prefix(minutes.sha256),
                "document_sha256": _prefix(document.sha256),
                "number": document.number,
            },
            frozenset(VIEWERS if party is None else IN_CHARGE),
            session_id=session.id,
        )
    return session_item, minutes_item


@pytest.fixture(scope="module")
def scenario(app):
    _empty_database(app)
    world = World(app, documents=False)
    case_id = world.case("mediated", source="court_delegated", court_case_number="(2024)苏0621民诉前调88号")
    shared = {"evidence": _evidence(world, case_id, "applicant", mediator_only=False, name="共享合同.pdf")}
    shared["session"], shared["minutes"] = _session(
        app, world, case_id, "mediator", 1, party=None, place="共同会议室", text="共同会议：双方陈述意见"
    )
    evidence = {
        author: _evidence(world, case_id, author, mediator_only=True, name=f"底线报价-{author}.pdf")
        for author in EVIDENCE_AUTHORS
    }
    sessions, minutes = {}, {}
    for days, (author, party) in enumerate(
        [(a, p) for a in SESSION_AUTHORS for p in CAUCUS_PARTIES], start=2
    ):
        sessions[author, party], minutes[author, party] = _session(
            app,
            world,
            case_id,
            author,
            days,
            party=party,
            place=f"背对背室-{author}-{party}",
            text=f"背对背笔录：{party}的底线，由{author}记录",
        )
    # Referred back to its court: the package the court receives exists.
    world.fire(case_id, "refer_to_court", reason="双方分歧较大，调解不成。")
    people = {name: getattr(world, name) for name in VIEWERS}
    yield Scenario(
        world,
        case_id,
        api={name: Api(app.test_client()).login(person) for name, person in people.items()},
        browser={name: log_in(app.test_client(), person) for name, person in people.items()},
        evidence=evidence,
        sessions=sessions,
        minutes=minutes,
        shared=shared,
    )
    _empty_database(app)


# --- the faces ------------------------------------------------------------------------


def _json(response) -> tuple[object, str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_json()
    return body, json.dumps(body, ensure_ascii=False)  # \u escapes would hide a leaked name


def _ids(rows, key="id") -> set[int]:
    return {row[key] for row in rows if row.get(key) is not None}


def events_api(s: Scenario, viewer: str, item: Item) -> Seen:
    events, text = _json(s.api[viewer].get(f"/cases/{s.case_id}/events"))
    data = [e["data"] for e in events]
    return Seen(
        text,
        {
            "evidence": _ids(data, "evidence_id"),
            "session": _ids(data, "session_id"),
            "minutes": _ids(data, "minutes_id"),
            "document": _ids(data, "document_id"),
        },
    )


def case_page(s: Scenario, viewer: str, item: Item) -> Seen:
    response = s.browser[viewer].get(f"/cases/{s.case_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]

    def linked(pattern):
        return {int(n) for n in re.findall(pattern, html)}

    return Seen(
        html,
        {
            "evidence": linked(r'href="/evidence/(\d+)"'),
            "session": linked(r'id="session-(\d+)"') | linked(r'action="/sessions/(\d+)/'),
            "document": linked(r'href="/documents/(\d+)"'),
        },
    )


def evidence_api(s: Scenario, viewer: str, item: Item) -> Seen:
    rows, text = _json(s.api[viewer].get(f"/cases/{s.case_id}/evidence"))
    return Seen(text, {"evidence": _ids(rows)})


def sessions_api(s: Scenario, viewer: str, item: Item) -> Seen:
    rows, text = _json(s.api[viewer].get(f"/cases/{s.case_id}/sessions"))
    return Seen(text, {"session": _ids(rows), "minutes": _ids([r["minutes"] for r in rows if r["minutes"]])})


def documents_api(s: Scenario, viewer: str, item: Item) -> Seen:
    rows, text = _json(s.api[viewer].get(f"/cases/{s.case_id}/documents"))
    return Seen(text, {"document": _ids(rows)})


def _one(response, kind: str, record_id: int) -> Seen:
    """A single record or file: 200 with it, or 404 exactly as for a missing one."""
    body = response.get_data()
    response.close()
    assert response.status_code in (200, 404), body[:500]
    if response.status_code == 404:
        return Seen(body.decode("utf-8", "replace"), status=404)
    headers = "\n".join(f"{k}: {unquote(v)}" for k, v in response.headers.items())
    if response.mimetype == "application/json":
        text = json.dumps(json.loads(body), ensure_ascii=False)
    else:
        text = f"sha256 of the body: {sha256(body).hexdigest()}"
    return Seen(f"{headers}\n{text}", {kind: {record_id}}, status=200)


def _single(face: str, path: str, kind: str):
    """The face that fetches one record of ``kind`` by id: through the API or the pages."""

    def fetch(s: Scenario, viewer: str, item: Item) -> Seen:
        record_id = item.ids[kind]
        client = s.api[viewer] if face == "api" else s.browser[viewer]
        return _one(client.get(path.format(id=record_id, session_id=item.session_id)), kind, record_id)

    fetch.__name__ = f"{kind}_{face}"
    return fetch


evidence_download_api = _single("api", "/evidence/{id}", "evidence")
evidence_download_page = _single("page", "/evidence/{id}", "evidence")
session_api = _single("api", "/sessions/{id}", "session")
minutes_api = _single("api", "/sessions/{session_id}/minutes", "minutes")
document_download_api = _single("api", "/documents/{id}", "document")
document_download_page = _single("page", "/documents/{id}", "document")


def court_package(s: Scenario, viewer: str, item: Item) -> Seen:
    """The referral package as the court receives it: its entries' names, the text of
    the summary and the evidence list, and the SHA-256 of every entry (so a file that
    went in under any name shows as its hash)."""
    response = s.api[viewer].get(f"/cases/{s.case_id}/referral/package")
    data = response.get_data()
    response.close()
    assert response.status_code == 200, data[:500]
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            lines += [name, sha256(content).hexdigest()]
            if name.endswith(".txt"):
                lines.append(content.decode())
    return Seen("\n".join(lines))


# What a face must show of a record its viewer may see, by kind; a face not listed for
# a kind does not show that kind. Whoever may not see a record sees none of its marks.
FACES = {
    events_api: {
        "evidence": ("evidence", "name", "sha256"),
        "session": ("session", "place"),
        "minutes": ("minutes", "sha256", "document", "document_sha256", "number"),
    },
    case_page: {
        "evidence": ("evidence", "name", "sha256"),
        "session": ("session", "place"),
        "minutes": ("text", "sha256", "document", "number"),
    },
    evidence_api: {"evidence": ("evidence", "name", "sha256")},
    evidence_download_api: {"evidence": ("evidence", "name", "sha256")},
    evidence_download_page: {"evidence": ("evidence", "name", "sha256")},
    sessions_api: {"session": ("session", "place", "uid"), "minutes": ("minutes", "text", "sha256")},
    session_api: {"session": ("session", "place", "uid")},
    minutes_api: {"minutes": ("minutes", "text", "sha256")},
    documents_api: {"minutes": ("document", "document_sha256", "number")},
    document_download_api: {"minutes": ("document", "document_sha256")},
    document_download_page: {"minutes": ("document", "document_sha256")},
}
PACKAGE_SHOWS = {"evidence": ("sha256", "name")}  # the court's package: the files it may read


def _check(seen: Seen, item: Item, viewer: str, required: tuple[str, ...], where: str) -> None:
    if viewer in item.readers:
        missing = [mark for mark in required if not seen.shows(item, mark)]
        assert not missing, f"{where}: {viewer} may see it, but {missing} missing"
    else:
        leaked = [mark for mark in (*item.ids, *item.strings) if seen.shows(item, mark)]
        assert not leaked, f"{where}: {viewer} may not see it, yet {leaked} shown"
        # A single record or file is refused exactly as a missing one.
        assert seen.status in (None, 404), f"{where}: {viewer} got {seen.status}"


def _faces_of(kind: str):
    return [face for face, shows in FACES.items() if kind in shows]


# --- the tests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "viewer", "face"),
    [
        pytest.param(author, viewer, face, id=f"{author}-{viewer}-{face.__name__}")
        for author in EVIDENCE_AUTHORS
        for viewer in VIEWERS
        for face in _faces_of("evidence")
    ],
)
def test_mediator_only_evidence(scenario, author, viewer, face):
    item = scenario.evidence[author]
    _check(face(scenario, viewer, item), item, viewer, FACES[face]["evidence"], face.__name__)


@pytest.mark.parametrize(
    ("author", "party", "record", "viewer", "face"),
    [
        pytest.param(
            author, party, record, viewer, face, id=f"{author}-{party}-{record}-{viewer}-{face.__name__}"
        )
        for author in SESSION_AUTHORS
        for party in CAUCUS_PARTIES
        for record in ("session", "minutes")
        for viewer in VIEWERS
        for face in _faces_of(record)
    ],
)
def test_private_session_and_its_minutes(scenario, author, party, record, viewer, face):
    item = (scenario.sessions if record == "session" else scenario.minutes)[author, party]
    _check(face(scenario, viewer, item), item, viewer, FACES[face][record], face.__name__)


@pytest.mark.parametrize(
    ("record", "viewer", "face"),
    [
        pytest.param(record, viewer, face, id=f"{record}-{viewer}-{face.__name__}")
        for record in ("evidence", "session", "minutes")
        for viewer in VIEWERS
        for face in _faces_of(record)
    ],
)
def test_every_face_shows_shared_records_to_every_viewer(scenario, record, viewer, face):
    """The control: what every viewer may see is shown to each in every face, so the
    absences above are the rule at work, not an empty page."""
    item = scenario.shared[record]
    _check(face(scenario, viewer, item), item, viewer, FACES[face][record], face.__name__)


@pytest.mark.parametrize(
    ("item_key", "viewer"),
    [
        pytest.param(key, viewer, id=f"{key}-{viewer}")
        for key in (
            *(f"evidence:{a}" for a in EVIDENCE_AUTHORS),
            *(f"session:{a}:{p}" for a in SESSION_AUTHORS for p in CAUCUS_PARTIES),
            *(f"minutes:{a}:{p}" for a in SESSION_AUTHORS for p in CAUCUS_PARTIES),
        )
        for viewer in ("liaison", "mediator", "staff")  # who may fetch it: the same bytes for all
    ],
)
def test_the_courts_referral_package_holds_none_of_them(scenario, item_key, viewer):
    kind, *key = item_key.split(":")
    records = {"evidence": scenario.evidence, "session": scenario.sessions, "minutes": scenario.minutes}[kind]
    item = records[key[0] if kind == "evidence" else tuple(key)]
    seen = court_package(scenario, viewer, item)
    leaked = [mark for mark in item.strings if seen.shows(item, mark)]
    assert not leaked, f"the court's package shows {leaked}"
    shared = scenario.shared["evidence"]
    assert all(seen.shows(shared, mark) for mark in PACKAGE_SHOWS["evidence"]), "the control is missing"
