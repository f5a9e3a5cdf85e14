"""SMTP delivery: the one place that talks to the mail server.

Settings come from the app config (``SMTP_HOST``, ``SMTP_PORT``, ``SMTP_USERNAME``,
``SMTP_PASSWORD``, ``SMTP_STARTTLS``, ``SMTP_SSL``, ``SMTP_TIMEOUT``, ``MAIL_FROM``).
Failures are sorted into three kinds: the server refused this message for good
(:class:`Undeliverable`), this message should be tried again later
(:class:`Deferred`), or the server cannot be reached or used at all
(:class:`ServerUnavailable`), which ends the run.
"""

import base64
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from mediation_app.notifications.render import check_header, check_recipient

ERROR_MAX = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False  # implicit TLS (port 465)
    timeout: float = 30.0
    mail_from: str = "noreply@localhost"

    @classmethod
    def from_config(cls, config) -> "SmtpSettings":
        return cls(
            host=config.get("SMTP_HOST") or "127.0.0.1",
            port=int(config.get("SMTP_PORT") or 25),
            username=config.get("SMTP_USERNAME") or None,
            password=config.get("SMTP_PASSWORD") or None,
            starttls=_flag(config.get("SMTP_STARTTLS", False)),
            ssl=_flag(config.get("SMTP_SSL", False)),
            timeout=float(config.get("SMTP_TIMEOUT") or 30),
            mail_from=config.get("MAIL_FROM") or "noreply@localhost",
        )

    def __repr__(self) -> str:  # never print the password
        return f"SmtpSettings(host={self.host!r}, port={self.port}, username={self.username!r}, password=***)"


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@dataclass(frozen=True)
class Envelope:
    """What a sender needs of an outbox row, read in the claiming transaction."""

    id: int
    kind: str
    recipient: str
    subject: str
    body: str
    attachment_filename: str | None
    attachment_content_type: str | None
    attachment_data: bytes | None
    created_at: datetime
    attempts: int


class DeliveryError(Exception):
    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(detail)


class Undeliverable(DeliveryError):
    """Refused for good (5xx for this message, or a message that cannot be built)."""


class Deferred(DeliveryError):
    """Try this message again later (4xx, a broken connection)."""


class ServerUnavailable(Deferred):
    """The server cannot be reached, secured or logged in to: stop this run."""


def describe(error: BaseException, settings: SmtpSettings) -> str:
    """One line for ``last_error`` and the log: truncated, with the SMTP password removed."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {_text(error.smtp_error)}"
    else:
        text = str(error)
    text = _CONTROL.sub(" ", f"{type(error).__name__}: {text}".strip())
    for secret in _secrets(settings):
        text = text.replace(secret, "***")
    return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _secrets(settings: SmtpSettings) -> list[str]:
    """The password as typed and as AUTH LOGIN / AUTH PLAIN put it on the wire."""
    password = settings.password
    if not password:
        return []
    forms = {password}
    for raw in (password, f"\0{settings.username or ''}\0{password}"):
        encoded = base64.b64encode(raw.encode()).decode()
        forms |= {encoded, encoded.rstrip("=")}
    return sorted(forms, key=len, reverse=True)


def _content_type(value: str) -> tuple[str, str, dict]:
    kind, *parameters = (part.strip() for part in value.split(";"))
    maintype, subtype = kind.lower().split("/", 1)
    params = {}
    for parameter in filter(None, parameters):
        name, _, raw = parameter.partition("=")
        params[name.strip().lower()] = raw.strip().strip('"')
    params.pop("charset", None)  # set from the content: UTF-8 text, or none
    return maintype, subtype, params


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def build_message(envelope: Envelope, settings: SmtpSettings, now: datetime) -> EmailMessage:
    """The MIME message: UTF-8 subject and body, an optional attachment with its own type."""
    try:
        check_recipient(envelope.recipient)
        check_header("subject", envelope.subject)
        message = EmailMessage()
        message["From"] = settings.mail_from
        message["To"] = envelope.recipient
        message["Subject"] = envelope.subject
        message["Date"] = format_datetime(now)
        domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
        message["Message-ID"] = f"<outbox.{envelope.id}.{int(envelope.created_at.timestamp())}@{domain}>"
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
        message.set_content(envelope.body, charset="utf-8", cte="base64")
        if envelope.attachment_data is not None:
            check_header("attachment filename", envelope.attachment_filename or "")
            maintype, subtype, params = _content_type(envelope.attachment_content_type)
            data = envelope.attachment_data
            if maintype == "text" and _is_utf8(data):
                params = {"charset": "utf-8", **params}
            # Bytes as stored, base64-encoded: an .ics keeps its CRLF line ends (RFC 5545).
            message.add_attachment(
                data,
                maintype=maintype,
                subtype=subtype,
                filename=envelope.attachment_filename,
                params=params,
            )
    except ValueError as error:
        raise Undeliverable(f"cannot build the message: {error}") from None
    return message


class Mailer:
    """One SMTP connection per run, opened at the first message and reused."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Mailer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.ssl:
                context = ssl.create_default_context()
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            try:
                smtp.ehlo()
                if s.starttls and not s.ssl:
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                if s.username:
                    smtp.login(s.username, s.password or "")
            except BaseException:
                smtp.close()
                raise
        except (OSError, smtplib.SMTPException) as error:
            raise ServerUnavailable(describe(error, s)) from None
        return smtp

    def send(self, message: EmailMessage) -> None:
        reused = self._smtp is not None
        if not reused:
            self._smtp = self._connect()
        try:
            self._send(message)
        except smtplib.SMTPServerDisconnected as error:
            # A kept connection the server has since closed: one fresh try.
            self._drop()
            if not reused:
                raise ServerUnavailable(describe(error, self.settings)) from None
            self._smtp = self._connect()
            try:
                self._send(message)
            except smtplib.SMTPServerDisconnected as again:
                self._drop()
                raise ServerUnavailable(describe(again, self.settings)) from None

    def _send(self, message: EmailMessage) -> None:
        settings = self.settings
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPServerDisconnected:
            raise
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _reply in error.recipients.values()]
            kind = Undeliverable if codes and all(code >= 500 for code in codes) else Deferred
            raise kind(describe(error, settings)) from None
        except smtplib.SMTPDataError as error:
            kind = Undeliverable if error.smtp_code >= 500 else Deferred
            raise kind(describe(error, settings)) from None
        except smtplib.SMTPNotSupportedError as error:  # e.g. a non-ASCII address without SMTPUTF8
            raise Undeliverable(describe(error, settings)) from None
        except (OSError, smtplib.SMTPException) as error:  # sender refused, 421, timeouts, resets
            self._drop()
            raise ServerUnavailable(describe(error, settings)) from None
