"""Read-only views of the outbox and of a person's inbox."""

from sqlalchemy import func, select

from mediation_app.extensions import db
from mediation_app.notifications.models import MessageStatus, Notification, OutboxMessage
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


def unread_count(user_id: int) -> int:
    """The top bar's figure on every page: one COUNT on ``ix_notifications_user_id_read_at``."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def inbox(user, *, before: int | None = None, limit: int = 20) -> tuple[list[Notification], int | None]:
    """A page of ``user``'s own notifications, newest first, and the id the next page
    starts ``before`` (None on the last page). Only the person's own rows, ever."""
    query = select(Notification).where(Notification.user_id == user.id)
    if before is not None:
        query = query.where(Notification.id < before)
    rows = db.session.scalars(query.order_by(Notification.id.desc()).limit(limit + 1)).all()
    page = rows[:limit]
    return page, (page[-1].id if len(rows) > limit else None)
