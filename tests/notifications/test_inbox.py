"""The inbox in the app: every notice lands there in the transaction that writes its
e-mail (or alone, without mail), each person reads and marks only their own, and the
top bar counts the unread ones."""

import flask_migrate
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from mediation_app import MIGRATIONS
from mediation_app.extensions import db
from mediation_app.notifications.models import MessageStatus, Notification, OutboxMessage
from mediation_app.notifications.operations import notify, queue_email
from mediation_app.notifications.schemas import PAGE_SIZE
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from tests.conftest import make_app

CONTEXT = {
    "case_number": "(2026)海工商调字第0001号",
    "court_name": "海安市人民法院",
    "reason": "调解不成",
    "survey_url": "https://centre.test/cases/1/survey",
}


def _notices(app, person, count=1, case_id=None) -> list[int]:
    """``count`` notices in ``person``'s inbox (and e-mails in the outbox), oldest first."""
    with app.app_context():
        ids = []
        for n in range(count):
            context = {**CONTEXT, "reason": f"调解不成（{n}）"}
            ids.append(notify(person.id, person.email, "case_referred", context, case_id=case_id))
        db.session.commit()
        return [notification.id for notification in ids]


def _rows(app, model, **where):
    with app.app_context():
        query = select(model).order_by(model.id)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def _unread(app, person) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == person.id, Notification.read_at.is_(None))
        )


def test_each_notice_of_a_step_is_in_the_inbox_beside_its_e_mail(world, app, api):
    case_id = world.case("filed")
    assert api(world.staff).fire(case_id, "assign", mediator_id=world.mediator.id).status_code == 200
    outbox = {message.id: message for message in _rows(app, OutboxMessage)}
    inbox = _rows(app, Notification)
    assert len(inbox) == len(outbox) == 3
    emails = {person.id: person.email for person in world.everyone().values()}
    for notification in inbox:
        message = outbox[notification.outbox_message_id]
        assert emails[notification.user_id] == message.recipient
        assert (notification.kind, notification.subject, notification.body, notification.case_id) == (
            message.kind,
            message.subject,
            message.body,
            case_id,
        )
        assert notification.read_at is None


def test_an_operation_rolled_back_leaves_neither_the_e_mail_nor_the_inbox_row(world, app):
    with app.app_context(), pytest.raises(RuntimeError), committed():
        notify(world.applicant.id, world.applicant.email, "case_referred", CONTEXT)
        raise RuntimeError("the business step failed after its notice")
    assert _rows(app, Notification) == [] and _rows(app, OutboxMessage) == []


def test_without_a_mail_server_the_notices_go_to_the_inbox_alone(world, app, api, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_ENABLED", False)
    case_id = world.case("filed")
    assert api(world.staff).fire(case_id, "assign", mediator_id=world.mediator.id).status_code == 200
    assert _rows(app, OutboxMessage) == []
    kinds = {(n.user_id, n.kind) for n in _rows(app, Notification)}
    assert kinds == {
        (world.mediator.id, "mediator_assigned"),
        (world.applicant.id, "case_accepted"),
        (world.respondent.id, "respondent_invited"),
    }


def test_an_address_that_cannot_take_mail_still_gets_the_notice_in_the_inbox(world, app):
    with app.app_context():
        notify(world.applicant.id, "张经理 <a@b.example>, c@d.example", "case_referred", CONTEXT)
        db.session.commit()
    (notification,) = _rows(app, Notification)
    assert notification.user_id == world.applicant.id and notification.outbox_message_id is None
    assert _rows(app, OutboxMessage) == []


def test_the_inbox_page_lists_newest_first_links_each_case_and_pages(world, app, browser):
    case_id = world.case("filed")
    ids = _notices(app, world.applicant, PAGE_SIZE + 1, case_id=case_id)
    client = browser(world.applicant)
    first = client.get("/notifications").get_data(as_text=True)
    assert first.index(f'id="notification-{ids[-1]}"') < first.index(f'id="notification-{ids[-2]}"')
    assert f'id="notification-{ids[0]}"' not in first  # the oldest is on the next page
    assert f'href="/cases/{case_id}"' in first
    assert f"({PAGE_SIZE + 1} unread)" in first or f"（{PAGE_SIZE + 1} 条未读）" in first
    second = client.get(f"/notifications?before={ids[1]}").get_data(as_text=True)
    assert f'id="notification-{ids[0]}"' in second and f'id="notification-{ids[1]}"' not in second
    # A hand-edited page is the first one, not an error.
    assert client.get("/notifications?before=abc").status_code == 200


def test_an_empty_inbox_says_so(world, browser):
    page = browser(world.mediator).get("/notifications")
    assert page.status_code == 200
    assert 'class="empty"' in page.get_data(as_text=True)
    assert 'class="count"' not in page.get_data(as_text=True)


def test_marking_one_and_then_all_read_on_the_page(world, app, browser):
    _first, second, third = _notices(app, world.applicant, 3)
    client = browser(world.applicant)
    response = client.post(f"/notifications/{second}/read", data={"before": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith("/notifications")
    assert _unread(app, world.applicant) == 2
    marked_at = _rows(app, Notification, id=second)[0].read_at
    client.post(f"/notifications/{second}/read")  # again: the first time stays
    assert _rows(app, Notification, id=second)[0].read_at == marked_at
    client.post("/notifications/read", data={"before": str(third)})
    assert _unread(app, world.applicant) == 0
    page = client.get("/notifications").get_data(as_text=True)
    assert 'class="count"' not in page and "unread-mark" not in page


def test_the_api_lists_pages_and_marks_the_callers_own(world, app, api):
    ids = _notices(app, world.respondent, 3)
    caller = api(world.respondent)
    listed = caller.get("/me/notifications?limit=2").get_json()
    assert [item["id"] for item in listed["items"]] == [ids[2], ids[1]]
    assert listed["unread"] == 3 and listed["next_before"] == ids[1]
    rest = caller.get(f"/me/notifications?limit=2&before={listed['next_before']}").get_json()
    assert [item["id"] for item in rest["items"]] == [ids[0]] and rest["next_before"] is None
    one = caller.post(f"/me/notifications/{ids[0]}/read")
    assert one.status_code == 200 and one.get_json()["read_at"] is not None
    assert caller.post("/me/notifications/read").get_json() == {"marked": 2}
    assert caller.get("/me/notifications").get_json()["unread"] == 0
    assert caller.get("/me/notifications?limit=0").status_code == 422


def test_no_one_sees_or_marks_another_persons_notifications(world, app, api, browser):
    (theirs,) = _notices(app, world.applicant, 1)
    for person in (world.respondent, world.staff, world.admin):
        assert api(person).get("/me/notifications").get_json()["items"] == []
        assert api(person).post(f"/me/notifications/{theirs}/read").status_code == 404
        client = browser(person)
        assert client.post(f"/notifications/{theirs}/read").status_code == 404
        assert f"notification-{theirs}" not in client.get("/notifications").get_data(as_text=True)
        assert api(person).post("/me/notifications/read").get_json() == {"marked": 0}
    assert _unread(app, world.applicant) == 1


def test_the_top_bar_counts_the_unread_notices(world, app, browser):
    _notices(app, world.staff, 2)
    page = browser(world.staff).get("/cases").get_data(as_text=True)
    assert 'href="/notifications"' in page and '<span class="count" aria-hidden="true">2</span>' in page


INBOX_REVISION = "4f6b8d0e2a46"  # migrations/versions/20261206_4f6b8d0e2a46_notification_inbox.py


def test_the_inbox_migration_brings_earlier_e_mails_of_each_account_in(world, app, database_url, tmp_path):
    with app.app_context():
        sent = queue_email(world.applicant.email, "case_referred", CONTEXT)
        queue_email(world.respondent.email, "case_referred", CONTEXT)
        queue_email("someone@elsewhere.example", "case_referred", CONTEXT)  # no account: no inbox
        sent.status, sent.sent_at = MessageStatus.SENT, utcnow()
        db.session.commit()
    revision = ScriptDirectory(str(MIGRATIONS)).get_revision(INBOX_REVISION)
    other = make_app(database_url, tmp_path)
    with other.app_context():
        try:
            flask_migrate.downgrade(revision=revision.down_revision)
        finally:
            flask_migrate.upgrade()
        db.engine.dispose()
    rows = {n.user_id: n.read_at is not None for n in _rows(app, Notification)}
    assert rows == {world.applicant.id: True, world.respondent.id: False}  # mailed: read already


def test_a_page_failing_on_the_database_is_answered_without_asking_it_the_count(world, browser, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    client = browser(world.staff)
    monkeypatch.setattr("mediation_app.notifications.views.queries.inbox", unreachable)
    monkeypatch.setattr("mediation_app.web.unread_count", unreachable)
    page = client.get("/notifications")
    assert page.status_code == 503 and 'href="/notifications"' in page.get_data(as_text=True)
