"""The centre's signature as PAdES (ETSI EN 319 142, baseline B-B) made and checked with
pyHanko: an X.509 certificate and its key (RSA or EC), SHA-256, one invisible field.

Slow to import (pyHanko with cryptography, about 0.4 s): ``centre_signature`` loads it
only in the processes that sign or check a document.
"""

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from mediation_app.documents.centre_signature import SignatureCheck

SELF_SIGNED_YEARS = 10
# Bytes of the signature beyond its certificates (signed attributes, a value of up to
# 512 bytes for RSA-4096, the CMS structure): reserving them spares pyHanko a trial signature.
CMS_ROOM = 2048


@dataclass(frozen=True)
class Identity:
    """A private key, its certificate, and the certificates of its issuers (if any)."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @classmethod
    def from_pem(cls, data: bytes, passphrase: bytes | None = None) -> "Identity":
        """The key and the certificates of one PEM file, in any order: the certificate
        is the key's, the others its issuers'. ``ValueError`` when they do not fit."""
        key = serialization.load_pem_private_key(data, passphrase)
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise ValueError(f"unsupported key type {type(key).__name__}")
        certificates = x509.load_pem_x509_certificates(data)
        own = [c for c in certificates if c.public_key() == key.public_key()]
        if not own:
            raise ValueError("no certificate in the file is the key's")
        return cls(key, own[0], tuple(c for c in certificates if c is not own[0]))

    def to_pem(self) -> bytes:
        key = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return key + b"".join(
            c.public_bytes(serialization.Encoding.PEM) for c in (self.certificate, *self.chain)
        )

    @classmethod
    def self_signed(cls, organisation: str) -> "Identity":
        """A new RSA-2048 key (what every PDF reader checks) with a certificate naming
        ``organisation`` as its subject (O= and CN=) and issuer."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, organisation),
            ]
        )
        now = datetime.now(UTC)
        usage = dict.fromkeys(
            ("key_encipherment", "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign"), False
        )
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))  # clocks of other machines may lag
            .not_valid_after(now + timedelta(days=365 * SELF_SIGNED_YEARS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,  # non-repudiation: what a document signature asserts
                    encipher_only=False,
                    decipher_only=False,
                    **usage,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


class _KeySigner(signers.Signer):
    """pyHanko's signer over a key loaded once: its ``SimpleSigner`` parses the key again
    for every signature, which for RSA includes a check costing 30 ms."""

    def __init__(self, identity: Identity):
        super().__init__(
            signing_cert=_asn1(identity.certificate),
            cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in identity.chain]),
        )
        self._key = identity.key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        return self._key.sign(data, ec.ECDSA(algorithm))


class PadesSigner:
    """Signs for one centre, in a field named ``field_name``, and checks a signed file
    against that centre's certificate (its trust root: a copy signed with any other
    certificate, however valid, is not the centre's)."""

    def __init__(self, identity: Identity, field_name: str):
        self._identity = identity
        self._signer = _KeySigner(identity)
        self._trust_root = _asn1(identity.certificate)
        certificates = (identity.certificate, *identity.chain)
        der = CMS_ROOM + sum(len(c.public_bytes(serialization.Encoding.DER)) for c in certificates)
        self._reserve = 2 * der  # written in hex
        self._metadata = signers.PdfSignatureMetadata(
            field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
        )

    def describe(self) -> str:
        certificate = self._identity.certificate
        return (
            f"PAdES, {type(self._identity.key).__name__.removesuffix('PrivateKey')} key, "
            f"{certificate.subject.rfc4514_string()} issued by {certificate.issuer.rfc4514_string()}, "
            f"valid until {certificate.not_valid_after_utc:%Y-%m-%d}"
        )

    def sign(self, pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        _keep_producers_equal(writer)
        signed = _outside_any_loop(
            signers.sign_pdf, writer, self._metadata, self._signer, bytes_reserved=self._reserve
        )
        return signed.getvalue()

    def check(self, pdf: bytes) -> SignatureCheck | None:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        if not signatures:
            return None
        context = ValidationContext(trust_roots=[self._trust_root])
        status = _outside_any_loop(validate_pdf_signature, signatures[0], context)
        subject = status.signing_cert.subject.native
        return SignatureCheck(
            signer=subject.get("common_name", ""),
            organisation=subject.get("organization_name"),
            signed_at=status.signer_reported_dt,
            # the signed bytes are unchanged, and nothing was appended to them since
            intact=status.intact and status.coverage is SignatureCoverageLevel.ENTIRE_FILE,
            valid=status.valid,
            trusted=status.trusted,
        )


def _outside_any_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which start an event loop of their own
    (``asyncio.run``): a thread already running a loop (an async server; Playwright in the
    browser tests) cannot start another, so there it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(1, thread_name_prefix="pades") as thread:
        return thread.submit(function, *args, **kwargs).result()


def _keep_producers_equal(writer: IncrementalPdfFileWriter) -> None:
    """PDF/A wants the document information's Producer equal to the XMP one. pyHanko
    appends its name to an existing /Producer but writes the XMP's as its name alone;
    without one it writes its name to both."""
    info = writer.trailer["/Info"]
    writer.set_info(generic.DictionaryObject({k: v for k, v in info.items() if k != "/Producer"}))
