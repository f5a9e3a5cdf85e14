"""Text messages through an SMS gateway: the adapter protocol, the HTTP gateway the
centre configures (SMS_GATEWAY_URL, SMS_GATEWAY_KEY), and the signature of its
delivery reports. Another provider is another class with the same ``send``."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from flask import current_app

KEY_HEADER = "X-Api-Key"
SIGNATURE_HEADER = "X-Signature"


class GatewayError(Exception):
    """The gateway did not take the message this time (down, busy): try again later."""


class Gateway(Protocol):
    def send(self, mobile: str, text: str, reference: str) -> str:
        """Hand over one message; the gateway's id of it (its delivery report names it)."""


@dataclass(frozen=True)
class HttpGateway:
    """A gateway taking ``{"mobile", "text", "reference"}`` as a JSON POST with the key in
    a header, answering ``{"id": …}``."""

    url: str
    key: str
    timeout: float

    def send(self, mobile: str, text: str, reference: str) -> str:
        body = json.dumps({"mobile": mobile, "text": text, "reference": reference}).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", KEY_HEADER: self.key},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read())
        except (OSError, ValueError) as error:  # refused, timed out, HTTP error, not JSON
            raise GatewayError(_describe(error)) from None
        message_id = answer.get("id") if isinstance(answer, dict) else None
        if not isinstance(message_id, str) or not 0 < len(message_id) <= 64:
            raise GatewayError("the gateway answered without a message id")
        return message_id


def _describe(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    return f"{type(error).__name__}: {error}"[:200]


def gateway() -> Gateway | None:
    """The configured gateway; None when SMS is not set up."""
    config = current_app.config
    if not config["SMS_GATEWAY_URL"]:
        return None
    return HttpGateway(config["SMS_GATEWAY_URL"], config["SMS_GATEWAY_KEY"], config["SMS_GATEWAY_TIMEOUT"])


def sign(key: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def signed_by_gateway(body: bytes, signature: str) -> bool:
    """Whether a delivery report carries the gateway's signature (compared in constant time)."""
    key = current_app.config["SMS_GATEWAY_KEY"]
    return bool(key) and hmac.compare_digest(sign(key, body), signature or "")
