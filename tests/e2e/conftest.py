"""Browser journeys: Playwright (Python) driving Debian's chromium via executable_path — no browser download."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import _audit_triggers_survive_flush, orgs, personas  # noqa: F401 - shared fixtures

# Playwright's sync API keeps an event loop in this thread; Django's ORM must still run here (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TOKUMEI_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium package.")
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def login_as(browser: Any, url: str, username: str, path: str) -> Any:
    """A browser context of its own per person, logged in (password of the test personas) and on ``path``."""
    from tests.web.conftest import PASSWORD

    page = browser.new_context(locale="ja-JP").new_page()
    page.goto(f"{url}/staff/login/?next={path}")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{url}{path}")
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ja-JP")
    pg = context.new_page()
    yield pg
    context.close()
