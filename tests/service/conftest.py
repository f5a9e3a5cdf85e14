"""Service tests: the world, a real SMTP server on the loopback, and a party's address."""

import pytest

from tests.notifications.conftest import smtp, smtp_port, start_smtp  # noqa: F401

ADDRESS = {
    "channels": ["email", "in_app"],
    "email": "legal@changan.example",
    "postal_recipient": "张伟",
    "postal_address": "江苏省海安市常安大道1号",
    "phone": "13812345678",
}


@pytest.fixture
def address():
    """A service address consenting to e-mail and the inbox, with its postal fallback."""
    return dict(ADDRESS)
