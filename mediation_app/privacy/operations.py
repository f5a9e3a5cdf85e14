"""Revealing a person's masked data on purpose, and recording consent."""

import logging
from typing import Literal

from mediation_app.auth.models import User
from mediation_app.core.schema import Schema
from mediation_app.core.types import Text
from mediation_app.core.workspace import require
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.privacy.models import PersonalDataReveal, PrivacyConsent
from mediation_app.transactions import committed

# The version of the privacy notice (privacy/templates/privacy/notice.html) users agree to.
NOTICE_VERSION = "2026-12-05"
log = logging.getLogger(__name__)


class RevealRequest(Schema):
    field: Literal["phone", "email"]
    reason: Text(200)


def reveal_personal_data(viewer: User, subject_id: int, data: dict, *, remote_addr: str | None = None) -> str:
    """The full value of a person's masked field, recorded (who, whose, which, why)."""
    require(viewer, "reveal_personal_data")
    subject = db.session.get(User, subject_id)
    if subject is None or subject.centre_id != viewer.centre_id:
        raise NotVisible()
    request = RevealRequest.parse(data)
    with committed():
        db.session.add(
            PersonalDataReveal(
                viewer_id=viewer.id,
                subject_id=subject.id,
                field=request.field,
                reason=request.reason,
                remote_addr=remote_addr,
            )
        )
    log.info("user %d revealed the %s of user %d: %s", viewer.id, request.field, subject.id, request.reason)
    return getattr(subject, request.field)


def record_consent(user: User, *, remote_addr: str | None = None) -> None:
    """``user`` agreed to the current privacy notice (inside the caller's transaction)."""
    db.session.add(PrivacyConsent(user=user, notice_version=NOTICE_VERSION, remote_addr=remote_addr))
