"""The review in the browser (issue 8): a Nara Police proposal goes through the owning division's workspace — the
③ assessment run on the real file, an estimate of 4.5 hours in-house, a finding on every panel, the 事前協議 with
the desk that Nara requires, 決裁 by a different user — to an approval notice of 21,000 + 5 × 3,950 = 40,750 yen;
the proposer downloads the notice (第4号様式) from the portal and the PDF states the fee."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.e2e.conftest import login_as
from tests.web.reviews.conftest import (  # noqa: F401 - shared fixtures
    data_file,
    nara_proposal,
    nara_target,
)
from tokumei.law.review import Criterion
from tokumei.web.reviews.models import Review

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOURS_4_5 = {  # 1 + 0.5 + 1 + 1 + 1 = 4.5 hours, started hours: 5
    "データ抽出方法の設計（時間）": "1",
    "データ抽出の実行（時間）": "0.5",
    "加工のためのプログラムの設計（時間）": "1",
    "加工処理の実行（時間）": "1",
    "成果物の検査（時間）": "1",
}


def _success(page) -> str:
    return page.locator("main").inner_text()


def _pdf_text(data: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages)


def _record_finding(page, criterion: Criterion) -> None:
    panel = page.locator(f"section[aria-labelledby='panel-{criterion.value}']")
    panel.get_by_text(f"{criterion.mark}の判断を記録する").click()
    panel.get_by_label("適合", exact=True).check()
    panel.get_by_label("判断の理由").fill(f"{criterion.mark}の基準に適合する。")
    panel.get_by_role("button", name=f"{criterion.mark}を記録").click()
    assert page.locator(f"#finding-{criterion.value}").inner_text() == "適合"


def test_nara_review_to_approval_notice_of_40750_yen_downloaded_on_the_portal(
    live_server,
    browser,
    personas,
    nara_proposal,  # noqa: F811 - the shared fixture
    tmp_path,
) -> None:
    url, receipt = live_server.url, nara_proposal.receipt_number
    # given an accepted Nara Police proposal waiting for the owning division
    division = login_as(browser, url, "nara_division", "/staff/reviews/")
    awaiting = division.get_by_role("table", name="受付済みで主管課に送付された提案")
    assert receipt in awaiting.inner_text()
    # when the division starts the review: one panel per criterion, the pledge named as the basis of ①
    awaiting.get_by_role("button", name=f"審査を始める（{receipt}）").click()
    assert "審査を始めました。" in _success(division)
    assert division.locator("#review-state").inner_text() == "審査中"
    review_path = re.sub(r"^https?://[^/]+", "", division.url)
    assert re.fullmatch(r"/staff/reviews/\d+/", review_path), review_path
    for criterion in Criterion:
        assert division.locator(f"#panel-{criterion.value}").inner_text().startswith(criterion.mark)
    assert "誓約書" in division.locator("section[aria-labelledby='panel-c1']").inner_text()
    # and runs ③ on the real file (the immediate task backend runs the job at commit)
    c3 = division.locator("section[aria-labelledby='panel-c3']")
    c3.get_by_role("button", name="実際のファイルで評価する").click()
    assessment = division.locator("#assessment")
    assert "規則62条の基準を満たす" in assessment.inner_text(), assessment.inner_text()
    assert "規則第62条の報告" in assessment.inner_text()
    assert "満たさない" not in assessment.get_by_role("list").inner_text()
    # and records the plan: in-house, 4.5 hours → 21,000 + 5 × 3,950 = 40,750 yen
    estimate = division.locator(f"form[action='{review_path}estimate/']")
    estimate.get_by_label("作成の方法").select_option(label="自ら作成")
    for label, hours in HOURS_4_5.items():
        estimate.get_by_label(label, exact=True).fill(hours)
    estimate.get_by_role("button", name="見積りを記録して手数料を計算").click()
    assert "作成の計画と手数料の見積りを記録しました。" in _success(division)
    assert division.locator("#fee-total").inner_text() == "40,750円"
    # and decides every panel
    for criterion in Criterion:
        _record_finding(division, criterion)
    # then Nara's 事前協議 with the desk is still missing before the draft can go to 決裁
    problems = division.get_by_role("region", name="決裁に回す前に必要なこと")
    assert "事前協議" in problems.inner_text()
    consultation = division.locator(f"form[action='{review_path}consultation/']")
    consultation.get_by_label("事前協議の日").fill(timezone.localdate().isoformat())
    consultation.get_by_label("事前協議の内容").fill("県民サービス課と協議済み。")
    consultation.get_by_role("button", name="事前協議を記録").click()
    assert "事前協議を記録しました。" in _success(division)
    assert division.get_by_role("region", name="決裁に回す前に必要なこと").count() == 0
    division.get_by_role("button", name="審査結果を起案して決裁に回す").click()
    assert "決裁に回しました。" in _success(division)
    assert division.locator("#review-state").inner_text() == "決裁待ち"
    # the preparer cannot sign off their own draft
    assert "決裁者（起案した職員とは別の職員）の決裁を待っています。" in _success(division)
    assert division.get_by_role("button", name="決裁の結果を記録").count() == 0
    # when the approver, a different user, signs off
    approver = login_as(browser, url, "nara_approver", review_path)
    approver.get_by_label("起案のとおり決裁する").check()
    approver.get_by_role("button", name="決裁の結果を記録").click()
    assert "決裁の結果を記録しました。" in _success(approver)
    assert approver.locator("#review-state").inner_text() == "審査基準に適合（通知前）"
    assert "nara_approver" in approver.locator("dl.facts").inner_text()
    # and the division issues the approval notice
    division.reload()
    today = timezone.localdate()
    notice = division.locator(f"form[action='{review_path}notify/']")
    notice.get_by_label("通知日").fill(today.isoformat())
    notice.get_by_label("文書番号").fill("県警第1号")
    notice.get_by_label("手数料の納付期限（適合の場合）").fill((today + timedelta(days=30)).isoformat())
    notice.get_by_role("button", name="審査結果を通知する").click()
    assert "審査結果を通知しました。" in _success(division)
    assert division.locator("#review-state").inner_text() == "適合を通知済み"
    sent = division.get_by_role("table", name="通知した文書（控え）").inner_text()
    assert "審査結果通知書" in sent
    assert sent.count("（未押印）") == 2
    division.screenshot(path=str(tmp_path / "review-notified.png"), full_page=True)
    review = Review.objects.get(proposal=nara_proposal)
    assert review.state == "approval_notified"
    assert review.fee_yen == 40_750
    # then the proposer finds the notice on the portal and downloads it as PDF
    proposer = login_as(browser, url, "proposer", "/proposals/")
    proposer.get_by_role("link", name=nara_proposal.reference).click()
    proposer.get_by_role("link", name="審査結果の通知を見る").click()
    facts = proposer.locator("dl.facts").inner_text()
    assert "40,750円" in facts
    assert "適合" in facts
    row = proposer.get_by_role("table", name="通知書と同封書類").get_by_role("row").filter(has_text="審査結果通知書")
    with proposer.expect_download() as info:
        row.get_by_role("link", name="PDF").click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "第4号様式" in text
    assert "40,750円" in text
    assert "株式会社デモ分析" in text
    for page in (division, approver, proposer):
        page.context.close()
