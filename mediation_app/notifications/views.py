"""The inbox page: the signed-in person's notifications, newest first, a page at a time."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.errors import ValidationFailed
from mediation_app.notifications import operations, queries
from mediation_app.notifications.schemas import PAGE_SIZE, InboxQuery


def _before(value) -> int | None:
    """The page a link or a form names; a hand-edited one means the first page."""
    try:
        return InboxQuery.parse({"before": value or None}).before
    except ValidationFailed:
        return None


@login_required
def inbox():
    before = _before(request.args.get("before"))
    items, next_before = queries.inbox(current_user, before=before, limit=PAGE_SIZE)
    return render_template(
        "notifications/inbox.html",
        items=items,
        before=before,
        next_url=url_for("notifications.inbox", before=next_before) if next_before else None,
    )


def _back_to_the_page():
    return redirect(url_for("notifications.inbox", before=_before(request.form.get("before"))))


@login_required
def mark_read(notification_id: int):
    operations.mark_read(current_user, notification_id)
    return _back_to_the_page()


@login_required
def mark_all_read():
    if operations.mark_all_read(current_user):
        flash(_("Every notification is marked as read."), "success")
    return _back_to_the_page()


@login_required
def preferences():
    """The person's choice of channels for the app's notices."""
    if request.method == "POST":
        operations.set_notice_preferences(current_user, {"email": request.form.get("email") == "yes"})
        flash(_("Your notice preferences are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", email=operations.wants_email(current_user.id))
