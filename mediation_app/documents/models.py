"""Issued documents: the legal records, stored once and never rewritten."""

from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class DocumentStatus(StrEnum):
    PENDING = "pending"  # recorded with what it is rendered from; a job renders it
    ISSUED = "issued"  # rendered, stored and hashed
    FAILED = "failed"  # its job gave up; staff may send it again


class Document(db.Model):
    """One issued version of a document. A correction is a new row (and file) that
    ``supersedes`` the old one; both remain, and the file of neither ever changes.

    The transaction that causes a document records it *pending*, with its number,
    verification code and the HTML it is laid out from; the ``render_document`` job
    renders, stores and hashes it and marks it *issued* (``documents.jobs``)."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # a key of documents.kinds.KINDS
    # The centre's document number, e.g. (2026)海工商调协字第0003号; kept by every version.
    number: Mapped[str | None] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why this version was issued, for versions > 1
    session_id: Mapped[int | None] = mapped_column(ForeignKey("mediation_sessions.id"))  # minutes only
    # The one party a document concerns alone (its service address, its service
    # certificate): the other party does not read it. None: every party's.
    party: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[DocumentStatus] = mapped_column(
        db.Enum(DocumentStatus, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=DocumentStatus.PENDING,
        server_default=DocumentStatus.ISSUED.value,  # the documents issued before jobs existed
    )
    # What a pending document is rendered from: its HTML, and the stored images it
    # embeds ({"applicant-signature": storage name}); cleared once it is issued. Loaded
    # only by the rendering job: lists and downloads never need them.
    html: Mapped[str | None] = mapped_column(Text, deferred=True, deferred_group="source")
    images: Mapped[dict | None] = mapped_column(JSON, deferred=True, deferred_group="source")
    # Set when issued:
    storage_name: Mapped[str | None] = mapped_column(String(80), unique=True)  # generated, never user input
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    # Printed on the document; anyone holding a copy can check it at /verify.
    verification_code: Mapped[str] = mapped_column(String(14), unique=True)
    size: Mapped[int | None] = mapped_column(Integer)
    template_version: Mapped[str] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
    session = relationship("MediationSession")
    supersedes: Mapped["Document | None"] = relationship(remote_side=[id])


class DocumentNumberCounter(db.Model):
    """Per centre, year and kind serial behind document numbers; taken atomically."""

    __tablename__ = "document_number_counters"

    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class SignerRole(StrEnum):
    APPLICANT = "applicant"
    RESPONDENT = "respondent"
    MEDIATOR = "mediator"


class SigningMethod(StrEnum):
    DRAWN = "drawn"  # a signature drawn in the browser, with the company seal image for a party
    SCAN = "scan"  # the signed and sealed agreement, scanned and uploaded


def _values(enum):
    return [m.value for m in enum]


class Signature(db.Model):
    """One signer's signature on one version of the agreement. Its files live in the
    document store under generated names, with their SHA-256 here and on the timeline."""

    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("document_id", "signer_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    signer_role: Mapped[SignerRole] = mapped_column(
        db.Enum(SignerRole, native_enum=False, length=12, values_callable=_values)
    )
    method: Mapped[SigningMethod] = mapped_column(
        db.Enum(SigningMethod, native_enum=False, length=8, values_callable=_values)
    )
    # {"signature": {"name": …, "sha256": …, "type": …}, "seal": {…}} or {"scan": {…}}
    files: Mapped[dict] = mapped_column(JSON)
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    signed_by = relationship("User")
