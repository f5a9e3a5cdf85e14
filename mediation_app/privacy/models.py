"""The record of personal data revealed and of consents given."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class PersonalDataReveal(db.Model):
    """One look at a person's unmasked data: who, whose, which field, why, when."""

    __tablename__ = "personal_data_reveals"

    id: Mapped[int] = mapped_column(primary_key=True)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class PrivacyConsent(db.Model):
    """A user's consent to the privacy notice of a given version (at registration)."""

    __tablename__ = "privacy_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    notice_version: Mapped[str] = mapped_column(String(20))
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    given_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
