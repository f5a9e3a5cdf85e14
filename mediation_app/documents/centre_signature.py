"""The centre's digital signature on every PDF it issues: what a signer does, what a
check of a signed file tells, and each centre's signer.

Each centre signs with a key and certificate of its own rather than one per deployment:
the certificate's subject names the centre, so a reader's signature panel tells which
centre issued the paper, and a deployment serving several centres never signs one
centre's documents in another's name. The file ``<centre code>.pem`` in
``CENTRE_SIGNING_KEYS`` holds the key, its certificate and the issuers' certificates
(PEM, any order; the key under ``CENTRE_SIGNING_PASSPHRASE`` if encrypted). Where
``CENTRE_SIGNING_SELF_SIGNED`` allows it (the demo, development, tests) a centre
without one gets a self-signed certificate on first use. A key that is missing or
unreadable stops the document (:class:`SigningUnavailable`); nothing is issued unsigned.

The signature is PAdES today (``pades``); a national e-seal (GB/T 38540, SM2) would be
another :class:`DocumentSigner` returned by :func:`signer_for`.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import current_app

from mediation_app.errors import SigningUnavailable
from mediation_app.private_files import write_once

log = logging.getLogger(__name__)
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # a centre code that is safe as a file name


@dataclass(frozen=True)
class SignatureCheck:
    """What the signature on a file says, checked now."""

    signer: str  # the certificate subject's common name
    organisation: str | None
    signed_at: datetime | None  # as the signer's clock told (no time-stamp authority)
    intact: bool  # the file is, byte for byte, what was signed
    valid: bool  # the signature value is sound for those bytes and that certificate
    trusted: bool  # the certificate is the centre's

    @property
    def holds(self) -> bool:
        return self.intact and self.valid and self.trusted


class DocumentSigner(Protocol):
    def describe(self) -> str:
        """Who signs, for the operator: the certificate's subject, issuer and validity."""

    def sign(self, pdf: bytes) -> bytes:
        """The PDF with the centre's signature added (by incremental update: the signed
        revision keeps its PDF/A conformance)."""

    def check(self, pdf: bytes) -> SignatureCheck | None:
        """The first signature in ``pdf`` checked against the centre's certificate;
        ``None`` when the file carries none."""


def signer_for(centre) -> DocumentSigner:
    """The signer of ``centre`` (a ``parties.models.Centre``), kept per process while
    its file stays the same (a replaced certificate is used from the next document)."""
    path = current_app.config["CENTRE_SIGNING_KEYS"] / f"{centre.code}.pem"
    try:
        if not _CODE.fullmatch(centre.code):
            raise ValueError("the centre's code cannot name a file")
        if not path.exists() and current_app.config["CENTRE_SIGNING_SELF_SIGNED"]:
            _make_self_signed(centre, path)
        stamp = path.stat()
        cache = current_app.extensions.setdefault("centre_signers", {})
        cached = cache.get(path)
        if cached is None or cached[0] != (stamp.st_mtime_ns, stamp.st_size):
            cache[path] = (stamp.st_mtime_ns, stamp.st_size), _load(centre, path)
        return cache[path][1]
    except (OSError, ValueError, TypeError) as error:  # missing, unreadable, not a key, wrong passphrase
        log.error("centre %s cannot sign documents: %s: %s", centre.code, path, error)
        raise SigningUnavailable() from error


def _load(centre, path) -> DocumentSigner:
    from mediation_app.documents.pades import Identity, PadesSigner  # slow: only where documents are signed

    passphrase = current_app.config["CENTRE_SIGNING_PASSPHRASE"]
    identity = Identity.from_pem(path.read_bytes(), passphrase.encode() if passphrase else None)
    return PadesSigner(identity, field_name=f"centre-{centre.code}")


def _make_self_signed(centre, path) -> None:
    from mediation_app.documents.pades import Identity

    write_once(path, Identity.self_signed(centre.name).to_pem())
    log.warning("centre %s signs with a self-signed certificate, made in %s", centre.code, path)
