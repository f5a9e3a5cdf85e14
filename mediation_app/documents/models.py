"""Issued documents: the legal records, stored once and never rewritten."""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # agreement, …
    storage_name: Mapped[str] = mapped_column(String(80), unique=True)  # generated, never user input
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # Printed on the document; anyone holding a copy can check it at /verify.
    verification_code: Mapped[str] = mapped_column(String(14), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    template_version: Mapped[str] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
