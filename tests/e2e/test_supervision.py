"""After delivery in the browser (issue 10): a handler replacement accepted by the division, a termination that
then shows at review ① of a new proposal by the same corporation, and the end-of-use confirmation."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login_as
from tests.web.conftest import ORIGIN
from tests.web.contracts.conftest import (  # noqa: F401 - shared fixtures
    data_file,
    fukuoka,
    fukuoka_approved,
    fukuoka_delivered,
    fukuoka_target,
)
from tests.web.reviews.conftest import accepted_proposal
from tokumei.web.reviews import services as review_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _notify(page, kind: str, *, before: str = "", after: str = "", post: str = "", reason: str = "") -> None:
    """Enter a 記載事項変更申出書 on the case page and submit it."""
    form = page.locator("#change-form")
    form.get_by_label("変更の内容").select_option(kind)
    for label, value in (
        ("変更前（現在の取扱者の氏名等）", before),
        ("変更後（新たな取扱者の氏名等）", after),
        ("新たな取扱者の所属・役職", post),
        ("理由", reason),
    ):
        if value:
            form.get_by_label(label).fill(value)
    form.get_by_role("button", name="申出を受け付ける").click()


def test_handler_replacement_then_end_of_use(live_server, browser, fukuoka_delivered, settings, tmp_path) -> None:  # noqa: F811
    settings.DATA_DIR = tmp_path
    path = f"/staff/supervision/{fukuoka_delivered.review_id}/"
    page = login_as(browser, live_server.url, "fukuoka_division", path)
    assert "佐藤花子" in page.locator("#handlers").inner_text()
    _notify(page, "replace", before="佐藤花子", after="鈴木一郎", post="調査部 主任")
    assert "理由が必要" in page.content()  # no reason: refused, nothing recorded
    _notify(page, "replace", before="佐藤花子", after="鈴木一郎", reason="人事異動のため")
    assert "理由の確認待ち" in page.locator("#changes").inner_text()
    assert "佐藤花子" in page.locator("#handlers").inner_text()  # not in effect yet
    decide = page.locator(".decide-form")
    decide.get_by_label("認める（効力発生）").check()
    decide.get_by_label("判断の理由").fill("異動の事実を確認した。")
    decide.get_by_role("button", name="判断を記録").click()
    assert "鈴木一郎" in page.locator("#handlers").inner_text()
    assert "効力発生" in page.locator("#changes").inner_text()
    # a change of the business is routed to a 118条後段 proposal
    _notify(page, "business", after="利用期間を1年延長")
    assert "法118条第1項後段" in page.content()
    # end of use: media returned and deletion confirmed
    form = page.locator("#end-form")
    form.get_by_label("消去の方法・確認の方法").fill("上書き消去、消去証明書で確認")
    form.get_by_role("button", name="利用の終了を確認").click()
    assert "利用終了" in page.locator("#contract-state").inner_text()
    assert "消去証明書" in page.locator("#end-of-use").inner_text()


def test_termination_shows_at_review_criterion_one(
    live_server,
    browser,
    fukuoka_delivered,  # noqa: F811
    fukuoka,  # noqa: F811
    fukuoka_target,  # noqa: F811
    personas,
    settings,
    tmp_path,
) -> None:
    settings.DATA_DIR = tmp_path
    path = f"/staff/supervision/{fukuoka_delivered.review_id}/"
    page = login_as(browser, live_server.url, "fukuoka_division", path)
    form = page.locator("#intend-form")
    form.get_by_label("解除の事由").select_option("serious_breach")
    form.get_by_label("事実の概要").fill("匿名加工情報を第三者に提供した。")
    form.get_by_role("button", name="解除をしようとする旨を記録").click()
    assert "契約の解除をしようとする旨の報告" in page.content()
    form = page.locator("#terminate-form")
    form.get_by_label("相手方の法人番号（法人の場合、13桁）").fill("7000012050002")
    form.get_by_role("button", name="解除を記録").click()
    assert "解除（法120条）" in page.locator("#contract-state").inner_text()
    assert "法第113条第5号" in page.locator("#termination").inner_text()
    assert "契約を解除した旨の報告" in page.content()
    # the same corporation proposes again; the division opens its review and sees ① with the termination
    proposal = accepted_proposal(
        personas,
        fukuoka_target,
        "fukuoka",
        processing={"住所": None, "生年月日": "band10"},
        corporate_number="7000012050002",
    )
    review = review_services.start_review(proposal, actor=fukuoka["division"], origin=ORIGIN)
    page.goto(f"{live_server.url}/staff/reviews/{review.pk}/")
    text = page.content()
    assert "法120条の規定により契約を解除されており" in text
    assert "解除の日から2年を経過していません" in text
