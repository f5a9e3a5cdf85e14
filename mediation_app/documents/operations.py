"""Issuing documents, inside the transaction of the action that causes them.

The transaction takes the document's number and verification code, lays out its
HTML and records it *pending* on the case's timeline; the ``render_document`` job
(``documents.jobs``) renders it once the transaction commits, stores it once under
a generated name and hashes it. A document is never re-rendered in place: a
correction is a new version that supersedes the old one, and both remain.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from mediation_app.cases.timeline import record_event
from mediation_app.documents import render, verification
from mediation_app.documents.actions import CASE
from mediation_app.documents.context import common
from mediation_app.documents.jobs import schedule_rendering, send_again
from mediation_app.documents.kinds import ISSUED_ON, KINDS, Kind
from mediation_app.documents.models import Document, DocumentNumberCounter, DocumentStatus
from mediation_app.documents.queries import get_visible_document, is_superseded, signatures_on
from mediation_app.documents.schemas import DocumentCorrection
from mediation_app.errors import Conflict
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from mediation_app.upsert import upsert
from workflows.case_states import CaseState
from workflows.deadlines import local_date


def _next_number(case, kind, issued_at) -> str:
    """(2026)海工商调协字第0003号: per centre, year and kind, taken atomically."""
    year = local_date(issued_at).year
    statement = upsert(
        DocumentNumberCounter,
        {"centre_id": case.centre_id, "year": year, "kind": kind.code, "last_serial": 1},
        key=["centre_id", "year", "kind"],
        update=lambda new: {"last_serial": DocumentNumberCounter.last_serial + 1},
    ).returning(DocumentNumberCounter.last_serial)
    serial = db.session.execute(statement).scalar_one()
    return f"({year}){case.centre.case_prefix}{kind.code}字第{serial:04d}号"


def template_values(case, kind, issued_at, number: str, code: str, *, version=1, reason=None, **details):
    """Everything a document's template states, as plain values."""
    return {
        **common(case, issued_at, number),
        **kind.build(case, issued_at, **details),
        "title": kind.title,
        "version": version,
        "correction_reason": reason or "",
        "verification_code": code,
    }


@dataclass
class _Draft:
    """A document about to be issued: its number, version and template values."""

    kind: Kind
    issued_at: datetime
    number: str
    version: int
    code: str
    values: dict
    images: dict[str, str] | None = None  # name in the template -> storage name
    session: object = None
    supersedes: Document | None = None
    reason: str | None = None
    party: str | None = None


def _draft(
    case,
    kind_key,
    *,
    session=None,
    supersedes=None,
    number=None,
    reason=None,
    signatures=None,
    seal=None,
    images=None,
    party=None,
    **extra,
):
    kind = KINDS[kind_key]
    issued_at = utcnow()
    number = number or (supersedes.number if supersedes else _next_number(case, kind, issued_at))
    version = supersedes.version + 1 if supersedes else 1
    code = verification.new_code()
    details = {"session": session} if session is not None else {}
    if signatures is not None:
        details["signatures"] = signatures
    if seal is not None:
        details["seal"] = seal
    if party is not None:
        details["party"] = party
    details |= extra  # what a kind's builder alone takes (a service address, its records)
    values = template_values(case, kind, issued_at, number, code, version=version, reason=reason, **details)
    return _Draft(kind, issued_at, number, version, code, values, images, session, supersedes, reason, party)


def _record(case, actor, draft: _Draft, remote_addr) -> Document:
    """Record the document pending, on the database and the timeline, and schedule its rendering."""
    document = Document(
        case_id=case.id,
        kind=draft.kind.key,
        number=draft.number,
        version=draft.version,
        supersedes_id=draft.supersedes.id if draft.supersedes else None,
        reason=draft.reason,
        session_id=draft.session.id if draft.session is not None else None,
        party=draft.party,
        status=DocumentStatus.PENDING,
        html=render.render_html(draft.kind.template_name, draft.values),
        images=draft.images,
        verification_code=draft.code,
        template_version=render.template_version(draft.kind.template_name),
        created_by_id=actor.id,
        created_at=draft.issued_at,
    )
    db.session.add(document)
    db.session.flush()
    event = {
        "document_id": document.id,
        "kind": draft.kind.key,
        "number": draft.number,
        "version": draft.version,
    }
    if draft.supersedes:
        event |= {"supersedes_id": draft.supersedes.id, "reason": draft.reason}
    if draft.session is not None:
        # hidden from whoever may not read these minutes (see sessions.queries.visible_minutes)
        event |= {"session_id": draft.session.id, "minutes_id": draft.session.minutes.id}
    record_event(case, actor, "issue_document", remote_addr=remote_addr, data=event)
    schedule_rendering(document)
    return document


def issue_document(case, kind_key: str, actor, *, remote_addr: str | None = None, **details) -> Document:
    """Record one document, to be rendered, stored and hashed after the commit.
    ``details``: ``session`` (minutes), ``supersedes`` and ``reason`` (a correction),
    ``number``, ``signatures``, ``seal`` and ``images`` (the signed agreement);
    ``party`` for a document that concerns one party alone, and the values a kind's
    builder alone takes.

    Does not commit: the caller's transaction decides, and on rollback neither the
    document nor its job exists.
    """
    return _record(case, actor, _draft(case, kind_key, **details), remote_addr)


def issue_for_transition(
    case, trigger: str, from_state: CaseState, actor, remote_addr=None, issue_documents: bool = True
) -> None:
    """The documents a transition causes (``kinds.ISSUED_ON``), in its transaction
    (attached to ``cases.hooks.transition_done``)."""
    if not issue_documents:
        return  # a case recorded after the fact: its papers exist
    if trigger == "withdraw" and from_state is CaseState.FILED:
        return  # withdrawn before acceptance: there was no mediation to end
    for kind_key in ISSUED_ON.get(trigger, ()):
        issue_document(case, kind_key, actor, remote_addr=remote_addr)


def issue_minutes(case, session, actor, remote_addr=None) -> Document:
    """The finalised minutes as a document (调解笔录; attached to ``sessions.hooks.minutes_finalised``)."""
    return issue_document(case, "minutes", actor, session=session, remote_addr=remote_addr)


def produce_again(actor, document_id: int, *, remote_addr: str | None = None) -> Document:
    """Staff send a document that could not be produced to be produced again."""
    document, case = get_visible_document(actor, document_id)
    CASE.require(actor, case, "produce_document_again")
    if document.status is not DocumentStatus.FAILED:
        raise Conflict(_("Only a document that could not be produced can be produced again."))
    record_event(
        case, actor, "produce_document_again", remote_addr=remote_addr, data={"document_id": document.id}
    )
    send_again(document)  # commits, with the event
    return document


def correct_document(actor, document_id: int, data: dict, *, remote_addr: str | None = None) -> Document:
    """Issue a corrected version of a document from the case's current record; the
    old version stays, marked as superseded."""
    document, case = get_visible_document(actor, document_id)
    CASE.require(actor, case, "correct_document")
    if document.kind == "signed_agreement" or (
        document.kind == "agreement" and (signatures_on(document) or case.agreement_effective_on)
    ):
        raise Conflict(_("A signed agreement cannot be corrected; the parties would have to sign a new one."))
    if not KINDS[document.kind].correctable:
        raise Conflict(_("This document is not corrected: a new one is issued in its place."))
    if is_superseded(document):
        raise Conflict(_("A newer version of this document exists; correct that one."))
    if document.status is DocumentStatus.PENDING:
        raise Conflict(_("This document is still being produced; correct it once it is ready."))
    reason = DocumentCorrection.parse(data).reason
    with committed(race_message=_("The case changed at the same moment; please retry.")):
        return issue_document(
            case,
            document.kind,
            actor,
            session=document.session,
            supersedes=document,
            reason=reason,
            remote_addr=remote_addr,
        )
