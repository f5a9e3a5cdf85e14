"""Adding evidence to a case: checked by content, stored under a generated name,
recorded with its hash on the case's timeline, all in one transaction."""

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mediation_app import storage
from mediation_app.cases.permissions import organisation_of, party_of
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.errors import ValidationFailed
from mediation_app.evidence import filetypes
from mediation_app.evidence.actions import CASE
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.validation import clean_text

CATEGORIES = {
    "contract": _l("Contract"),
    "invoice": _l("Invoice"),
    "delivery": _l("Delivery record"),
    "payment": _l("Payment record"),
    "correspondence": _l("Correspondence"),
    "identity": _l("Identity or licence"),
    "authorisation": _l("Authorisation letter"),  # 授权委托书, stored with its agent (``agents``)
    "other": _l("Other"),
}


def _file_name(raw) -> str:
    """The name as the uploader's system showed it, without any folder part."""
    if not isinstance(raw, str):
        raise ValueError(_("is required"))
    name = unicodedata.normalize("NFC", raw)
    name = PureWindowsPath(PurePosixPath(name).name).name.strip()
    if name in ("", ".", ".."):
        raise ValueError(_("is not a usable file name"))
    return clean_text(name, max_length=200)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _check_content(name: str, content: bytes) -> filetypes.FileType:
    if not content:
        raise ValueError(_("is empty"))
    limit = current_app.config["EVIDENCE_MAX_BYTES"]
    if len(content) > limit:
        raise ValueError(_("is larger than the limit of %(size)s", size=_size(limit)))
    kind = filetypes.detect(content)
    if kind is None:
        raise ValueError(_("must be a PDF, an image (PNG, JPEG) or a Word or Excel document"))
    suffix = PurePosixPath(name).suffix.lower()
    if suffix and suffix not in kind.names:
        raise ValueError(_("the content does not match the name's %(suffix)s type", suffix=suffix))
    return kind


def upload_evidence(
    actor,
    case_id: int,
    *,
    file_name,
    content: bytes,
    category,
    description=None,
    mediator_only=False,
    remote_addr: str | None = None,
) -> EvidenceFile:
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "upload_evidence")
    errors, name, kind, text = {}, None, None, ""
    try:
        name, kind = checked_file(file_name, content)
    except ValueError as error:
        errors["file"] = str(error)
    if category not in CATEGORIES:
        errors["category"] = _("must be one of: %(choices)s", choices=", ".join(CATEGORIES))
    try:
        text = clean_text(description, max_length=1000, multiline=True, required=False)
    except ValueError as error:
        errors["description"] = str(error)
    if not isinstance(mediator_only, bool):
        errors["mediator_only"] = _("must be true or false")
    if errors:
        raise ValidationFailed(fields=errors)
    party = party_of(actor, case)
    party_id = organisation_of(case, party).id if party else None
    return store_evidence(
        actor,
        case,
        name=name,
        kind=kind,
        content=content,
        category=category,
        description=text,
        mediator_only=mediator_only,
        party_id=party_id,
        action="upload_evidence",
        remote_addr=remote_addr,
    )


def checked_file(file_name, content: bytes) -> tuple[str, filetypes.FileType]:
    """The usable name and the type of an upload, or ``ValueError`` saying what is wrong."""
    name = _file_name(file_name)
    return name, _check_content(name, content)


def store_evidence(actor, case, *, action: str, remote_addr: str | None = None, **file) -> EvidenceFile:
    """Store a checked file with the case's evidence and record ``action`` on its timeline,
    in one transaction (also used for the court's delegation letter)."""
    with committed(race_message=_("The case changed at the same moment; please upload the file again.")):
        return add_evidence(actor, case, action=action, remote_addr=remote_addr, **file)


def add_evidence(
    actor,
    case,
    *,
    name: str,
    kind: filetypes.FileType,
    content: bytes,
    category: str,
    description: str = "",
    mediator_only: bool = False,
    party_id: int | None = None,
    action: str,
    remote_addr: str | None = None,
) -> EvidenceFile:
    """:func:`store_evidence` inside the caller's transaction (an agent's authorisation
    letter is stored with the agent it authorises)."""
    storage_name, sha256 = storage.evidence.store(db.session, content, kind.extension)
    evidence = EvidenceFile(
        case_id=case.id,
        uploaded_by_id=actor.id,
        party_id=party_id,
        category=category,
        description=description,
        original_name=name,
        storage_name=storage_name,
        content_type=kind.content_type,
        size=len(content),
        sha256=sha256,
        mediator_only=mediator_only,
    )
    db.session.add(evidence)
    db.session.flush()
    record_event(
        case,
        actor,
        action,
        remote_addr=remote_addr,
        data={
            "evidence_id": evidence.id,
            "name": name,
            "sha256": sha256,
            "size": len(content),
            "category": category,
            "mediator_only": mediator_only,
        },
    )
    return evidence
