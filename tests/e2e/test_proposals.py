"""Proposal journeys in the browser (issue 7).

1. Paper (Kumamoto City, 「持参又は郵送・信書便」): the proposer drafts, chooses detail levels, the live pre-check
   catches a missing pledge and a corporation certificate older than 6 months, the proposer fixes both and prints
   the forms; the desk records the paper's arrival, requests a correction, the proposer corrects on the portal,
   and the desk accepts with a receipt number.
2. Online, with a profile that allows it (loaded in the test, ADR 0006): submit, correction, resubmission, acceptance.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.web.conftest import ORIGIN, PASSWORD, _staff
from tests.web.proposals.conftest import (  # noqa: F401 - shared fixtures
    PDF,
    PNG,
    data_file,
    file_with_policy,
    kumamoto_target,
    open_solicitation,
)
from tokumei.web.accounts.roles import Role
from tokumei.web.proposals.models import Proposal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UPLOAD_LABEL = "ファイル（PDF・JPEG・PNG・Word。1件10MBまで）"


def _login(page, url: str, username: str, next_path: str) -> None:
    page.goto(f"{url}/staff/login/?next={next_path}")
    if "/staff/login/" not in page.url:  # already logged in: the login page redirects to next
        return
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def _fill_proposal(page) -> None:
    page.get_by_label("氏名又は名称", exact=True).fill("株式会社デモ分析")
    page.get_by_label("住所又は居所（本人確認書類のとおり）").fill("東京都千代田区霞が関1-1-1")
    page.get_by_label("代表者の氏名（法人その他の団体の場合）").fill("山田太郎")
    page.get_by_label("電話番号", exact=True).fill("03-0000-0000")
    page.get_by_label("電子メールアドレス", exact=True).fill("info@example.invalid")
    page.get_by_label("本人の数", exact=True).select_option("sample")
    page.get_by_label("無作為に抽出する本人の数（1,000人以上）").fill("1000")
    page.get_by_label("住所", exact=True).select_option(label="都道府県")
    page.get_by_label("生年月日", exact=True).select_option(label="10歳階級")
    page.get_by_label("利用の目的").fill("生活習慣病の地域差の研究")
    page.get_by_label("利用の方法").fill("統計的な集計")
    page.get_by_label("事業の内容（新産業の創出等に資する理由を含めて）").fill("健康増進サービスの開発")
    page.get_by_label("利用期間（初日）").fill("2027-04-01")
    page.get_by_label("利用期間（末日）").fill("2028-03-31")
    page.get_by_label("取扱者1の氏名").fill("佐藤花子")
    page.get_by_label("取扱者1の所属").fill("調査部")
    page.get_by_label("取扱者1の役職").fill("主任")
    page.get_by_label("利用する場所").fill("分析室")
    page.get_by_label("利用する環境").fill("専用端末")
    page.get_by_label("保管及び管理の方法").fill("金庫で保管")
    page.get_by_label("提供の媒体").select_option("dvd_r")
    page.get_by_label("提供の方法").select_option("desk")
    page.get_by_role("button", name="下書きを保存").click()


def _upload(page, kind: str, name: str, data: bytes, *, certificate_issued: str | None = None) -> None:
    page.locator("#id_kind").select_option(kind)
    if certificate_issued:
        page.get_by_label("本人確認書類の種類").select_option("registry_certificate")
        page.get_by_label("発行日（作成日）").fill(certificate_issued)
        page.get_by_label("書類に記載された氏名又は名称").fill("株式会社デモ分析")
        page.get_by_label("書類に記載された住所").fill("東京都千代田区霞が関1-1-1")
    mime = "application/pdf" if data.startswith(b"%PDF") else "image/png"
    page.get_by_label(UPLOAD_LABEL).set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_role("button", name="登録する").click()


def _precheck_text(page) -> str:
    return page.locator("#precheck").inner_text()


def _desk_requests_correction(page, url: str, reference: str, *, record_arrival: bool) -> int:
    _login(page, url, "kumamoto_desk" if record_arrival else "online_desk", "/staff/proposals/")
    if record_arrival:
        page.get_by_role("link", name="紙の提案書類の到達を記録する").click()
        page.get_by_label("受付参照番号（送付書に印刷された P- で始まる番号）").fill(reference)
        page.get_by_label("提出の方法").select_option("mail")
        page.get_by_label("到達日（郵送は到達した日）").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="到達を記録する").click()
    else:
        page.get_by_role("link", name=reference).click()
    checks = page.get_by_role("table", name="受付時の確認事項（福岡県警察 要綱第6-1）")
    assert "(1) 募集期間内" in checks.inner_text()
    assert "不備あり" not in checks.inner_text()
    page.get_by_label("訂正を求める事項1（何を）").fill("利用の方法")
    page.get_by_label("訂正を求める理由1（なぜ）").fill("集計の単位が具体的に書かれていません。")
    page.get_by_label("訂正の期限").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="訂正を求める").click()
    assert "訂正を求めています" in page.locator("main").inner_text()
    return int(page.url.rstrip("/").split("/")[-1])


def _proposer_corrects(page, url: str, username: str, pk: int) -> None:
    _login(page, url, username, f"/proposals/{pk}/")
    alert = page.get_by_role("alert").filter(has_text="訂正のお願い")
    assert "集計の単位が具体的に書かれていません。" in alert.inner_text()
    page.get_by_role("link", name="内容の入力").click()
    page.get_by_label("利用の方法").fill("市区町村別・年代別の件数の集計")
    page.get_by_role("button", name="下書きを保存").click()
    page.get_by_role("link", name="概要").click()
    page.get_by_role("button", name="訂正した内容を提出する").click()
    assert "到達・受付確認中" in page.locator("main").inner_text()


def _desk_accepts(page, url: str, username: str, pk: int) -> None:
    _login(page, url, username, f"/staff/proposals/{pk}/")
    page.get_by_role("button", name="受け付けて主管課へ送付する").click()
    main = page.locator("main").inner_text()
    assert "受付済み（主管課へ送付）" in main
    assert "受付第1号" in main


def test_proposal_precheck_paper_journey(live_server, browser, personas, kumamoto_target, settings, tmp_path) -> None:  # noqa: F811
    settings.DATA_DIR = tmp_path
    url = live_server.url
    proposer_ctx = browser.new_context(locale="ja-JP")
    page = proposer_ctx.new_page()
    _login(page, url, "proposer", "/proposals/")
    page.get_by_role("button", name="「特定健康診査受診者ファイル」に提案する").click()
    _fill_proposal(page)
    text = _precheck_text(page)
    assert "審査基準に適合することや承認されることを意味しません" in text
    assert "誓約書を添付してください" in text
    # Attachments: the business document and a certificate issued 8 months ago; no pledge yet.
    page.get_by_role("link", name="添付書類").click()
    old = (timezone.localdate() - timedelta(days=245)).isoformat()
    _upload(page, "business_contribution", "plan.pdf", PDF)
    _upload(page, "identity", "touki-old.png", PNG, certificate_issued=old)
    text = _precheck_text(page)
    assert "誓約書を添付してください" in text
    assert "提案の日前6か月以内に作成されたものに限ります" in text
    # A hostile file is refused with a clear message and nothing is kept.
    _upload(page, "pledge", "pledge.pdf", b"MZ\x90\x00 an executable")
    assert "受け付けられる形式ではありません" in page.get_by_role("alert").first.inner_text()
    # Fix: the pledge, and a fresh certificate instead of the old one.
    _upload(page, "pledge", "pledge.pdf", PDF + b"pledge")
    page.get_by_role("button", name=re.compile("touki-old.png")).click()
    _upload(page, "identity", "touki.png", PNG + b"new", certificate_issued=timezone.localdate().isoformat())
    assert "形式的な不備は見つかりませんでした" in _precheck_text(page)
    # Kumamoto takes paper only: print the filled forms with the cover sheet.
    page.get_by_role("link", name="概要").click()
    assert "持参又は郵送・信書便" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="電子申請で提出する").count() == 0
    reference = page.locator("h1").inner_text().removeprefix("提案 ").strip()
    page.get_by_role("link", name="提出書類を印刷する").click()
    forms_table = page.get_by_role("table", name="印刷する書類").inner_text()
    assert "送付書" in forms_table
    assert "別記様式第七" in forms_table
    assert "別記様式第八" in forms_table
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^PDF.*事業に関する提案書")).click()
    assert open(info.value.path(), "rb").read().startswith(b"%PDF")
    # The desk records the paper's arrival and asks for a correction.
    desk_ctx = browser.new_context(locale="ja-JP")
    desk = desk_ctx.new_page()
    pk = _desk_requests_correction(desk, url, reference, record_arrival=True)
    _proposer_corrects(page, url, "proposer", pk)
    _desk_accepts(desk, url, "kumamoto_desk", pk)
    assert Proposal.objects.get(pk=pk).recipe_yaml
    proposer_ctx.close()
    desk_ctx.close()


def test_proposal_online_submission_correction(
    live_server,
    browser,
    personas,
    data_file,  # noqa: F811
    settings,
    tmp_path,
) -> None:
    """A prefecture whose profile allows online submission, added from the shipped example YAML file only
    (docs/examples/profiles/shizuoka-governor.yaml in the installation's profile directory; none of the seeds
    takes proposals online)."""
    settings.DATA_DIR = tmp_path
    settings.PROFILE_DIR = tmp_path / "profiles"
    settings.PROFILE_DIR.mkdir()
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profiles" / "shizuoka-governor.yaml"
    shutil.copy(example, settings.PROFILE_DIR / example.name)
    from tokumei.web.accounts.profiles import installed_profile
    from tokumei.web.accounts.services import create_user, sync_organization

    online = installed_profile("shizuoka-governor")
    assert online.submission.online
    org = sync_organization(online, origin=ORIGIN)
    desk = _staff(org, "online_desk", Role.RECEPTION_DESK)
    division = _staff(org, "online_division", Role.OWNING_DIVISION)
    f = file_with_policy(division, data_path=data_file)
    open_solicitation(org, desk, [f])
    create_user(
        username="online_proposer",
        password=PASSWORD,
        display_name="株式会社デモ分析",
        roles=[Role.PROPOSER],
        origin=ORIGIN,
    )

    url = live_server.url
    ctx = browser.new_context(locale="ja-JP")
    page = ctx.new_page()
    _login(page, url, "online_proposer", "/proposals/")
    page.get_by_role("button", name="「特定健康診査受診者ファイル」に提案する").click()
    _fill_proposal(page)
    page.get_by_role("link", name="添付書類").click()
    _upload(page, "pledge", "pledge.pdf", PDF)
    _upload(page, "business_contribution", "plan.pdf", PDF + b"plan")
    _upload(page, "identity", "touki.png", PNG, certificate_issued=timezone.localdate().isoformat())
    page.get_by_role("link", name="概要").click()
    page.get_by_role("button", name="電子申請で提出する").click()
    assert "提出しました" in page.locator("main").inner_text()
    reference = page.locator("h1").inner_text().removeprefix("提案 ").strip()
    desk_ctx = browser.new_context(locale="ja-JP")
    desk_page = desk_ctx.new_page()
    pk = _desk_requests_correction(desk_page, url, reference, record_arrival=False)
    _proposer_corrects(page, url, "online_proposer", pk)
    _desk_accepts(desk_page, url, "online_desk", pk)
    p = Proposal.objects.get(pk=pk)
    assert p.channel == "online"
    assert p.state == "accepted"
    ctx.close()
    desk_ctx.close()
