"""A court's webhook receiver on the loopback, and court cases of the world's court."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mediation_app.exchange.jobs import SIGNATURE_HEADER
from tests.factories import uscc

COURT_NUMBER = "(2026)苏0621民诉前调{n}号"


class Receiver:
    """Answers 500 to the first ``failures`` deliveries, then 200; keeps what a court
    would: each request's headers and body, and whether its signature held."""

    def __init__(self):
        self.secret = None
        self.failures = 0
        self.requests: list[dict] = []
        self.lock = threading.Lock()

    def handle(self, headers, body: bytes) -> int:
        expected = hmac.new(
            self.secret.encode(), headers["X-Court-Exchange-Timestamp"].encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        with self.lock:
            status = 500 if len(self.requests) < self.failures else 200
            self.requests.append(
                {
                    "event_id": headers["X-Court-Exchange-Event-Id"],
                    "event": headers["X-Court-Exchange-Event"],
                    "signed": hmac.compare_digest(headers[SIGNATURE_HEADER], f"sha256={expected}"),
                    "body": json.loads(body),
                    "status": status,
                }
            )
        return status

    @property
    def delivered(self) -> list[dict]:
        return [r for r in self.requests if r["status"] == 200]


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(state.handle(self.headers, body))
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/mediation-events"
    yield state
    server.shutdown()
    thread.join()
    server.server_close()


def delegated(n: int, **overrides) -> dict:
    """A delegated case of the world's court in the exchange format."""
    return {
        "court_case_number": COURT_NUMBER.format(n=n),
        "source": "court_delegated",
        "applicant": {"name": "江苏常安纺织科技有限公司", "uscc": uscc(1)},
        "respondent": {"name": "海安华达锦纶有限公司", "uscc": uscc(2)},
        "claim_amount": "580000.00",
        "summary": "申请人供应锦纶丝后，被申请人拖欠货款。",
        "industry": "nylon",
        **overrides,
    }
