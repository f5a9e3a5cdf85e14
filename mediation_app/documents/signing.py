"""Signing the agreement (签署): each party signs, then the mediator countersigns.

A party signs either by drawing its signature in the browser and adding the
company seal image, or by uploading the signed and sealed agreement as a scan;
staff may upload such a scan on a party's behalf (signed on paper at the centre).
When all three have signed, the agreement takes effect that day and the case is
settled (the ``settle`` transition, fired by the last signature: only now does it
count as 调解成功); the signed copy is issued under the agreement's number, and the
judicial-confirmation window opens.
"""

import base64
import binascii
import io

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from mediation_app import storage
from mediation_app.cases.models import CaseEvent
from mediation_app.cases.notices import party_users, send_notice
from mediation_app.cases.operations import fire_on
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.core.formatting import chinese_date
from mediation_app.core.schema import FieldErrors
from mediation_app.documents.actions import CASE, PARTIES, signer_role
from mediation_app.documents.models import Signature, SignerRole, SigningMethod
from mediation_app.documents.operations import issue_document
from mediation_app.documents.queries import current_agreement, signatures_on
from mediation_app.documents.schemas import SignatureRefusal
from mediation_app.documents.seal import seal_of
from mediation_app.errors import Conflict, Forbidden
from mediation_app.evidence.filetypes import JPEG, PDF, PNG, detect
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date
from workflows.roles import Role

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_PIXELS = 4000 * 4000
DATA_URL_PREFIX = "data:image/png;base64,"


def awaiting(case) -> list[SignerRole]:
    """Who has yet to sign the current agreement, in signing order."""
    if case.state is not CaseState.MEDIATED or case.agreement_recorded_at is None:
        return []
    agreement = current_agreement(case)
    if agreement is None:
        return []
    signed = {s.signer_role for s in signatures_on(agreement)}
    return [role for role in (*PARTIES, SignerRole.MEDIATOR) if role not in signed]


# Whole sentences: the case page shows them without the field's label.
_MISSING = {
    "signature": _l("Draw the signature in the box (or sign with a scan instead)."),
    "seal": _l("Add the image of the company seal."),
    "scan": _l("Choose the file of the signed and sealed agreement."),
}


def _image(fields: FieldErrors, name: str, content: bytes | None) -> bytes | None:
    """A PNG or JPEG image, re-encoded as PNG without its metadata; refuses empty drawings."""
    if not content:
        fields.fail(name, _MISSING[name])
        return None
    if len(content) > MAX_IMAGE_BYTES:
        fields.fail(name, _("An image may be at most %(n)d MB.", n=MAX_IMAGE_BYTES // 1024 // 1024))
        return None
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in ("PNG", "JPEG") or image.width * image.height > MAX_IMAGE_PIXELS:
                raise UnidentifiedImageError
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        fields.fail(name, _("The signature and the seal must be PNG or JPEG images."))
        return None
    ink = image.getchannel("A").point(lambda a: 255 if a > 16 else 0)
    dark = image.convert("L").point(lambda v: 255 if v < 200 else 0)
    if ink.getbbox() is None or Image.composite(dark, ink, ink).getbbox() is None:
        fields.fail(name, _MISSING[name])
        return None
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _drawn(raw) -> bytes | None:
    """The canvas's ``data:image/png;base64,…`` (a page), or the image's bytes (API upload)."""
    if isinstance(raw, bytes):
        return raw
    if isinstance(raw, str) and raw.startswith(DATA_URL_PREFIX):
        try:
            return base64.b64decode(raw.removeprefix(DATA_URL_PREFIX), validate=True)
        except binascii.Error:
            return b"not an image"
    return None


def _scan(fields: FieldErrors, content: bytes | None) -> bytes | None:
    if not content:
        fields.fail("scan", _MISSING["scan"])
        return None
    limit = current_app.config["EVIDENCE_MAX_BYTES"]
    if len(content) > limit:
        fields.fail("scan", _("The scan may be at most %(n)d MB.", n=limit // 1024 // 1024))
        return None
    if detect(content) not in (PDF, PNG, JPEG):
        fields.fail("scan", _("The scan must be a PDF, PNG or JPEG file."))
        return None
    return content


def _parse(fields: FieldErrors, role: SignerRole, data: dict, files: dict) -> tuple[SigningMethod, dict]:
    """The files to store, by name, for the chosen method."""
    method = data.get("method")
    if method not in {m.value for m in SigningMethod}:
        fields.fail("method", _("Choose how to sign: drawn or scan."))
        return None, {}
    if method == SigningMethod.SCAN:
        return SigningMethod.SCAN, {"scan": _scan(fields, files.get("scan"))}
    images = {
        "signature": _image(fields, "signature", _drawn(data.get("signature") or files.get("signature")))
    }
    if role in PARTIES:  # an enterprise signs with its seal (盖章)
        images["seal"] = _image(fields, "seal", files.get("seal"))
    return SigningMethod.DRAWN, images


def _store(contents: dict[str, bytes]) -> dict:
    stored = {}
    for name, content in contents.items():
        suffix = ".png" if name != "scan" else (detect(content) or PDF).extension
        storage_name, sha256 = storage.documents.store(db.session, content, suffix)
        stored[name] = {"name": storage_name, "sha256": sha256, "size": len(content)}
    return stored


def _signed_copy_values(signatures: list[Signature]) -> tuple[dict, dict[str, str]]:
    """What the signed copy prints for each signer, and the stored images it embeds."""
    values, images = {}, {}
    for signature in signatures:
        role = signature.signer_role.value
        entry = {"method": signature.method.value, "signed_on": chinese_date(local_date(signature.signed_at))}
        if signature.method is SigningMethod.SCAN:
            entry["sha256"] = signature.files["scan"]["sha256"]
        else:
            for name, stored in signature.files.items():
                images[f"{role}-{name}"] = stored["name"]
                entry[name] = f"image:{role}-{name}"
        values[role] = entry
    return values, images


def sign_agreement(
    actor, case_id: int, data: dict, files: dict, *, remote_addr: str | None = None
) -> Signature:
    """Record one signature on the current agreement; the last one makes it effective."""
    case = get_visible_case(actor, case_id)
    role = signer_role(actor, case, data.get("party"))
    if role is None:  # staff name the party they record a signature for
        raise Forbidden()
    if actor.role is Role.STAFF and data.get("method") != SigningMethod.SCAN:
        raise Forbidden(_("Staff record a party's signature only as the scan of the paper it signed."))
    CASE.require(actor, case, "sign_agreement")
    pending = awaiting(case)
    if role not in pending:
        raise Conflict(_("This signature has already been given."))
    if role is SignerRole.MEDIATOR and any(r in PARTIES for r in pending):
        raise Conflict(_("The mediator countersigns after both parties have signed."))
    fields = FieldErrors()
    method, contents = _parse(fields, role, data, files)
    fields.raise_if_any()
    agreement = current_agreement(case)
    with committed(race_message=_("Someone signed at the same moment; reload the page.")):
        stored = _store(contents)
        signature = Signature(
            document_id=agreement.id, signer_role=role, method=method, files=stored, signed_by_id=actor.id
        )
        db.session.add(signature)
        db.session.flush()
        record_event(
            case,
            actor,
            "sign_agreement",
            remote_addr=remote_addr,
            data={
                "document_id": agreement.id,
                "signer_role": role.value,
                "method": method.value,
                "sha256": {name: f["sha256"] for name, f in stored.items()},
            },
        )
        if pending == [role]:
            _take_effect(case, agreement, actor, remote_addr)
        else:
            _tell_signed(case, actor, role, [r for r in pending if r is not role])
    return signature


def _tell_signed(case, actor, role: SignerRole, remaining: list[SignerRole]) -> None:
    """Everyone else on the agreement hears who signed and whose signature it still awaits."""
    names = {
        SignerRole.APPLICANT: case.applicant.name,
        SignerRole.RESPONDENT: case.respondent.name,
        SignerRole.MEDIATOR: case.mediator.name,
    }
    people = [person for person in [*party_users(case), case.mediator] if person.id != actor.id]
    context = {"signer_name": names[role], "remaining": "、".join(names[r] for r in remaining)}
    send_notice(people, "agreement_signed", case, context)


def _take_effect(case, agreement, actor, remote_addr) -> None:
    """The last signature: the agreement takes effect today and the case is settled
    (``settle``: counted in the totals from now), then the signed copy is issued."""
    case.agreement_effective_on = local_date(utcnow())
    db.session.flush()  # compare-and-set on the case's version
    record_event(
        case,
        actor,
        "agreement_effective",
        remote_addr=remote_addr,
        data={"document_id": agreement.id, "effective_on": case.agreement_effective_on.isoformat()},
    )
    settle = {"trigger": "settle", "version": case.version}
    fire_on(actor, case, settle, remote_addr=remote_addr, signs_last=True)
    values, images = _signed_copy_values(signatures_on(agreement))
    seal = None
    if stored_seal := seal_of(case.centre):
        images["centre-seal"], seal = stored_seal, "image:centre-seal"
    issue_document(
        case,
        "signed_agreement",
        actor,
        number=agreement.number,
        signatures=values,
        seal=seal,
        images=images,
        remote_addr=remote_addr,
    )


def refusals_of(case, agreement) -> list:
    """The refusals to sign this version of the agreement (timeline events)."""
    if agreement is None:
        return []
    events = db.session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.action == "refuse_to_sign")
        .order_by(CaseEvent.id)
    )
    return [e for e in events if e.data.get("document_id") == agreement.id]


def refuse_to_sign(actor, case_id: int, data: dict, *, remote_addr: str | None = None):
    """A party will not sign the agreement (staff record a refusal given on paper or by
    phone): recorded, and the mediator told, who may then end the mediation as not
    settled (``refer_to_court``, with the termination notice)."""
    case = get_visible_case(actor, case_id)
    role = signer_role(actor, case, data.get("party") if isinstance(data, dict) else None)
    if role not in PARTIES:
        raise Forbidden()
    CASE.require(actor, case, "sign_agreement")  # while the agreement awaits signatures
    refusal = SignatureRefusal.parse(data)
    if role not in awaiting(case):
        raise Conflict(_("This party has signed the agreement already."))
    agreement = current_agreement(case)
    with committed(race_message=_("Someone signed at the same moment; reload the page.")):
        record_event(
            case,
            actor,
            "refuse_to_sign",
            remote_addr=remote_addr,
            data={"document_id": agreement.id, "signer_role": role.value, "reason": refusal.reason},
        )
        party = case.applicant if role is SignerRole.APPLICANT else case.respondent
        send_notice(
            [case.mediator], "signature_refused", case, {"party_name": party.name, "reason": refusal.reason}
        )
    return case
