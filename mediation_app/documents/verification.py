"""Checking a copy of a document against the centre's record.

Each issued document carries a short code; a reader can check the code, or upload
the PDF itself, and is told only whether it matches a record, with the document's
kind, number and date, and the centre's digital signature on the stored file, checked
now: nothing about the parties or the terms.
"""

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mediation_app import storage
from mediation_app.documents.centre_signature import SignatureCheck, signer_for
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.documents.queries import is_superseded
from mediation_app.extensions import db

# Crockford's base32 without I, L, O, U: no look-alike characters when typed from paper.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_code() -> str:
    """Twelve random characters (60 bits), grouped for reading: 7K3Q-9XWM-2PRB."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(raw) -> str | None:
    if not isinstance(raw, str):
        return None
    text = raw.strip().upper().replace(" ", "").replace("-", "").translate(str.maketrans("ILO", "110"))
    if len(text) != 12 or any(c not in _ALPHABET for c in text):
        return None
    return f"{text[:4]}-{text[4:8]}-{text[8:]}"


@dataclass(frozen=True)
class Verdict:
    match: bool
    document: Document | None = None
    signature: SignatureCheck | None = None  # None: issued before the centre signed its documents

    @property
    def number(self) -> str:
        """The document's number (documents issued before numbering: the case's)."""
        return self.document.number or self.document.case.number

    @property
    def superseded(self) -> bool:
        return is_superseded(self.document)


def verify(code=None, content: bytes | None = None) -> Verdict:
    """A code, a file, or both: matches only if they all point to the same record."""
    query = (
        select(Document).options(joinedload(Document.case)).where(Document.status == DocumentStatus.ISSUED)
    )
    if code is not None:
        normalised = normalise_code(code)
        if normalised is None:
            return Verdict(False)
        query = query.where(Document.verification_code == normalised)
    if content is not None:
        query = query.where(Document.sha256 == hashlib.sha256(content).hexdigest())
    if code is None and content is None:
        return Verdict(False)
    document = db.session.scalars(query).first()
    if document is None:
        return Verdict(False)
    return Verdict(True, document, stored_signature(document))


def stored_signature(document: Document) -> SignatureCheck | None:
    """The signature on the centre's stored copy, checked against its certificate."""
    pdf = storage.documents.path_of(document.storage_name).read_bytes()
    return signer_for(document.case.centre).check(pdf)
