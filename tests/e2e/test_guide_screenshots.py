"""Screenshots for the Japanese guides under docs/guides/ (issue 11 item 5), taken by the browser on the real
screens, in the order of the procedure (DOMAIN.md). Every shot first asserts what the screen shows — its heading
and the key labels a guide refers to — so an error page can never become a guide's picture.

The PNGs are written to docs/guides/img/ under fixed names (overwritten on each run); the guides link them.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.test_proposals import _fill_proposal, _upload
from tests.web.conftest import ORIGIN, PASSWORD
from tests.web.contracts.conftest import (  # noqa: F401 - shared fixtures
    data_file,
    fukuoka,
    fukuoka_approved,
    fukuoka_target,
)
from tests.web.proposals.conftest import PDF, PNG, kumamoto_target  # noqa: F401 - shared fixture
from tests.web.reviews.conftest import nara_proposal, nara_target  # noqa: F401 - shared fixtures
from tokumei.law.review import Finding

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IMG = Path(__file__).resolve().parents[2] / "docs" / "guides" / "img"
VIEWPORT = {"width": 1280, "height": 900}


def _page(browser: Any) -> Any:
    return browser.new_context(locale="ja-JP", viewport=VIEWPORT).new_page()


def _login(browser: Any, url: str, username: str, path: str) -> Any:
    """A context of its own per person, logged in through the staff login page and on ``path``."""
    page = _page(browser)
    page.goto(f"{url}/staff/login/?next={path}")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{url}{path}")
    return page


def shot(page: Any, name: str, heading: str, *texts: str, section: str | re.Pattern[str] | None = None) -> None:
    """Assert the screen (its h1 contains ``heading``, its main content every one of ``texts``), then save the
    viewport as docs/guides/img/<name>.png — scrolled to the heading ``section`` (exact text) when given."""
    h1 = page.get_by_role("heading", level=1)
    assert heading in h1.inner_text(), (name, h1.inner_text())
    main = page.locator("main").inner_text()
    for text in texts:
        assert text in main, (name, text)
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring in the pictures
    if section is not None:
        target = page.get_by_role("heading", name=section, exact=True).first
        page.evaluate("(el) => el.scrollIntoView({block: 'start'})", target.element_handle())
    else:
        page.evaluate("window.scrollTo(0, 0)")
    IMG.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMG / f"{name}.png"))


def _path(page: Any) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def test_proposer_and_reception_desk_from_the_portal_to_intake(
    live_server,
    browser,
    personas,
    kumamoto_target,  # noqa: F811 - the shared fixture
    settings,
    tmp_path,
) -> None:
    """Kumamoto City: the public portal, a proposal drafted and printed, the paper's arrival, one correction,
    acceptance."""
    settings.DATA_DIR = tmp_path
    url = live_server.url
    solicitation, file = kumamoto_target
    # the public portal, the register and the solicitation (no login)
    public = _page(browser)
    public.goto(f"{url}/")
    shot(public, "proposer-01-portal", "行政機関等匿名加工情報 ポータル", "このポータルを利用している機関", "熊本市")
    public.get_by_role("link", name="個人情報ファイル簿").first.click()
    search = public.get_by_role("search")
    search.get_by_label("機関").select_option(label="熊本市")
    search.get_by_role("button", name="検索").click()
    shot(public, "proposer-02-register", "個人情報ファイル簿", file.name)
    public.get_by_role("link", name=file.name).click()
    assert public.get_by_role("table", name="記録項目ごとに選べる詳細度").count() == 1
    shot(public, "proposer-03-file", file.name, "提案できる記録項目と加工の程度", "熊本市長")
    public.goto(f"{url}/solicitations/")
    shot(public, "proposer-04-solicitations", "提案の募集", "現在募集中", solicitation.title)
    public.get_by_role("link", name=solicitation.title).first.click()
    shot(public, "proposer-05-solicitation", solicitation.title, "提案に使う様式", file.name)
    public.goto(f"{url}/proposals/signup/")
    shot(public, "proposer-06-signup", "提案者の登録", "ログインID")
    public.context.close()

    # the proposer drafts, attaches and prints
    proposer = _login(browser, url, "proposer", "/proposals/")
    shot(proposer, "proposer-07-mypage", "提案（マイページ）", "提案を始める", file.name)
    proposer.get_by_role("button", name=f"「{file.name}」に提案する").click()
    _fill_proposal(proposer)
    shot(proposer, "proposer-08-draft", "提案の内容", "提案をする者", "本人の数")
    shot(proposer, "proposer-09-precheck", "提案の内容", "誓約書を添付してください", section="事前確認")
    proposer.get_by_role("link", name="添付書類").click()
    _upload(proposer, "pledge", "pledge.pdf", PDF)
    _upload(proposer, "business_contribution", "plan.pdf", PDF + b"plan")
    _upload(proposer, "identity", "touki.png", PNG, certificate_issued=timezone.localdate().isoformat())
    shot(proposer, "proposer-10-attachments", "添付書類", "書類を追加する", "形式的な不備は見つかりませんでした")
    proposer.get_by_role("link", name="概要").click()
    shot(proposer, "proposer-11-summary", "提案", "次にすること", "持参又は郵送・信書便")
    reference = proposer.locator("h1").inner_text().removeprefix("提案 ").strip()
    proposer.get_by_role("link", name="提出書類を印刷する").click()
    forms = proposer.get_by_role("table", name="印刷する書類").inner_text()
    assert "送付書" in forms
    assert "別記様式第七" in forms
    shot(proposer, "proposer-12-print", "提出書類の印刷", "別記様式第八")

    # the desk: the staff home page, the list of proposals, the paper's arrival and the intake checks
    desk = _login(browser, url, "kumamoto_desk", "/staff/")
    shot(desk, "desk-01-home", "職員ホーム", "あなたの役割", "提案窓口")
    desk.get_by_role("navigation", name="職員メニュー").get_by_role("link", name="提案", exact=True).click()
    shot(desk, "desk-05-proposals", "提案", "紙の提案書類の到達を記録する")
    desk.get_by_role("link", name="紙の提案書類の到達を記録する").click()
    desk.get_by_label("受付参照番号（送付書に印刷された P- で始まる番号）").fill(reference)
    desk.get_by_label("提出の方法").select_option("mail")
    desk.get_by_label("到達日（郵送は到達した日）").fill(timezone.localdate().isoformat())
    shot(desk, "desk-06-arrival", "提案書類の到達の記録", "受付参照番号")
    desk.get_by_role("button", name="到達を記録する").click()
    checks = desk.get_by_role("table", name=re.compile("受付時の確認事項"))
    assert "(1) 募集期間内" in checks.inner_text()
    shot(desk, "desk-07-intake", reference, "受付時の確認事項", "添付書類")
    desk.get_by_label("訂正を求める事項1（何を）").fill("利用の方法")
    desk.get_by_label("訂正を求める理由1（なぜ）").fill("集計の単位が具体的に書かれていません。")
    desk.get_by_label("訂正の期限").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    shot(desk, "desk-08-correction", reference, "訂正を求める（規則54条7項）", section="訂正を求める（規則54条7項）")
    desk.get_by_role("button", name="訂正を求める").click()
    assert "訂正を求めています" in desk.locator("main").inner_text()

    # the proposer sees the correction request, corrects and resubmits
    proposer.goto(f"{url}/proposals/")
    proposer.get_by_role("link", name=reference).click()
    alert = proposer.get_by_role("alert").filter(has_text="訂正のお願い")
    assert "集計の単位が具体的に書かれていません。" in alert.inner_text()
    shot(proposer, "proposer-13-correction", reference, "訂正のお願い", "訂正した内容を提出する")
    proposer.get_by_role("link", name="内容の入力").click()
    proposer.get_by_label("利用の方法").fill("市区町村別・年代別の件数の集計")
    proposer.get_by_role("button", name="下書きを保存").click()
    proposer.get_by_role("link", name="概要").click()
    proposer.get_by_role("button", name="訂正した内容を提出する").click()
    assert "到達・受付確認中" in proposer.locator("main").inner_text()

    # the desk accepts and passes the documents to the owning division
    desk.reload()
    desk.get_by_role("button", name="受け付けて主管課へ送付する").click()
    shot(desk, "desk-09-accepted", reference, "受付済み（主管課へ送付）", "受付第1号")
    desk.goto(f"{url}/staff/proposals/consultations/")
    shot(desk, "desk-10-consultations", "応接記録")
    for page in (proposer, desk):
        page.context.close()


def test_reception_desk_solicitation_screens(
    live_server,
    browser,
    personas,
    kumamoto_target,  # noqa: F811 - the shared fixture
    settings,
    tmp_path,
) -> None:
    """Kumamoto City's desk: the list of solicitations, the form of a new one, a published one."""
    settings.DATA_DIR = tmp_path
    url = live_server.url
    solicitation, file = kumamoto_target
    login = _page(browser)
    login.goto(f"{url}/staff/login/")
    assert login.get_by_label("利用者名").count() == 1
    assert login.get_by_label("パスワード").count() == 1
    shot(login, "staff-00-login", "職員ログイン")
    login.context.close()
    desk = _login(browser, url, "kumamoto_desk", "/staff/solicitations/")
    shot(desk, "desk-02-solicitations", "提案の募集", solicitation.title)
    desk.goto(f"{url}/staff/solicitations/new/")
    shot(desk, "desk-03-solicitation-new", "提案の募集の作成", file.name)
    desk.goto(f"{url}/staff/solicitations/{solicitation.pk}/")
    shot(desk, "desk-04-solicitation", solicitation.title, file.name, "公示")
    # for the administrator's guide: the organization as its profile made it, and the two-factor set-up
    desk.get_by_role("navigation", name="職員メニュー").get_by_role("link", name="機関情報").click()
    facts = desk.locator("dl.facts").inner_text()
    assert "政令指定都市" in facts, facts  # the kind's Japanese label, not its identifier
    assert "kumamoto-city" in facts
    shot(desk, "admin-01-organization", "機関情報: 熊本市", "部署", "利用者", "kumamoto_desk", "健康づくり推進課")
    desk.get_by_role("link", name="二要素認証").click()
    shot(desk, "admin-02-two-factor", "二要素認証", "未設定")
    desk.context.close()
    division = _login(browser, url, "kumamoto_division", "/staff/register/import/")
    shot(
        division,
        "admin-03-register-import",
        "個人情報ファイル簿の取込み（CSV・Excel）",
        "個人情報ファイルの名称",
        "Shift_JIS",
    )
    division.context.close()


def test_owning_division_register_and_review_then_approver_sign_off(
    live_server,
    browser,
    personas,
    nara_proposal,  # noqa: F811 - the shared fixture
    settings,
    tmp_path,
) -> None:
    """Nara Police: the division's register screens and the review of an accepted proposal; the approver signs
    off; the division notifies; the proposer reads the decision notice on the portal."""
    from tokumei.web.reviews import services as review_services
    from tokumei.web.reviews.models import Review

    settings.DATA_DIR = tmp_path
    url = live_server.url
    file = nara_proposal.file
    receipt = nara_proposal.receipt_number
    division = _login(browser, url, "nara_division", "/staff/register/")
    shot(division, "division-01-register", "個人情報ファイル簿", file.name)
    division.goto(f"{url}/staff/register/{file.pk}/")
    shot(division, "division-02-file", file.name, "記録項目", "提案募集の対象の判断（法第60条第3項）", "匿名加工の方針")
    division.goto(f"{url}/staff/register/{file.pk}/items/")
    shot(division, "division-03-items", "の記録項目", "生年月日")
    division.goto(f"{url}/staff/register/{file.pk}/determination/")
    shot(division, "division-04-determination", "を提案募集の対象とするか", "理由")
    division.goto(f"{url}/staff/register/{file.pk}/policy/")
    shot(division, "division-05-policy", "の匿名加工の方針", "k")

    # the review
    division.goto(f"{url}/staff/reviews/")
    awaiting = division.get_by_role("table", name="受付済みで主管課に送付された提案")
    assert receipt in awaiting.inner_text()
    shot(division, "division-06-reviews", "審査（法第114条）", "審査を待っている提案", receipt)
    awaiting.get_by_role("button", name=f"審査を始める（{receipt}）").click()
    review_path = _path(division)
    assert re.fullmatch(r"/staff/reviews/\d+/", review_path), review_path
    shot(division, "division-07-review", "審査", "審査基準（法第114条第1項）", "①")
    division.locator("section[aria-labelledby='panel-c3']").get_by_role(
        "button", name="実際のファイルで評価する"
    ).click()
    assert "規則62条の基準を満たす" in division.locator("#assessment").inner_text()
    shot(division, "division-08-assessment", "審査", "規則第62条の報告", section=re.compile("^③"))
    review = Review.objects.get(proposal=nara_proposal)
    review_services.save_estimate(
        review,
        review_services.EstimateInput(
            creation_mode="in_house",
            hours={
                "extraction_design": "1",
                "extraction_run": "0.5",
                "processing_design": "1",
                "processing_run": "1",
                "inspection": "1",
            },
        ),
        actor=personas["nara_division"],
        origin=ORIGIN,
    )
    review.refresh_from_db()
    division.reload()
    assert division.locator("#fee-total").inner_text() == "40,750円"
    shot(division, "division-09-estimate", "審査", "40,750円", section="作成の計画と手数料（法第119条）")
    for panel in review.panels.all():
        review_services.record_finding(
            review,
            panel.criterion_enum,
            Finding.MEETS,
            "基準に適合する。",
            actor=personas["nara_division"],
            origin=ORIGIN,
        )
    division.reload()
    problems = division.get_by_role("region", name="決裁に回す前に必要なこと")
    assert "事前協議" in problems.inner_text()
    shot(division, "division-10-prior-consultation", "審査", "決裁に回す前に必要なこと", "事前協議")
    review_services.record_prior_consultation(
        review, timezone.localdate(), "県民サービス課と協議済み。", actor=personas["nara_division"], origin=ORIGIN
    )
    division.reload()
    division.get_by_role("button", name="審査結果を起案して決裁に回す").click()
    assert division.locator("#review-state").inner_text() == "決裁待ち"

    # the approver, a different person, signs off
    approver = _login(browser, url, "nara_approver", "/staff/")
    shot(approver, "approver-01-home", "職員ホーム", "あなたの役割", "決裁者")
    approver.goto(f"{url}/staff/reviews/")
    shot(approver, "approver-02-reviews", "審査（法第114条）", receipt, "決裁待ち")
    approver.goto(f"{url}{review_path}")
    approver.get_by_label("起案のとおり決裁する").check()
    shot(approver, "approver-03-sign-off", "審査", "決裁", "起案のとおり決裁する", section="決裁")
    approver.get_by_role("button", name="決裁の結果を記録").click()
    assert approver.locator("#review-state").inner_text() == "審査基準に適合（通知前）"

    # the division issues the approval notice
    division.reload()
    today = timezone.localdate()
    notice = division.locator(f"form[action='{review_path}notify/']")
    notice.get_by_label("通知日").fill(today.isoformat())
    notice.get_by_label("文書番号").fill("県警第1号")
    notice.get_by_label("手数料の納付期限（適合の場合）").fill((today + timedelta(days=30)).isoformat())
    shot(division, "division-11-notice-form", "審査", "審査結果の通知", section="審査結果の通知")
    notice.get_by_role("button", name="審査結果を通知する").click()
    assert division.locator("#review-state").inner_text() == "適合を通知済み"
    sent = division.get_by_role("table", name="通知した文書（控え）")
    assert "審査結果通知書" in sent.inner_text()
    shot(division, "division-12-notified", "審査", "通知した文書（控え）", "審査結果通知書", section="審査結果の通知")

    # the proposer reads the notice on the portal
    proposer = _login(browser, url, "proposer", "/proposals/")
    proposer.get_by_role("link", name=nara_proposal.reference).click()
    proposer.get_by_role("link", name="審査結果の通知を見る").click()
    facts = proposer.locator("dl.facts").inner_text()
    assert "40,750円" in facts
    shot(proposer, "proposer-14-decision", "審査結果の通知", "通知書と同封書類", "40,750円")
    for page in (division, approver, proposer):
        page.context.close()


def test_contract_production_inspection_delivery_and_supervision(
    live_server,
    browser,
    personas,
    fukuoka,  # noqa: F811 - the shared fixture
    fukuoka_approved,  # noqa: F811 - the shared fixture
    settings,
    tmp_path,
) -> None:
    """Fukuoka Police (the desk receives the 領収証紙 and delivers): payment, conclusion, production, inspection by
    a second person, delivery, then the division's supervision and the auditor's log and statistics."""
    from tokumei.web.contracts import services
    from tokumei.web.contracts.models import Contract

    settings.DATA_DIR = tmp_path
    url, review = live_server.url, fukuoka_approved
    path = f"/staff/contracts/{review.pk}/"
    today = timezone.localdate()
    desk = _login(browser, url, "fukuoka_desk", "/staff/contracts/")
    shot(desk, "desk-11-contracts", "利用契約・提供", review.proposal.reference)
    desk.goto(f"{url}{path}")
    form = desk.locator("#payment-form")
    assert form.get_by_label("納付の方法").inner_text().strip() == "領収証紙"
    form.get_by_label("提出の方法").select_option("desk")
    form.get_by_label("貼付・納付された手数料の額（円）").fill(str(review.fee_yen))
    form.get_by_label("契約書（行政機関等の控え）に貼付された収入印紙（円）").fill("200")
    # amounts are entered in number fields styled like every other field (tall enough to hit, same font)
    amount = form.get_by_label("貼付・納付された手数料の額（円）")
    assert amount.evaluate("e => e.getBoundingClientRect().height") >= 44
    assert amount.evaluate("e => getComputedStyle(e).fontFamily") == form.get_by_label("提出の方法").evaluate(
        "e => getComputedStyle(e).fontFamily"
    )
    shot(desk, "desk-12-payment", "利用契約", "申込書・納付の確認", "印紙税", section="申込書・納付の確認")
    form.get_by_role("button", name="申込書と納付を確認").click()
    assert "納付確認済み" in desk.locator("#contract-state").inner_text()

    # the division: outsourcing, conclusion, 法122条, production
    contract = Contract.objects.get(review=review)
    division = _login(browser, url, "fukuoka_division", path)
    shot(division, "division-13-contract", "利用契約", "作成の委託", "締結（記名）", section="作成の委託")
    services.record_outsourcing(
        contract,
        services.OutsourcingInput("株式会社テスト加工", 30_000, True, True, True, True, today),
        actor=fukuoka["division"],
        origin=ORIGIN,
    )
    division.reload()
    division.locator("#conclude-form").get_by_role("button", name="締結を記録").click()
    assert "締結済み" in division.locator("#contract-state").inner_text()
    division.get_by_role("button", name="法122条の義務を確認しました").click()
    shot(division, "division-14-production", "利用契約", "作成", section="作成")
    division.get_by_role("button", name="契約の加工の方法で作成する").click()
    division.wait_for_load_state()
    division.goto(f"{url}{path}")  # the job ran at commit (the immediate task backend)
    assert "作成済み（点検待ち）" in division.locator("#run-state").inner_text()
    division.goto(f"{url}/staff/production/")
    shot(division, "division-15-runs", "匿名加工情報の作成", "点検待ち")

    # the approver inspects (not the person who ran it) and records the 法117条 entries
    approver = _login(browser, url, "fukuoka_approver", path)
    approver.get_by_role("button", name="法122条の義務を確認しました").click()
    form = approver.locator("#inspect-form")
    form.get_by_label("適正に加工されている（承認）").check()
    form.get_by_label("点検の所見").fill("規則62条の各号、k=5 と本人の数を確認した。")
    form.get_by_label("提案をすることができる期間（末日）").fill(today.replace(year=today.year + 1).isoformat())
    shot(approver, "approver-04-inspection", "利用契約", "点検の所見", "適正に加工されている（承認）", section="作成")
    form.get_by_role("button", name="点検の結果を記録").click()
    assert "点検済み" in approver.locator("#run-state").inner_text()
    assert "福岡県警察本部 総務部総務課情報公開室" in approver.locator("#register-entry").inner_text()
    shot(
        approver,
        "approver-05-register-entry",
        "利用契約",
        "個人情報ファイル簿への記載（法117条）",
        section="個人情報ファイル簿への記載（法117条）",
    )

    # the processor's deletion, then the desk's encrypted package and delivery
    contract.refresh_from_db()
    services.confirm_processor_deletion(
        contract,
        confirmed_on=today,
        evidence="report",
        items=list(services.DELETION_ITEMS),
        actor=fukuoka["division"],
        origin=ORIGIN,
    )
    desk.reload()
    form = desk.locator("#package-form")
    form.get_by_label("暗号化ZIPのパスワード（12文字以上）").fill("delivery-password-2026")
    form.get_by_role("button", name="提供用の媒体を作成").click()
    form = desk.locator("#delivery-form")
    form.get_by_label("受領者（氏名・所属）").fill("株式会社デモ分析 佐藤花子")
    form.get_by_label("立会者（主管課の職員等）").fill("交通企画課 職員")
    form.get_by_label("受領書を受け取った").check()
    form.get_by_label("パスワードの伝達方法（媒体とは別）").fill("電話で伝達")
    shot(desk, "desk-13-delivery", "利用契約", "提供", "7-Zip", section="提供")
    form.get_by_role("button", name="提供を記録").click()
    assert "提供済み" in desk.locator("#contract-state").inner_text()

    # supervision after delivery
    division.goto(f"{url}/staff/supervision/")
    shot(division, "division-16-supervision", "提供後の監督", contract.number)
    division.goto(f"{url}/staff/supervision/{review.pk}/")
    shot(division, "division-17-supervision-case", "提供後の監督", "取扱者", "契約の解除（法第120条）", "利用の終了")
    division.goto(f"{url}/staff/retention/")
    shot(division, "division-18-retention", "関係書類の保存・廃棄", "保存期間の定め")

    # the auditor reads the log (and nothing else can be changed) and the statistics
    auditor = _login(browser, url, "fukuoka_auditor", "/staff/records/audit/")
    filters = auditor.get_by_role("form", name="絞り込み")
    filters.get_by_label("開始日").fill(today.isoformat())
    filters.get_by_label("終了日").fill(today.isoformat())
    filters.get_by_role("button", name="絞り込む").click()
    assert auditor.get_by_role("link", name="CSVで出力").count() == 1
    shot(auditor, "auditor-01-audit-log", "監査ログ", "追記のみ", contract.number, "fukuoka_desk")
    auditor.goto(f"{url}/staff/statistics/")
    shot(auditor, "auditor-02-statistics", "年度別の統計", "福岡県警察")
    auditor.goto(f"{url}/staff/")
    shot(auditor, "auditor-03-home", "職員ホーム", "監査担当")
    for page in (desk, division, approver, auditor):
        page.context.close()
