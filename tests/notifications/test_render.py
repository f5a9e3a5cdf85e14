"""Subjects and bodies from the templates, and the checks that keep headers single lines.

No database: rendering and checking are pure."""

import base64
import smtplib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from mediation_app.notifications.mailer import SmtpSettings, describe
from mediation_app.notifications.operations import MAX_BACKOFF, backoff
from mediation_app.notifications.render import KINDS, InvalidMessage, check_recipient, render

NUMBER = "(2026)海工商调字第0001号"
STARTS = datetime(2026, 12, 3, 6, 30, tzinfo=UTC)  # 14:30 in Shanghai
SURVEY_URL = "https://centre.test/cases/1/survey"
CALENDAR_URL = "https://centre.test/sessions/1/calendar.ics"

SAMPLES = {
    "document_served": {
        "document_title": "受理通知书",
        "document_number": "(2026)海工商调受字第0001号",
        "open_url": "https://centre.test/service/open/token",
        "expires_on": date(2027, 1, 4),
    },
    "respondent_invited": {
        "applicant_name": "江苏常安纺织科技有限公司",
        "respondent_name": "海安华达锦纶有限公司",
        "claim_amount": Decimal("580000.00"),
        "reply_by": date(2026, 12, 10),
    },
    "case_accepted": {
        "applicant_name": "江苏常安纺织科技有限公司",
        "respondent_name": "海安华达锦纶有限公司",
        "mediator_name": "王调解",
    },
    "mediator_assigned": {
        "applicant_name": "江苏常安纺织科技有限公司",
        "respondent_name": "海安华达锦纶有限公司",
        "claim_amount": Decimal("580000.00"),
        "deadline": date(2026, 12, 29),
    },
    "session_scheduled": {
        "starts_at": STARTS,
        "location": "海安市常安大道1号三楼调解室",
        "calendar_url": CALENDAR_URL,
    },
    "session_changed": {
        "starts_at": STARTS,
        "previous_starts_at": STARTS - timedelta(days=2),
        "location": "海安市常安大道1号三楼调解室",
        "calendar_url": CALENDAR_URL,
        "reason": "被申请人法定代表人出差",
    },
    "session_cancelled": {"starts_at": STARTS, "location": "线上", "reason": "双方已自行和解"},
    "minutes_ready": {"held_at": STARTS},
    "agreement_ready": {
        "agreed_amount": Decimal("500000.00"),
        "performance_deadline": date(2027, 1, 31),
        "sign_by": date(2026, 12, 20),
    },
    "signature_refused": {"party_name": "海安华达锦纶有限公司", "reason": "付款期限无法接受。"},
    "agreement_effective": {
        "agreed_amount": Decimal("500000.00"),
        "performance_deadline": date(2027, 1, 31),
        "effective_on": date(2026, 12, 5),
        "survey_url": SURVEY_URL,
    },
    "case_referred": {
        "court_name": "海安市人民法院",
        "reason": "双方分歧较大，调解不成。",
        "survey_url": SURVEY_URL,
    },
    "deadline_reminder": {"deadline": date(2026, 12, 29), "days_left": 3},
    "confirmation_reminder": {"last_day": date(2026, 12, 29), "days_left": 7},
    "performance_default": {
        "due_on": date(2026, 12, 1),
        "overdue_amount": Decimal("250000.00"),
        "enforceable": True,
    },
    "registration_refused": {
        "enterprise_name": "海安新锦纶有限公司",
        "centre_name": "海安市商会调解中心",
        "reason": "营业执照上的名称与填写的企业名称不一致。",
    },
    "case_filed": {
        "applicant_name": "江苏常安纺织科技有限公司",
        "respondent_name": "海安华达锦纶有限公司",
        "claim_amount": Decimal("580000.00"),
        "case_url": "https://centre.test/cases/1",
    },
    "case_rejected": {
        "applicant_name": "江苏常安纺织科技有限公司",
        "respondent_name": "海安华达锦纶有限公司",
        "reason": "纠纷已由人民法院判决。",
    },
    "mediation_started": {
        "applicant_name": "江苏常安纺织科技有限公司",
        "respondent_name": "海安华达锦纶有限公司",
        "deadline": date(2027, 1, 4),
    },
    "case_withdrawn": {
        "applicant_name": "江苏常安纺织科技有限公司",
        "respondent_name": "海安华达锦纶有限公司",
    },
    "mediator_changed": {"mediator_name": "李调解"},
    "recusal_decided": {"granted": True, "note": "调解员与申请人存在亲属关系。", "mediator_name": "李调解"},
    "agreement_signed": {
        "signer_name": "海安华达锦纶有限公司",
        "remaining": "江苏常安纺织科技有限公司、王调解",
    },
    "confirmation_decided": {
        "court_name": "海安市人民法院",
        "confirmed": True,
        "confirmation_number": "(2026)苏0621民特12号",
        "reason": "",
    },
    "session_reminder": {
        "starts_at": STARTS,
        "location": "海安市常安大道1号三楼调解室",
        "calendar_url": CALENDAR_URL,
    },
}
# What each notice is about, named in its subject and body: the case, but an account's
# notices have no case.
ABOUT = {"registration_refused": "海安新锦纶有限公司"}


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == KINDS


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_renders_a_chinese_subject_and_body(kind):
    subject, body = render(kind, {"case_number": NUMBER, "recipient_name": "张伟", **SAMPLES[kind]})
    about = ABOUT.get(kind, NUMBER)
    assert about in subject and "\n" not in subject
    assert body.startswith("张伟：\n") and about in body
    assert body.endswith("本邮件由案件管理系统自动发送，请勿直接回复。\n")
    assert "{{" not in body and "{%" not in body


def test_values_are_formatted_for_china():
    subject, body = render("session_scheduled", {"case_number": NUMBER, **SAMPLES["session_scheduled"]})
    assert "2026年12月3日 14:30" in subject
    assert "时间：2026年12月3日 14:30（北京时间）" in body
    _, body = render("mediator_assigned", {"case_number": NUMBER, **SAMPLES["mediator_assigned"]})
    assert "人民币580,000.00元" in body and "调解期限：2026年12月29日" in body


@pytest.mark.parametrize(("days_left", "phrase"), [(3, "剩余3天"), (0, "今天"), (-2, "已逾期2天")])
def test_the_deadline_reminder_says_how_late_it_is(days_left, phrase):
    _, body = render(
        "deadline_reminder", {"case_number": NUMBER, "deadline": date(2026, 12, 29), "days_left": days_left}
    )
    assert phrase in body


def test_values_are_printed_literally_never_evaluated():
    reason = "{{ 7*7 }} <script>alert(1)</script> {% if true %}x{% endif %} &amp;"
    _, body = render(
        "case_referred",
        {"case_number": NUMBER, "court_name": "海安市人民法院", "reason": reason, "survey_url": SURVEY_URL},
    )
    assert f"原因：{reason}" in body


def test_a_missing_value_is_an_error_not_a_hole():
    with pytest.raises(InvalidMessage, match="court_name"):
        render("case_referred", {"case_number": NUMBER, "reason": "调解不成", "survey_url": SURVEY_URL})


@pytest.mark.parametrize("kind", ["unknown", "../../config", "notifications/_base", "_base"])
def test_only_known_kinds_render(kind):
    with pytest.raises(InvalidMessage, match="unknown notification kind"):
        render(kind, {})


def test_only_plain_values_reach_a_template():
    class Row:  # an ORM row, say
        name = "x"

    with pytest.raises(InvalidMessage, match="not a plain value"):
        render("case_referred", {"case_number": NUMBER, "court_name": Row(), "reason": "x"})
    with pytest.raises(InvalidMessage, match="not a plain value"):
        render("case_referred", {"case_number": NUMBER, "court_name": "法院", "reason": [1.5]})


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\x00", "\u2028", "\u202e", "\x85"])
def test_a_line_break_in_the_subject_is_refused(breaker):
    court = f"海安市人民法院{breaker}Bcc: victim@evil.example"
    with pytest.raises(InvalidMessage, match="subject"):
        render(
            "case_referred",
            {"case_number": NUMBER, "court_name": court, "reason": "x", "survey_url": SURVEY_URL},
        )


def test_line_breaks_in_the_body_are_fine():
    context = {"case_number": NUMBER, "court_name": "法院", "reason": "一\r\n二", "survey_url": SURVEY_URL}
    _, body = render("case_referred", context)
    assert "原因：一\n二" in body


@pytest.mark.parametrize(
    "recipient",
    [
        "a@b.example\r\nBcc: victim@evil.example",
        "a@b.example\nBcc: victim@evil.example",
        "a@b.example\r",
        "a@b.example, victim@evil.example",
        "a@b.example;victim@evil.example",
        "张伟 <a@b.example>",
        "<a@b.example>",
        "a@b.example (comment)",
        '"x"@b.example',
        "a@b.example\x00",
        "a@localhost",
        "@b.example",
        "a@",
        "a@@b.example",
        "a@b..example",
        "",
        "x" * 250 + "@b.example",
        None,
        ["a@b.example"],
    ],
)
def test_a_recipient_is_one_plain_address(recipient):
    with pytest.raises(InvalidMessage):
        check_recipient(recipient)


@pytest.mark.parametrize("recipient", ["a@b.example", "o'brien+case-7@mail.b.example", "用户@例子.中国"])
def test_ordinary_addresses_pass(recipient):
    assert check_recipient(recipient) == recipient


def test_errors_never_carry_the_password_and_are_truncated():
    settings = SmtpSettings(username="mailer", password="s3cret-Mail-Pa55")
    plain = base64.b64encode(b"\0mailer\0s3cret-Mail-Pa55").decode()
    login = base64.b64encode(b"s3cret-Mail-Pa55").decode()
    error = smtplib.SMTPAuthenticationError(535, f"bad s3cret-Mail-Pa55 {plain} {login}\r\nforged".encode())
    text = describe(error, settings)
    assert "s3cret" not in text and plain not in text and login not in text
    assert "\n" not in text and "\r" not in text
    assert text.startswith("SMTPAuthenticationError: 535 bad ***")
    assert len(describe(OSError("x" * 2000), settings)) == 500
    assert "s3cret" not in repr(settings)


def test_backoff_doubles_up_to_a_cap():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30) == MAX_BACKOFF
    assert backoff(2, base_seconds=5) == timedelta(seconds=10)
