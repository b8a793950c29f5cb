"""The public notice (規則53条2項) and the blank forms (法112条) as structured documents."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest

from tokumei.law.notices import (
    BLANK_FORM_KINDS,
    Document,
    DocumentKindNotSupported,
    ItemList,
    NoticeCode,
    NoticeRefused,
    NoticeTargetFile,
    Paragraph,
    SolicitationNoticeFacts,
    Table,
    build_blank_form,
    build_blank_forms,
    build_solicitation_notice,
    disqualification_grounds,
    review_criteria,
)
from tokumei.law.organization import DocumentKind, OrganizationProfile
from tokumei.law.solicitation import SolicitationPeriod
from tokumei.profiles import load_builtin_profiles

PROFILES: dict[str, OrganizationProfile] = load_builtin_profiles()

KUMAMOTO_FACTS = SolicitationNoticeFacts(
    period=SolicitationPeriod(date(2025, 12, 19), date(2026, 1, 20)),
    notice_date=date(2025, 12, 19),
    target_files=(
        NoticeTargetFile(
            "特定健康診査等データファイル",
            "髙齢者を含む国民健康保険被保険者の特定健康診査の結果",
            "熊本市ホームページ「個人情報ファイル簿」",
            "健康福祉局保健衛生部健康づくり推進課",
        ),
    ),
    opinion_provision="第15条第1項又は第2項",
)
ISA_FACTS = SolicitationNoticeFacts(
    period=SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13), time(17, 0)),
    notice_date=date(2026, 2, 2),
    target_files=(NoticeTargetFile("在留外国人統計ファイル", "在留資格別の在留者の記録", "e-Gov 個人情報ファイル簿"),),
    contact_note="なお、相談内容により時間を要する場合がありますので、あらかじめご了承ください。",
)


def _notice(profile_id: str, facts: SolicitationNoticeFacts) -> Document:
    return build_solicitation_notice(PROFILES[profile_id], facts)


SEED_SECTIONS = (
    "趣旨",
    "提案の対象となる個人情報ファイル",
    "提案をすることができる者（提案者の要件）",
    "募集期間",
    "提案の方法",
    "提案の審査基準",
    "審査結果の通知",
    "行政機関等匿名加工情報の利用に関する契約",
    "留意事項",
    "作成された行政機関等匿名加工情報に関する提案（法第118条）",
    "提案に関する連絡先",
)


def test_kumamoto_notice_has_the_seed_sections_and_facts() -> None:
    # given the Kumamoto profile and the seed's facts; when the notice is built
    notice = _notice("kumamoto-city", KUMAMOTO_FACTS)
    text = notice.plain_text()
    # then it has every section of the seed notice, numbered 1..11
    assert tuple(s.heading for s in notice.sections) == SEED_SECTIONS
    assert [s.number for s in notice.sections] == [str(i) for i in range(1, 12)]
    # and the seed's facts
    assert notice.title == "令和7年度「行政機関等匿名加工情報」に関する提案の募集の公示"
    assert notice.date_wareki == "令和7年12月19日"
    assert notice.issuer == "熊本市長　大西 一史"
    assert "令和7年12月19日（金）から令和8年1月20日（火）まで" in text
    assert "規則」という。）第53条第2項の規定に基づき" in text
    assert "熊本市総務局行政管理部法制課（情報公開窓口）" in text
    assert "〒860-8601" in text
    assert "096-328-2059" in text
    assert "housei@city.kumamoto.lg.jp" in text
    assert "提案書類2部" in text
    assert "平日の午前9時から午後5時まで（年末年始を除く。）" in text
    assert "「行政機関等匿名加工情報の利用に関する提案書類在中」と朱書き" in text
    assert "締切日当日必着" in text
    assert "熊本市情報公開条例第15条第1項又は第2項" in text
    assert "髙齢者" in text
    assert "（別記様式第七）" in text


def test_the_opinion_hearing_article_comes_from_the_profile() -> None:
    """法60条3項2号ロ for a local body: Kumamoto's profile names 熊本市情報公開条例 第15条第1項又は第2項 (seed
    2(2)②), so a notice built without that fact (as the public portal builds it) still cites the article; a local
    body whose profile does not know its article names the ordinance alone."""
    facts = dataclasses.replace(KUMAMOTO_FACTS, opinion_provision=None)
    text = _notice("kumamoto-city", facts).plain_text()
    assert "熊本市情報公開条例第15条第1項又は第2項の規定により意見書の提出の機会を与える" in text
    assert PROFILES["nara-police"].disclosure_opinion_provision is None
    nara = _notice("nara-police", facts).plain_text()
    assert "条例の規定により意見書の提出の機会を与える" in nara
    assert "第15条第1項又は第2項" not in nara


def test_disqualification_grounds_use_todays_wording() -> None:
    # 法113条4号 after the penal reform in force 2025-06-01: 拘禁刑, never 禁固/禁錮
    grounds = disqualification_grounds()
    assert len(grounds) == 6
    assert grounds[3].startswith("拘禁刑以上の刑")
    text = _notice("isa", ISA_FACTS).plain_text()
    assert "拘禁刑以上" in text
    assert "禁固" not in text
    assert "禁錮" not in text
    assert "規程" not in text  # the ISA notice's typo for 規定 is not copied


def test_review_criteria_are_seven() -> None:
    criteria = review_criteria()
    assert len(criteria) == 7
    assert "1,000人以上" in criteria[1]
    assert "規則第62条" in criteria[2]
    notice = _notice("isa", ISA_FACTS)
    (criteria_list,) = [b for b in notice.sections[5].blocks if isinstance(b, ItemList)]
    assert criteria_list.markers() == ("①", "②", "③", "④", "⑤", "⑥", "⑦")


def test_isa_notice_has_the_closing_time_and_no_email() -> None:
    notice = _notice("isa", ISA_FACTS)
    text = notice.plain_text()
    assert notice.designation == "標準様式第3－1"
    assert notice.issuer == "出入国在留管理庁長官"
    assert notice.date_wareki == "令和8年2月2日"
    assert "令和8年2月9日（月）から令和8年3月13日（金）午後5時まで" in text
    assert "最終日の午後5時までに到着したもの" in text
    assert "行政機関の保有する情報の公開に関する法律（平成11年法律第42号" in text
    assert "03-5363-3005" in text
    assert "電子メール：" not in text
    assert "あらかじめご了承ください" in text
    assert "（別記様式第十二）" in text


@pytest.mark.parametrize(("profile_id", "expected"), [("kumamoto-city", True), ("isa", False)])
def test_processor_note_only_where_the_profile_says_so(profile_id: str, expected: bool) -> None:
    facts = KUMAMOTO_FACTS if profile_id == "kumamoto-city" else ISA_FACTS
    text = _notice(profile_id, facts).plain_text()
    assert ("提案内容の一部を受託者に提供することがあります" in text) is expected


def test_notes_of_the_seeds_are_present() -> None:
    text = _notice("isa", ISA_FACTS).plain_text()
    for phrase in (
        "提案に係る一切の費用は提案者の負担",
        "原著作権は出入国在留管理庁に帰属",
        "行政不服審査法（平成26年法律第68号）の対象外",
        "提案書類は返却しません",
    ):
        assert phrase in text


def test_fee_section_cites_the_legal_basis_and_payment() -> None:
    isa = _notice("isa", ISA_FACTS).plain_text()
    assert "21,000円" in isa
    assert "3,950円" in isa
    assert "個人情報の保護に関する法律施行令31条1項" in isa
    assert "収入印紙又は電子納付により納付" in isa
    nara = _notice("nara-police", KUMAMOTO_FACTS).plain_text()
    assert "奈良県個人情報の保護に関する法律施行条例（令和4年12月奈良県条例第19号）第7条第1項" in nara
    assert "収入証紙により納付" in nara
    assert "10,000円を超える場合" in nara


def test_placeholders_are_flagged() -> None:
    # given Kumamoto, whose fee rule and payment are demo values, and ISA, whose are not
    kumamoto = _notice("kumamoto-city", KUMAMOTO_FACTS)
    fee_paragraphs = [b for b in kumamoto.sections[7].blocks if isinstance(b, Paragraph) and "21,000円" in b.text]
    assert fee_paragraphs[0].placeholder
    assert kumamoto.has_placeholders
    assert "［デモ用の仮の値］" in kumamoto.plain_text()
    # Nara: the desk's address and phone are not in the seed
    nara = _notice("nara-police", KUMAMOTO_FACTS)
    address = [b for b in nara.sections[10].blocks if isinstance(b, Paragraph) and "奈良市登大路町80" in b.text]
    assert address[0].placeholder
    phone = [b for b in nara.sections[10].blocks if isinstance(b, Paragraph) and b.text.startswith("電話")]
    assert phone[0].placeholder
    assert "内線2194" in phone[0].text
    isa_contact = [b for b in _notice("isa", ISA_FACTS).sections[10].blocks if isinstance(b, Paragraph)]
    assert not any(p.placeholder for p in isa_contact)


def test_target_files_table_lists_each_file_with_its_register_location() -> None:
    notice = _notice("kumamoto-city", KUMAMOTO_FACTS)
    (table,) = [b for b in notice.sections[1].blocks if isinstance(b, Table)]
    assert table.header[0] == "個人情報ファイルの名称"
    assert [c.text for c in table.rows[0]] == [
        "特定健康診査等データファイル",
        "髙齢者を含む国民健康保険被保険者の特定健康診査の結果",
        "熊本市ホームページ「個人情報ファイル簿」",
        "健康福祉局保健衛生部健康づくり推進課",
    ]


def test_nara_notice_mentions_no_closing_time_and_numbers_the_document() -> None:
    facts = SolicitationNoticeFacts(
        period=SolicitationPeriod(date(2026, 5, 11), date(2026, 6, 10)),
        notice_date=date(2026, 5, 1),
        target_files=KUMAMOTO_FACTS.target_files,
        number="県サ第445号",
    )
    notice = _notice("nara-police", facts)
    assert notice.number == "県サ第445号"
    assert "令和8年度" in notice.title
    assert "午後5時まで" not in notice.sections[3].blocks[0].text  # type: ignore[union-attr]


def test_refusals() -> None:
    with pytest.raises(NoticeRefused) as legacy:
        _notice("legacy-2017", KUMAMOTO_FACTS)
    assert legacy.value.code is NoticeCode.REGIME_CLOSED
    assert "廃止された制度" in str(legacy.value)
    empty = SolicitationNoticeFacts(period=ISA_FACTS.period, notice_date=ISA_FACTS.notice_date, target_files=())
    with pytest.raises(NoticeRefused) as no_file:
        _notice("isa", empty)
    assert no_file.value.code is NoticeCode.NO_TARGET_FILE


# --------------------------------------------------------------------------------------------------
# Blank forms
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile_id", "proposal", "pledge"),
    [
        ("kumamoto-city", "別記様式第七", "別記様式第八"),
        ("isa", "別記様式第七", "別記様式第八"),
        ("fukuoka-police", "別記様式第七", "別記様式第八"),
        ("nara-police", "第1号様式", "第2号様式"),
        ("legacy-2017", "別記様式第一", "別記様式第二"),
    ],
)
def test_blank_forms_are_designated_from_the_profile(profile_id: str, proposal: str, pledge: str) -> None:
    profile = PROFILES[profile_id]
    forms = build_blank_forms(profile)
    assert [f.kind for f in forms] == list(BLANK_FORM_KINDS)
    assert forms[0].designation == proposal
    assert forms[1].designation == pledge
    assert forms[0].title == profile.forms[DocumentKind.PROPOSAL].title
    assert forms[0].addressee == f"{profile.name}　殿"


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_proposal_form_has_every_item_of_article_112_2(profile_id: str) -> None:
    form = build_blank_form(PROFILES[profile_id], DocumentKind.PROPOSAL)
    (items,) = [b for b in form.sections[0].blocks if isinstance(b, Table)]
    numbers = [row[0].text for row in items.rows if row[0].text]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8"]
    text = form.plain_text()
    for label in (
        "本人の数",
        "加工の方法を特定するに足りる事項",
        "利用の目的及び方法",
        "期間",
        "漏えいの防止",
        "提供の方法",
    ):
        assert label in text
    assert all(row[2].blank_lines >= 1 for row in items.rows[1:])


def test_legacy_forms_use_the_old_terms() -> None:
    proposal = build_blank_form(PROFILES["legacy-2017"], DocumentKind.PROPOSAL).plain_text()
    assert "行政機関非識別加工情報" in proposal
    assert "第44条の5第1項" in proposal
    pledge = build_blank_form(PROFILES["legacy-2017"], DocumentKind.PLEDGE)
    assert "第44条の6各号" in pledge.plain_text()
    assert pledge.sections == ()


def test_pledge_lists_the_current_grounds() -> None:
    pledge = build_blank_form(PROFILES["nara-police"], DocumentKind.PLEDGE)
    assert pledge.designation == "第2号様式"
    text = pledge.plain_text()
    assert "第113条各号に掲げる者のいずれにも該当しないことを誓約します" in text
    assert "拘禁刑以上" in text


def test_unsupported_form_kind_is_misuse() -> None:
    with pytest.raises(DocumentKindNotSupported) as caught:
        build_blank_form(PROFILES["isa"], DocumentKind.APPROVAL_NOTICE)
    assert caught.value.code is NoticeCode.KIND_NOT_SUPPORTED
    assert "proposal" in str(caught.value)


@pytest.mark.parametrize(
    ("profile_id", "designation", "basis", "reuse_form"),
    [
        # nara-police-procedure.txt 要綱第2-13(1): 「記載事項変更申出書（第7号様式）により申出を行わせる」
        ("nara-police", "第7号様式", "要綱第2-13(1)", "第8号様式"),
        # fukuoka-police-procedure.txt 第10-2(1)ア: 「別添の標準様式第二を参考として…記載事項変更申出書」
        ("fukuoka-police", "標準様式第二", "要綱第10-2(1)ア", "別記様式第十二"),
    ],
)
def test_change_notification_form(profile_id: str, designation: str, basis: str, reuse_form: str) -> None:
    from tokumei.law.notices import ChangeNotificationFacts, build_change_notification

    profile = PROFILES[profile_id]
    blank = build_blank_form(profile, DocumentKind.CHANGE_NOTIFICATION)
    assert (blank.designation, blank.title) == (designation, "記載事項変更申出書")
    text = blank.plain_text()
    assert "□除外　□追加　□交代" in text
    assert f"理由を適切と認めた後に効力を生じます（{basis}）" in text
    # a change of the business is a 118条後段 proposal, not this form (Nara 2-13(2), Fukuoka 10-2(1)イ)
    assert f"第118条第1項後段の規定による提案（{reuse_form}）" in text
    filled = build_change_notification(
        profile,
        ChangeNotificationFacts(
            contract_number="R8-匿契-3",
            concluded_on=date(2026, 12, 1),
            recipient_name="株式会社デモ分析",
            recipient_address="東京都千代田区霞が関1-1-1",
            handlers=("デモ花子（調査部・主任研究員）", "デモ次郎（調査部・研究員）"),
        ),
    ).plain_text()
    assert "令和8年12月1日付けで締結した行政機関等匿名加工情報の利用に関する契約（契約番号 R8-匿契-3）" in filled
    assert "株式会社デモ分析" in filled
    assert "デモ花子（調査部・主任研究員）" in filled
    assert f"{profile.name}　殿" in filled
