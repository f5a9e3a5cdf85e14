"""A real Chromium against the app served over real HTTP on 127.0.0.1.

Debian's chromium is installed by ``scripts/ensure-system-deps.sh``; Playwright
drives it (its own browser download is never used).
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]
# As the centre's users run it (with chromium-l10n): date fields read year/month/day.
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "zh_CN:zh"}


@pytest.fixture(scope="session")
def chromium():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make test installs it with apt-get when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=CHROMIUM_ENV)
        yield browser
        browser.close()


@pytest.fixture
def visit(chromium, server):
    """``visit(person, **options)``: a logged-in browser page for ``person``; ``options``
    of the browser context (``viewport``, ``java_script_enabled``) replace the defaults."""
    contexts = []

    def log_in(person, **options):
        context = chromium.new_context(
            **{"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}, **options}
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server}/login")
        page.fill("#email", person.email)
        page.fill("#password", person.password)
        page.click("button.primary")
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    yield log_in
    for context in contexts:
        context.close()
