"""Read-only views of the outbox."""

from sqlalchemy import func, select

from mediation_app.extensions import db
from mediation_app.notifications.models import MessageStatus, OutboxMessage
from mediation_app.types import utcnow


def outbox_counts() -> dict[str, int]:
    """Messages per status, and how many pending ones are due now."""
    counts = {status.value: 0 for status in MessageStatus}
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    counts.update({status.value: count for status, count in rows})
    counts["due"] = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.next_attempt_at <= utcnow())
    )
    return counts
