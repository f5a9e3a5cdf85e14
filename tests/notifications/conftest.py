"""A real SMTP server (aiosmtpd) on 127.0.0.1, and the app pointed at it."""

import asyncio
import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from mediation_app.notifications import models  # noqa: F401  (the table joins the metadata)

SMTP_USER = "mailer"
SMTP_PASSWORD = "s3cret-Mail-Pa55"


def free_port() -> int:
    """A port nothing listens on (the kernel's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps what arrives; can refuse chosen recipients."""

    def __init__(self):
        self.received = []  # (envelope sender, recipients, raw bytes)
        self.refuse = {}  # recipient -> SMTP reply, e.g. "550 5.1.1 no such user"
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)  # a slow server: the senders overlap
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(raw, policy=default_policy) for _f, _t, raw in self.received]


class SmtpServer:
    def __init__(self, port: int, **smtp_options):
        self.port = port
        self.inbox = Inbox()
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=port, ready_timeout=10, **smtp_options
        )

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == SMTP_USER.encode() and auth_data.password == SMTP_PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_port(app, monkeypatch):
    """A free port the app sends to; nothing listens until a server is started on it."""
    port = free_port()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 10)
    monkeypatch.setitem(app.config, "MAIL_FROM", "商会调解中心 <noreply@centre.test>")
    return port


@pytest.fixture
def start_smtp(smtp_port):
    """``start_smtp(**options)``: a running server on ``smtp_port``; stopped after the test."""
    servers = []

    def start(**options) -> SmtpServer:
        server = SmtpServer(smtp_port, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def smtp(start_smtp) -> Inbox:
    return start_smtp().inbox


@pytest.fixture
def smtp_with_auth(start_smtp) -> Inbox:
    return start_smtp(authenticator=_authenticator, auth_require_tls=False).inbox
