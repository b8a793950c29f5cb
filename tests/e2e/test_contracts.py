"""Contract to delivery in the browser (issue 9): an approved Fukuoka Police case, paid with 領収証紙 (one overpaid
attempt returned before cancellation), concluded, produced by an outsourced processor whose deletion is confirmed,
inspected by a second user, recorded in the register (法117条) and delivered; the package decrypts with its
password and its checksums verify; the portal shows the created dataset."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import pyzipper
from django.utils import timezone

from tests.e2e.conftest import login_as
from tests.web.contracts.conftest import (  # noqa: F401 - shared fixtures
    data_file,
    fukuoka,
    fukuoka_approved,
    fukuoka_target,
)
from tokumei.web.contracts.models import Contract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ZIP_PASSWORD = "delivery-password-2026"


def _pay(page, amount: str) -> None:
    form = page.locator("#payment-form")
    form.get_by_label("提出の方法").select_option("desk")
    form.get_by_label("貼付・納付された手数料の額（円）").fill(amount)
    form.get_by_label("契約書（行政機関等の控え）に貼付された収入印紙（円）").fill("200")
    form.get_by_role("button", name="申込書と納付を確認").click()


def test_fukuoka_contract_payment_outsourced_production_inspection_and_delivery(
    live_server,
    browser,
    fukuoka,  # noqa: F811 - the shared fixture
    fukuoka_approved,  # noqa: F811 - the shared fixture
    settings,
    tmp_path,
) -> None:
    settings.DATA_DIR = tmp_path
    url, review = live_server.url, fukuoka_approved
    path = f"/staff/contracts/{review.pk}/"
    # the desk (Fukuoka 第8-1: the desk checks the 領収証紙) receives the application: first overpaid
    desk = login_as(browser, url, "fukuoka_desk", path)
    text = desk.locator("#contract-facts").inner_text()
    assert "66,800円" in text
    assert "印紙税" in text
    assert "第4条第5項" in desk.content()
    assert desk.locator("#payment-form").get_by_label("納付の方法").inner_text().strip() == "領収証紙"
    _pay(desk, "67000")
    assert "200円過剰" in desk.locator("#payments").inner_text()
    assert "消印せずに" in desk.locator(".notice").first.inner_text()
    assert "返戻" in desk.locator("#contract-state").inner_text()
    _pay(desk, "66800")
    assert "納付確認済み" in desk.locator("#contract-state").inner_text()
    assert "消印" in desk.locator("#payments").inner_text()
    # the owning division records the conditional outsourcing contract and signs both copies
    division = login_as(browser, url, "fukuoka_division", path)
    form = division.locator("#outsourcing-form")
    for label in (
        "利用契約の締結を停止条件とする",
        "秘密の保持を定めた",
        "再委託を制限した",
        "委託先の管理体制と検査を書面で確認した",
    ):
        form.get_by_label(label).check()
    form.get_by_role("button", name="委託契約を記録").click()
    assert "株式会社テスト加工" in division.locator("#outsourcing").inner_text()
    division.locator("#conclude-form").get_by_role("button", name="締結を記録").click()
    assert "締結済み" in division.locator("#contract-state").inner_text()
    assert division.locator("#contract-number").inner_text().startswith("福岡県警察匿契R")
    # production after 法122条 acknowledgement (the job runs; its page shows progress)
    division.get_by_role("button", name="法122条の義務を確認しました").click()
    # the click submits a form: wait for its navigation to finish before reloading, or the reload races it
    with division.expect_navigation():
        division.get_by_role("button", name="契約の加工の方法で作成する").click()
    division.reload()
    assert "作成済み（点検待ち）" in division.locator("#run-state").inner_text()
    assert division.locator("#inspect-form").count() == 0  # the runner cannot inspect
    # a second person inspects and records the 法117条 entries
    approver = login_as(browser, url, "fukuoka_approver", path)
    approver.get_by_role("button", name="法122条の義務を確認しました").click()
    form = approver.locator("#inspect-form")
    form.get_by_label("適正に加工されている（承認）").check()
    form.get_by_label("点検の所見").fill("規則62条の各号、k=5 と本人の数を確認した。")
    form.get_by_label("提案をすることができる期間（末日）").fill(
        timezone.localdate().replace(year=timezone.localdate().year + 1).isoformat()
    )
    form.get_by_role("button", name="点検の結果を記録").click()
    assert "点検済み" in approver.locator("#run-state").inner_text()
    entry = approver.locator("#register-entry").inner_text()
    assert "福岡県警察本部 総務部総務課情報公開室" in entry
    # the division confirms the processor deleted the dataset, the removed and the processing-method information
    division.reload()
    form = division.locator("#deletion-form")
    form.get_by_label("報告書により確認").check()
    for label in ("作成した行政機関等匿名加工情報", "削除情報（法109条4項）", "加工の方法に関する情報"):
        form.get_by_role("checkbox", name=label, exact=True).check()
    form.get_by_role("button", name="消去の確認を記録").click()
    assert "報告書により確認" in division.locator("#deletion-confirmed").inner_text()
    # the desk builds the encrypted CD-R package and records the delivery
    desk.reload()
    form = desk.locator("#package-form")
    form.get_by_label("暗号化ZIPのパスワード（12文字以上）").fill(ZIP_PASSWORD)
    form.get_by_role("button", name="提供用の媒体を作成").click()
    assert desk.locator("#packages").count() == 1
    assert "7-Zip" in (desk.locator(".delivery-letter").first.text_content() or "")
    form = desk.locator("#delivery-form")
    form.get_by_label("受領者（氏名・所属）").fill("株式会社デモ分析 佐藤花子")
    form.get_by_label("立会者（主管課の職員等）").fill("交通企画課 職員")
    form.get_by_label("受領書を受け取った").check()
    form.get_by_label("パスワードの伝達方法（媒体とは別）").fill("電話で伝達")
    form.get_by_role("button", name="提供を記録").click()
    assert "提供済み" in desk.locator("#contract-state").inner_text()
    assert "受領済み" in desk.locator(".delivery-record").inner_text()
    # the package decrypts with the password, and its checksums verify
    contract = Contract.objects.get(review=review)
    package = contract.deliveries.get().package
    for name, digest in package.volumes.items():
        volume = Path(package.folder) / name
        assert hashlib.sha256(volume.read_bytes()).hexdigest() == digest
    with pyzipper.AESZipFile(Path(package.folder) / next(iter(package.volumes))) as z:
        z.setpassword(ZIP_PASSWORD.encode())
        for name, digest in package.manifest.items():
            member = next(n for n in z.namelist() if n.endswith(name))
            assert hashlib.sha256(z.read(member)).hexdigest() == digest
    # the portal shows the created dataset with the 法117条 items
    portal = browser.new_context(locale="ja-JP").new_page()
    portal.goto(f"{url}/register/{review.proposal.file_id}/")
    text = portal.content()
    assert contract.run.dataset.title in text
    assert f"{contract.run.dataset.subject_count:,}" in text or str(contract.run.dataset.subject_count) in text
