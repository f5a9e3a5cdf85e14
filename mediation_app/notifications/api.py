"""JSON API: the caller's own notifications (the inbox), and marking them read."""

from flask import request

from mediation_app.api_support import api, caller, endpoint, json_body, present
from mediation_app.notifications import operations, queries
from mediation_app.notifications.schemas import (
    InboxPage,
    InboxQuery,
    MarkedOut,
    NoticePreferences,
    NoticePreferencesOut,
    NotificationOut,
)


@api.get("/me/notifications")
@endpoint(query=InboxQuery, ok=InboxPage)
def list_notifications():
    """The caller's notifications, newest first, with the unread count; the next page
    starts ``before`` the ``next_before`` of this one."""
    user = caller()
    page = InboxQuery.parse(request.args.to_dict())
    items, next_before = queries.inbox(user, before=page.before, limit=page.limit)
    return present(
        InboxPage(
            items=[NotificationOut.model_validate(item) for item in items],
            unread=queries.unread_count(user.id),
            next_before=next_before,
        )
    )


@api.post("/me/notifications/<int:notification_id>/read")
@endpoint(ok=NotificationOut)
def mark_notification_read(notification_id: int):
    """Mark one of the caller's notifications read (again: no change). Anyone else's is not found."""
    return present(NotificationOut.model_validate(operations.mark_read(caller(), notification_id)))


@api.post("/me/notifications/read")
@endpoint(ok=MarkedOut)
def mark_all_notifications_read():
    """Mark every unread notification of the caller read."""
    return present(MarkedOut(marked=operations.mark_all_read(caller())))


@api.get("/me/notice-preferences")
@endpoint(ok=NoticePreferencesOut)
def get_notice_preferences():
    """The channels the caller wants the app's notices by, beside the inbox (always).
    Statutory service follows the party's service address, not these."""
    return present(NoticePreferencesOut(email=operations.wants_email(caller().id)))


@api.put("/me/notice-preferences")
@endpoint(body=NoticePreferences, ok=NoticePreferencesOut)
def set_notice_preferences():
    """Choose the channels of the caller's notices."""
    preference = operations.set_notice_preferences(caller(), json_body())
    return present(NoticePreferencesOut(email=preference.email))
