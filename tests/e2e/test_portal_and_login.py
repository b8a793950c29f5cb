"""A person opens the portal, goes to the staff login, logs in and sees the staff home page."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_portal_login_staff_home(live_server, page, personas) -> None:
    requests_outside: list[str] = []
    page.on(
        "request",
        lambda r: requests_outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live_server.url + "/")
    # The vendored design tokens and our stylesheet are served locally and applied.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans JP"')
    assert failed == []
    assert page.locator("h1").inner_text() == "行政機関等匿名加工情報 ポータル"
    assert page.locator("main#main").count() == 1
    assert page.locator("header[role=banner]").count() == 1
    page.get_by_role("link", name="職員ログイン").first.click()
    page.get_by_label("利用者名").fill("kumamoto_desk")
    page.get_by_label("パスワード").fill("wrong-password")
    page.get_by_role("button", name="ログイン").click()
    assert "利用者名またはパスワードが正しくありません" in page.get_by_role("alert").inner_text()
    page.get_by_label("パスワード").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert page.locator("h1").inner_text() == "職員ホーム"
    assert "熊本市" in page.locator("main").inner_text()
    assert "提案窓口担当" in page.locator("header").inner_text()
    staff_nav = page.get_by_role("navigation", name="職員メニュー")
    assert staff_nav.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 17, 143)"
    # Keyboard: the skip link is the first focusable element and leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "本文へ移動"
    page.screenshot(path=str(live_server_screenshot_dir() / "staff-home.png"), full_page=True)
    assert requests_outside == []
    assert failed == []  # no 4xx/5xx anywhere on the journey, assets included


def live_server_screenshot_dir():
    import tempfile
    from pathlib import Path

    d = Path(tempfile.gettempdir()) / "tokumei-e2e"
    d.mkdir(exist_ok=True)
    return d
