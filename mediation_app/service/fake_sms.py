"""A fake SMS gateway on the loopback, for the demo (``flask service fake-sms``) and the
tests (a thread): it takes messages as the real gateway does (JSON POST, key in the
header) and reports each one's delivery to the app's callback, signed with the key.
A number ending in 0000 is reported failed (a phone switched off), the rest delivered."""

import json
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mediation_app.service.sms import KEY_HEADER, SIGNATURE_HEADER, sign

UNREACHABLE_SUFFIX = "0000"
REPORT_DELAY = 0.2  # seconds: a handset answers after the gateway did


class FakeSmsGateway:
    def __init__(self, key: str, callback_url: str, host: str = "127.0.0.1", port: int = 0):
        self.key, self.callback_url = key, callback_url
        self.received: list[dict] = []  # what it was sent
        self.reports: list[tuple[dict, int]] = []  # what it reported, and the app's answer
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.thread = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/messages"

    def start(self) -> "FakeSmsGateway":
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="fake SMS gateway")
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def report(self, message_id: str, mobile: str) -> None:
        time.sleep(REPORT_DELAY)
        status = "failed" if mobile.endswith(UNREACHABLE_SUFFIX) else "delivered"
        report = {"id": message_id, "status": status}
        body = json.dumps(report).encode()
        request = urllib.request.Request(  # noqa: S310 (the loopback callback it was given)
            self.callback_url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.key, body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                self.reports.append((report, response.status))
        except OSError as error:
            self.reports.append((report, getattr(error, "code", 0)))

    def _handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                if self.headers.get(KEY_HEADER) != gateway.key:
                    return self._answer(401, {"error": "bad key"})
                try:
                    message = json.loads(self.rfile.read(length))
                    mobile = str(message["mobile"])
                except (ValueError, KeyError, TypeError):
                    return self._answer(400, {"error": "bad message"})
                message_id = uuid.uuid4().hex
                gateway.received.append({**message, "id": message_id})
                self._answer(200, {"id": message_id})
                # the delivery report follows on its own, as a real gateway's does
                threading.Thread(target=gateway.report, args=(message_id, mobile), daemon=True).start()
                return None

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet: the demo's console is the app's
                pass

        return Handler
