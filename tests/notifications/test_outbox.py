"""The outbox on the real database (both backends) and a real SMTP server (aiosmtpd)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from mediation_app.extensions import db
from mediation_app.notifications import operations
from mediation_app.notifications.models import MessageStatus, OutboxMessage
from mediation_app.notifications.operations import (
    LEASE,
    Attachment,
    InvalidMessage,
    queue_email,
    send_pending,
)
from mediation_app.parties.models import Centre
from mediation_app.types import utcnow
from tests.notifications.conftest import SMTP_PASSWORD, SMTP_USER

WAIT = 30  # seconds
NUMBER = "(2026)海工商调字第0001号"
STARTS = datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mediation-centre//zh\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:session-1@centre.test\r\nDTSTAMP:20261129T010000Z\r\n"
    "DTSTART:20261203T063000Z\r\nDTEND:20261203T083000Z\r\n"
    "SUMMARY:调解会议 (2026)海工商调字第0001号\r\nLOCATION:海安市常安大道1号三楼调解室\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def scheduled(recipient="respondent@firm.example", **fields):
    return queue_email(
        recipient,
        "session_scheduled",
        {
            "case_number": NUMBER,
            "starts_at": STARTS,
            "location": "海安市常安大道1号三楼调解室",
            "recipient_name": "李明",
        },
        **fields,
    )


def accepted(recipient: str):
    return queue_email(
        recipient,
        "case_accepted",
        {
            "case_number": NUMBER,
            "applicant_name": "江苏常安纺织科技有限公司",
            "respondent_name": "海安华达锦纶有限公司",
        },
    )


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def later(monkeypatch, delta: timedelta):
    """The senders' clock, moved forward."""
    monkeypatch.setattr(operations, "utcnow", lambda: utcnow() + delta)


def test_queueing_writes_nothing_until_the_caller_commits(ctx, smtp_port):
    message = scheduled()
    assert message in db.session.new
    db.session.rollback()
    assert outbox() == []
    scheduled()
    db.session.commit()
    [row] = outbox()
    assert (row.status, row.attempts, row.sent_at, row.kind) == (
        MessageStatus.PENDING,
        0,
        None,
        "session_scheduled",
    )
    assert row.subject == f"调解会议通知：{NUMBER}，2026年12月3日 14:30"


def test_a_chinese_message_with_an_ics_invitation_arrives_intact(ctx, smtp):
    invitation = Attachment("调解会议.ics", ICS, "text/calendar; method=REQUEST")
    scheduled(attachment=invitation)
    db.session.commit()

    result = send_pending()

    assert (result.sent, result.retrying, result.failed) == (1, 0, 0)
    [(sender, recipients, _raw)] = smtp.received
    assert (sender, recipients) == ("noreply@centre.test", ["respondent@firm.example"])
    [mail] = smtp.messages()
    assert mail["Subject"] == f"调解会议通知：{NUMBER}，2026年12月3日 14:30"
    assert mail["From"].addresses[0].display_name == "商会调解中心"
    assert mail["To"] == "respondent@firm.example"
    assert mail["Auto-Submitted"] == "auto-generated"
    body = mail.get_body(("plain",))
    assert body.get_content_charset() == "utf-8"
    text = body.get_content()
    assert text.startswith("李明：\n") and "地点：海安市常安大道1号三楼调解室" in text
    [attachment] = mail.iter_attachments()
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "调解会议.ics"
    assert attachment.get_content_charset() == "utf-8"
    assert attachment.get_content() == ICS  # byte for byte, CRLF line ends included
    assert "SUMMARY:调解会议 (2026)海工商调字第0001号" in attachment.get_content()
    [row] = outbox()
    assert (row.status, row.attempts, row.last_error) == (MessageStatus.SENT, 1, None)
    assert row.sent_at is not None
    assert send_pending().attempted == 0  # sent once, never again


def test_attachment_types_are_guessed_and_binary_files_kept_as_bytes(ctx, smtp):
    scheduled(attachment=Attachment("invite.ics", ICS.encode()))
    pdf = b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n%%EOF\n"
    scheduled(attachment=Attachment("调解协议书.pdf", pdf))
    db.session.commit()
    assert send_pending().sent == 2
    ics, agreement = (next(mail.iter_attachments()) for mail in smtp.messages())
    assert ics.get_content_type() == "text/calendar"
    assert agreement.get_content_type() == "application/pdf"
    assert agreement.get_filename() == "调解协议书.pdf"
    assert agreement.get_content() == pdf


def test_with_the_server_down_nothing_is_lost_and_a_later_run_delivers(ctx, start_smtp, monkeypatch):
    scheduled("a@firm.example")
    scheduled("b@firm.example")
    db.session.commit()

    before = utcnow()
    down = send_pending()  # nothing listens on the port

    assert (down.sent, down.retrying, down.failed) == (0, 2, 0)
    for row in outbox():
        assert (row.status, row.attempts) == (MessageStatus.PENDING, 1)
        assert row.next_attempt_at >= before + timedelta(seconds=60)
        assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
    inbox = start_smtp().inbox
    assert send_pending().attempted == 0  # not due yet: the backoff holds
    assert inbox.received == []

    later(monkeypatch, timedelta(minutes=2))
    up = send_pending()

    assert (up.sent, up.retrying, up.failed) == (2, 0, 0)
    assert sorted(recipients[0] for _s, recipients, _r in inbox.received) == [
        "a@firm.example",
        "b@firm.example",
    ]
    assert {(row.status, row.attempts, row.last_error) for row in outbox()} == {(MessageStatus.SENT, 2, None)}


def test_a_message_is_given_up_after_the_last_attempt(ctx, app, smtp_port, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "MAIL_RETRY_SECONDS", 10)
    scheduled()
    db.session.commit()
    waits = []
    for attempt, delta in enumerate((timedelta(0), timedelta(minutes=1), timedelta(minutes=2)), start=1):
        later(monkeypatch, delta)
        result = send_pending()
        [row] = outbox()
        assert row.attempts == attempt
        waits.append(row.next_attempt_at - utcnow() - delta)
    assert (result.retrying, result.failed) == (0, 1)
    assert row.status is MessageStatus.FAILED
    assert timedelta(seconds=9) < waits[0] <= timedelta(seconds=10)
    assert timedelta(seconds=19) < waits[1] <= timedelta(seconds=20)
    later(monkeypatch, timedelta(days=1))
    assert send_pending().attempted == 0


def test_a_message_queued_in_a_transaction_that_rolls_back_is_never_sent(ctx, smtp):
    def open_centre_and_notify_then_fail():
        """An operation whose last step fails: its change and its e-mail go together."""
        try:
            db.session.add(Centre(code="new", name="新调解中心", case_prefix="新商调"))
            accepted("applicant@firm.example")
            db.session.flush()  # both rows reach the database inside the transaction
            raise RuntimeError("the next step failed")
        except Exception:
            db.session.rollback()
            raise

    with pytest.raises(RuntimeError):
        open_centre_and_notify_then_fail()

    assert db.session.scalars(select(Centre)).all() == []
    assert outbox() == []
    assert send_pending().attempted == 0
    assert smtp.received == []


def test_a_message_belongs_to_its_case(ctx, world, smtp):
    case_id = world.case("filed")
    queue_email(
        "applicant@test.example",
        "case_accepted",
        {"case_number": NUMBER, "applicant_name": "甲", "respondent_name": "乙"},
        case_id=case_id,
    )
    db.session.commit()
    assert send_pending().sent == 1
    assert outbox()[0].case_id == case_id


@pytest.mark.parametrize(
    ("recipient", "context", "attachment", "field"),
    [
        ("a@firm.example\r\nBcc: victim@evil.example", {}, None, "recipient"),
        ("a@firm.example\nSubject: forged", {}, None, "recipient"),
        ("a@firm.example, victim@evil.example", {}, None, "recipient"),
        ("a@firm.example", {"case_number": "X\r\nBcc: victim@evil.example"}, None, "subject"),
        ("a@firm.example", {"case_number": "X\nBcc: victim@evil.example"}, None, "subject"),
        ("a@firm.example", {}, Attachment("a.ics\r\nBcc: victim@evil.example", ICS), "filename"),
        ("a@firm.example", {}, Attachment("../../etc/passwd", ICS), "filename"),
        (
            "a@firm.example",
            {},
            Attachment("a.ics", ICS, "text/calendar\r\nBcc: x@evil.example"),
            "content type",
        ),
        ("a@firm.example", {}, Attachment("a.ics", ICS, "calendar"), "content type"),
        ("a@firm.example", {}, Attachment("a.bin", b"x" * (5 * 1024 * 1024 + 1)), "bytes"),
    ],
)
def test_header_injection_is_refused_and_nothing_is_queued(ctx, smtp, recipient, context, attachment, field):
    values = {"case_number": NUMBER, "starts_at": STARTS, "location": "调解室", **context}
    with pytest.raises(InvalidMessage, match=field):
        queue_email(recipient, "session_scheduled", values, attachment=attachment)
    assert not db.session.new
    db.session.commit()
    assert outbox() == []


def test_a_row_written_around_queue_email_with_a_forged_header_is_never_sent(ctx, smtp):
    scheduled()
    db.session.commit()
    db.session.execute(update(OutboxMessage).values(subject="通知\r\nBcc: victim@evil.example"))
    db.session.commit()
    result = send_pending()
    assert (result.sent, result.failed) == (0, 1)
    assert smtp.received == []
    [row] = outbox()
    assert row.status is MessageStatus.FAILED and "subject" in row.last_error


def test_a_refused_recipient_fails_for_good_and_a_busy_one_is_retried(ctx, smtp):
    smtp.refuse["gone@firm.example"] = "550 5.1.1 <gone@firm.example>: no such user"
    smtp.refuse["busy@firm.example"] = "451 4.7.1 greylisted, try again later"
    for recipient in ("gone@firm.example", "busy@firm.example", "fine@firm.example"):
        accepted(recipient)
    db.session.commit()

    result = send_pending()

    assert (result.sent, result.retrying, result.failed) == (1, 1, 1)
    gone, busy, fine = outbox()
    assert gone.status is MessageStatus.FAILED and gone.last_error.startswith("SMTPRecipientsRefused: 550")
    assert busy.status is MessageStatus.PENDING and "451" in busy.last_error
    assert fine.status is MessageStatus.SENT
    assert [recipients for _s, recipients, _r in smtp.received] == [["fine@firm.example"]]


def test_the_smtp_login_is_used_and_the_password_never_stored(ctx, app, smtp_with_auth, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_USERNAME", SMTP_USER)
    monkeypatch.setitem(app.config, "SMTP_PASSWORD", "wrong-" + SMTP_PASSWORD)
    scheduled()
    db.session.commit()
    refused = send_pending()
    [row] = outbox()
    assert (refused.retrying, row.status, row.attempts) == (1, MessageStatus.PENDING, 1)
    assert "535" in row.last_error and SMTP_PASSWORD not in row.last_error and "wrong-" not in row.last_error

    monkeypatch.setitem(app.config, "SMTP_PASSWORD", SMTP_PASSWORD)
    later(monkeypatch, timedelta(minutes=2))
    assert send_pending().sent == 1
    assert len(smtp_with_auth.received) == 1


def test_starttls_required_but_not_offered_keeps_the_message(ctx, app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_STARTTLS", "true")
    scheduled()
    db.session.commit()
    assert send_pending().retrying == 1
    [row] = outbox()
    assert row.status is MessageStatus.PENDING and "STARTTLS" in row.last_error
    assert smtp.received == []


def test_a_sender_that_dies_after_claiming_leaves_the_message_leased_not_lost(ctx, smtp, monkeypatch):
    scheduled()
    db.session.commit()
    with operations.Session(db.engine) as session:
        [claimed] = operations._claim(session, 10)  # ... and the sender dies here
    assert claimed.attempts == 1
    assert send_pending().attempted == 0  # leased: another sender leaves it alone
    later(monkeypatch, LEASE + timedelta(seconds=1))
    assert send_pending().sent == 1
    [row] = outbox()
    assert (row.status, row.attempts) == (MessageStatus.SENT, 2)


def test_a_claim_is_a_compare_and_set(ctx, smtp):
    """Two senders read the same due row (SQLite has no FOR UPDATE): only the first claim wins."""
    scheduled()
    db.session.commit()
    now = utcnow()
    with operations.Session(db.engine) as first, operations.Session(db.engine) as second:
        seen_by_second = operations._candidates(second, 10, now)
        second.commit()
        assert len(seen_by_second) == 1
        assert len(operations._claim(first, 10)) == 1
        assert operations._take(second, seen_by_second, now) == []
        assert operations._claim(second, 10) == []
    [row] = outbox()
    assert row.attempts == 1


def test_the_limit_bounds_one_run(ctx, smtp):
    for n in range(25):
        accepted(f"p{n}@firm.example")
    db.session.commit()
    assert send_pending(limit=12).sent == 12
    assert send_pending(limit=100).sent == 13
    assert len(smtp.received) == 25


def test_two_concurrent_senders_deliver_each_message_once(app, ctx, start_smtp):
    inbox = start_smtp().inbox
    inbox.delay = 0.01  # slow enough that both senders are busy at once
    for n in range(40):
        accepted(f"p{n:02d}@firm.example")
    db.session.commit()

    def sender():
        with app.app_context():
            return send_pending(limit=1000)

    with ThreadPoolExecutor(2) as pool:
        results = [future.result() for future in [pool.submit(sender), pool.submit(sender)]]

    assert sum(result.sent for result in results) == 40
    assert all(result.retrying == result.failed == 0 for result in results)
    recipients = sorted(recipients[0] for _s, recipients, _r in inbox.received)
    assert recipients == [f"p{n:02d}@firm.example" for n in range(40)]
    message_ids = [mail["Message-ID"] for mail in inbox.messages()]
    assert len(set(message_ids)) == 40
    counts = dict(
        db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    )
    assert counts == {MessageStatus.SENT: 40}
    assert db.session.scalar(select(func.max(OutboxMessage.attempts))) == 1


def test_money_and_dates_reach_the_mail_formatted(ctx, smtp):
    queue_email(
        "applicant@firm.example",
        "agreement_ready",
        {
            "case_number": NUMBER,
            "agreed_amount": Decimal("500000.00"),
            "performance_deadline": STARTS.date(),
            "sign_by": STARTS.date(),
        },
    )
    db.session.commit()
    send_pending()
    text = smtp.messages()[0].get_body(("plain",)).get_content()
    assert "协议金额：人民币500,000.00元" in text and "履行期限：2026年12月3日" in text


@pytest.mark.postgresql_only
def test_a_sender_skips_rows_another_transaction_holds_instead_of_waiting(app, ctx, smtp):
    first = accepted("first@firm.example")
    accepted("second@firm.example")
    db.session.commit()

    def sender():
        with app.app_context():
            return send_pending()

    pool = ThreadPoolExecutor(1)
    with operations.Session(db.engine) as holder:
        holder.execute(select(OutboxMessage).where(OutboxMessage.id == first.id).with_for_update())
        future = pool.submit(sender)
        try:
            result = future.result(timeout=WAIT)  # FOR UPDATE without SKIP LOCKED would wait here
        finally:
            holder.rollback()
            pool.shutdown()
    assert result.sent == 1
    assert [recipients for _s, recipients, _r in smtp.received] == [["second@firm.example"]]
    assert send_pending().sent == 1
    assert {row.status for row in outbox()} == {MessageStatus.SENT}
