"""Subjects and bodies of the e-mails, from plain-text Jinja templates.

Each kind has ``templates/notifications/<kind>.txt`` with a ``subject`` block (one
line) and a ``body`` block; the shared ``_base.txt`` wraps the body with the
signature. Templates receive plain values only (strings, numbers, dates), never
ORM objects; text is not autoescaped, so no value is ever parsed as markup, and
a missing value is an error rather than an empty hole in a legal notice.
"""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from mediation_app.core.formatting import chinese_date, yuan
from workflows.deadlines import CHINA

KINDS = frozenset(
    {
        "respondent_invited",  # 邀请被申请人参加调解
        "case_accepted",  # 受理通知
        "mediator_assigned",  # 指派调解员 (to the mediator, and on reassignment)
        "session_scheduled",  # 调解会议通知 (usually with an .ics invitation)
        "session_changed",  # 调解会议变更
        "session_cancelled",  # 调解会议取消
        "minutes_ready",  # 调解笔录已生成
        "agreement_ready",  # 调解协议书待签署
        "agreement_effective",  # 调解协议已生效 (the last signature)
        "signature_refused",  # 当事人拒绝签署 (to the mediator)
        "case_referred",  # 转法院 / 调解终结
        "deadline_reminder",  # 调解期限提醒
        "confirmation_reminder",  # 司法确认申请期限提醒 (court linkage)
        "performance_default",  # 履行逾期: the applicant's options (court linkage)
        "registration_refused",  # 注册未通过审核, with the reason (no case)
        "case_filed",  # 新的调解申请 (to the staff, unless they filed it)
        "case_rejected",  # 不予受理, with the reason
        "mediation_started",  # 被申请人同意调解 (to the applicant)
        "case_withdrawn",  # 申请撤回 (to the respondent and the mediator, after acceptance)
        "mediator_changed",  # 调解员变更 (to the parties)
        "recusal_decided",  # 回避申请的决定 (to the party that asked)
        "agreement_signed",  # 一方已签署调解协议 (to everyone else on it)
        "confirmation_decided",  # 司法确认结果 (court linkage)
        "session_reminder",  # 调解会议前一日提醒
        "document_served",  # 文书送达 (service), with the recipient's own link to open it
    }
)
SUBJECT_MAX = 200
RECIPIENT_MAX = 254
_PLAIN = (str, int, Decimal, date, type(None))  # bool is an int; datetime is a date
# Anything that would end a header line or hide text: C0/C1 controls, line and
# paragraph separators, bidi controls and zero-width characters.
_HEADER_BREAKERS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NOT_IN_ADDRESS = r"\s@,;:<>()\[\]\\\""
_ADDRESS = re.compile(rf"[^{_NOT_IN_ADDRESS}]+@[^{_NOT_IN_ADDRESS}.]+(?:\.[^{_NOT_IN_ADDRESS}.]+)+")


class InvalidMessage(ValueError):
    """A message that must not be queued: it could forge headers or cannot render."""


def when(moment: datetime) -> str:
    """A moment as read in China: 2026年12月3日 14:30."""
    local = moment.astimezone(CHINA)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def day(value: date) -> str:
    return chinese_date(value.date() if isinstance(value, datetime) else value)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
        autoescape=False,  # plain text: values are printed literally, never parsed  # noqa: S701
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    environment.filters.update(when=when, day=day, yuan=yuan)
    return environment


def _plain(name: str, value) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _plain(name, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain(f"{name}.{key}", item)
    elif not isinstance(value, _PLAIN):
        raise InvalidMessage(f"context value {name!r} is a {type(value).__name__}, not a plain value")


def check_header(name: str, value: str) -> str:
    """``value`` unchanged if it is safe in a single header line; raises otherwise."""
    if not isinstance(value, str):
        raise InvalidMessage(f"{name} must be text")
    if _HEADER_BREAKERS.search(value):
        raise InvalidMessage(f"{name} contains a line break or a control character")
    return value


def check_recipient(recipient: str) -> str:
    """One plain address (``local@domain``): no display name, list, comment or line break."""
    check_header("recipient", recipient)
    if len(recipient) > RECIPIENT_MAX or not _ADDRESS.fullmatch(recipient):
        raise InvalidMessage("recipient is not a single e-mail address")
    return recipient


def render(kind: str, context: dict) -> tuple[str, str]:
    """The subject line and the body of a ``kind`` e-mail."""
    if kind not in KINDS:
        raise InvalidMessage(f"unknown notification kind {kind!r}")
    for name, value in context.items():
        _plain(name, value)
    template = _environment().get_template(f"notifications/{kind}.txt")
    try:
        subject = "".join(template.blocks["subject"](template.new_context(dict(context)))).strip()
        body = template.render(context)
    except Exception as error:  # a missing value, a wrong type for a filter
        raise InvalidMessage(f"{kind}: {error}") from error
    check_header("subject", subject)
    if not subject or len(subject) > SUBJECT_MAX:
        raise InvalidMessage(f"subject must be 1 to {SUBJECT_MAX} characters")
    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n")).strip() + "\n"
    return subject, body
