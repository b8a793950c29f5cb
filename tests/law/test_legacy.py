"""Historic cases of the abolished 2017 rule (issue 11 item 2): the CSV import and the documents, without Django.

The fee amounts are worked by hand from 旧令25条1項 and 旧法44条の8: 21,000円 + 3,950円 per started hour + the amount
paid to the processor + 210円 per third party given an opportunity to submit an opinion.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tokumei.law import legacy
from tokumei.law.intake import DeliveryMedium, DeliveryMethod, ProposalKind
from tokumei.law.legacy import (
    COLUMNS,
    MAX_ROWS,
    LegacyCase,
    LegacyCaseStatus,
    LegacyImportCode,
    LegacyImportProblem,
    LegacyImportRefused,
    legacy_documents,
    legacy_fee,
    parse_legacy_csv,
)
from tokumei.law.organization import DocumentKind
from tokumei.law.review import Criterion
from tokumei.profiles import load_builtin_profiles

PROFILES = load_builtin_profiles()
LEGACY = PROFILES["legacy-2017"]
TODAY = date(2026, 1, 15)
HEADER = [c.header for c in COLUMNS]
CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "errors.md"

APPROVED = {
    "案件番号": "H29-001",
    "提案者": "株式会社髙﨑データ",
    "個人情報ファイル": "申告所得税ファイル",
    "提案日": "2018-03-01",
    "通知日": "2018-06-01",
    "契約日": "2018-07-02",
    "提供日": "2018-09-03",
    # 21,000 + ⌈9.5⌉ = 10 h × 3,950 = 39,500 + 2 × 210 = 420 + 0 → 60,920
    "手数料": "60,920",
    "状況": "提供済み",
    "提案の種類": "新規",
    "代表者": "代表取締役 髙橋一郎",
    "提案者の住所": "東京都千代田区霞が関1-1-1",
    "通知番号": "国総第1号",
    "納付期限": "2018-06-29",
    "提供媒体": "CD-R",
    "提供方法": "窓口",
    "作成時間": "9.5",
    "委託額": "0",
    "第三者数": "2",
    "備考": "①提供済み（﨑は IBM 拡張文字）",
}
REJECTED = {
    "案件番号": "H29-002",
    "提案者": "一般社団法人統計研究会",
    "個人情報ファイル": "法人税申告ファイル",
    "提案日": "平成30年3月5日",
    "通知日": "H30.6.10",
    "状況": "不適合",
    "代表者": "理事長 山田花子",
    "通知番号": "国総第2号",
    "不適合の基準": "④・⑥",
    "不適合の理由": "事業の内容が具体的でなく、新たな産業の創出に資すると認められないため。",
}
REUSE = {
    "案件番号": "H31-001",
    "提案者": "株式会社髙﨑データ",
    "個人情報ファイル": "H29-001により作成された行政機関非識別加工情報",
    "提案日": "2019-04-10",
    "通知日": "令和元年6月3日",
    "手数料": "60920",
    "状況": "適合",
    "提案の種類": "利用",
    "代表者": "代表取締役 髙橋一郎",
    "提案者の住所": "東京都千代田区霞が関1-1-1",
    "通知番号": "国総第9号",
    "納付期限": "2019-06-28",
    "提供媒体": "DVD-R",
    "提供方法": "郵送",
}


def _csv(*rows: dict[str, str], header: list[str] | None = None) -> str:
    header = HEADER if header is None else header
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return buffer.getvalue()


def _parse(*rows: dict[str, str], encoding: str = "utf-8") -> legacy.ParsedLegacyCsv:
    return parse_legacy_csv(LEGACY, _csv(*rows).encode(encoding), today=TODAY)


def _problems(*rows: dict[str, str]) -> set[tuple[int, str, LegacyImportCode]]:
    with pytest.raises(LegacyImportRefused) as info:
        _parse(*rows)
    return {(p.line, p.column, p.code) for p in info.value.problems}


def _refused(data: bytes) -> tuple[LegacyImportProblem, ...]:
    with pytest.raises(LegacyImportRefused) as info:
        parse_legacy_csv(LEGACY, data, today=TODAY)
    return info.value.problems


def _case(**changes: object) -> LegacyCase:
    (case,) = _parse(APPROVED).cases
    return _replace(case, **changes)


def _replace(case: LegacyCase, **changes: object) -> LegacyCase:
    import dataclasses

    return dataclasses.replace(case, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# A good file
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "detected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp932", "cp932")])
def test_a_good_file_in_every_encoding(encoding: str, detected: str) -> None:
    data = _csv(APPROVED, REJECTED, REUSE).encode(encoding)
    if encoding == "cp932":
        # Python writes 髙 and 﨑 as NEC-selected IBM extensions (0xEEE0, 0xED95); Excel on Windows as IBM
        # extensions (0xFBFC, 0xFAB1). Both must read back; ① is an NEC special character (0x8740).
        assert "髙".encode("cp932") in data
        assert "①".encode("cp932") == b"\x87\x40"
        assert b"\x87\x40" in data
        data = data.replace("髙".encode("cp932"), b"\xfb\xfc", 1).replace("﨑".encode("cp932"), b"\xfa\xb1", 1)
    parsed = parse_legacy_csv(LEGACY, data, today=TODAY)
    assert parsed.encoding == detected
    approved, rejected, reuse = parsed.cases
    assert approved == LegacyCase(
        case_number="H29-001",
        proposer="株式会社髙﨑データ",
        file_label="申告所得税ファイル",
        proposal_date=date(2018, 3, 1),
        status=LegacyCaseStatus.DELIVERED,
        kind=ProposalKind.NEW,
        notice_date=date(2018, 6, 1),
        contract_date=date(2018, 7, 2),
        delivery_date=date(2018, 9, 3),
        fee_yen=60_920,
        representative="代表取締役 髙橋一郎",
        proposer_address="東京都千代田区霞が関1-1-1",
        notice_number="国総第1号",
        payment_deadline=date(2018, 6, 29),
        delivery_medium=DeliveryMedium.CD_R,
        delivery_method=DeliveryMethod.DESK,
        hours=Decimal("9.5"),
        outsourcing_yen=0,
        third_parties=2,
        remarks="①提供済み（﨑は IBM 拡張文字）",
        line=2,
    )
    assert rejected.proposal_date == date(2018, 3, 5)  # 和暦
    assert rejected.notice_date == date(2018, 6, 10)  # H30.6.10
    assert rejected.failed_criteria == (Criterion.C4, Criterion.C6)  # circled numbers
    assert rejected.status is LegacyCaseStatus.REJECTED
    assert reuse.kind is ProposalKind.REUSE
    assert reuse.notice_date == date(2019, 6, 3)  # 令和元年
    assert reuse.line == 4


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out() -> None:
    required = [c.header for c in COLUMNS if c.required_header]
    header = list(reversed(required))
    row = {h: REJECTED.get(h, "") for h in header}
    with pytest.raises(LegacyImportRefused) as info:  # 不適合 needs the criteria, whose column is absent
        parse_legacy_csv(LEGACY, _csv(row, header=header).encode(), today=TODAY)
    assert {(p.column, p.code) for p in info.value.problems} == {
        ("不適合の基準", LegacyImportCode.REQUIRED),
        ("不適合の理由", LegacyImportCode.REQUIRED),
    }
    withdrawn = {"案件番号": "H29-9", "提案者": "A", "個人情報ファイル": "F", "提案日": "2018-03-01", "状況": "取下げ"}
    (case,) = parse_legacy_csv(LEGACY, _csv(withdrawn, header=header).encode(), today=TODAY).cases
    assert case.status is LegacyCaseStatus.WITHDRAWN
    assert case.kind is ProposalKind.NEW


@pytest.mark.parametrize(
    "text",
    [
        "2018-03-01",
        "2018/3/1",
        "2018.03.01",
        "２０１８／３／１",
        "2018年3月1日",
        "平成30年3月1日",
        "H30.3.1",
        "Ｈ30.3.1",
    ],
)
def test_dates_in_iso_or_wareki(text: str) -> None:
    (case,) = _parse({**REJECTED, "提案日": text}).cases
    assert case.proposal_date == date(2018, 3, 1)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("適合", LegacyCaseStatus.APPROVED),
        ("適合（通知済み）", LegacyCaseStatus.APPROVED),  # full-width brackets, NFKC-folded on both sides
        ("Approved", LegacyCaseStatus.APPROVED),
        (" 提供済 ", LegacyCaseStatus.DELIVERED),
        ("契約締結済み", LegacyCaseStatus.CONTRACTED),
    ],
)
def test_status_aliases(text: str, status: LegacyCaseStatus) -> None:
    row = {**APPROVED, "状況": text}
    if not status.contracted:
        row |= {"契約日": "", "提供日": ""}
    if status is not LegacyCaseStatus.DELIVERED:
        row["提供日"] = ""
    (case,) = _parse(row).cases
    assert case.status is status


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", ProposalKind.NEW),
        ("新規（44条の5）", ProposalKind.NEW),
        ("利用（44条の12前段）", ProposalKind.REUSE),
        ("旧法44条の12前段", ProposalKind.REUSE),
        ("変更", ProposalKind.CHANGE),
        ("事業の変更（旧法44条の12第1項後段）", ProposalKind.CHANGE),
    ],
)
def test_kind_aliases(text: str, kind: ProposalKind) -> None:
    (case,) = _parse({**REUSE, "提案の種類": text}).cases
    assert case.kind is kind


def test_line_numbers_count_quoted_line_breaks_and_blank_lines() -> None:
    text = (
        _csv({**REJECTED, "備考": "1行目\n2行目\n3行目"})
        + "\r\n"
        + _csv({**REJECTED, "案件番号": ""}).split("\r\n", 1)[1]
    )
    problems = _refused(text.encode())
    assert [(p.line, p.column, p.code) for p in problems] == [(6, "案件番号", LegacyImportCode.REQUIRED)]
    assert problems[0].message == "6行目「案件番号」: 案件番号を入力してください。"


# --------------------------------------------------------------------------------------------------
# Every problem at once, each with its line and column
# --------------------------------------------------------------------------------------------------


def test_every_problem_of_every_row_is_reported_at_once() -> None:
    rows = (
        APPROVED,  # line 2: fine
        {**APPROVED, "案件番号": "H29-010", "提案日": "2018-02-30", "手数料": "六万円", "提供媒体": "BD-R"},
        {**REJECTED, "案件番号": "H29-011", "通知日": "2018-03-01", "提案日": "2018-04-01", "不適合の理由": ""},
        {**REUSE, "案件番号": "", "提案者": "", "状況": "審議中", "作成時間": "3"},
        {**APPROVED, "案件番号": "H29-012", "通知日": "", "契約日": "2018-05-01", "提供日": "2018-04-01"},
    )
    assert _problems(*rows) == {
        (3, "提案日", LegacyImportCode.INVALID_DATE),
        (3, "手数料", LegacyImportCode.INVALID_VALUE),
        (3, "提供媒体", LegacyImportCode.INVALID_VALUE),
        (4, "通知日", LegacyImportCode.DATE_ORDER),  # the later date of the pair is the one named
        (4, "不適合の理由", LegacyImportCode.REQUIRED),
        (5, "案件番号", LegacyImportCode.REQUIRED),
        (5, "提案者", LegacyImportCode.REQUIRED),
        (5, "状況", LegacyImportCode.INVALID_VALUE),
        (6, "通知日", LegacyImportCode.REQUIRED),
        (6, "提供日", LegacyImportCode.DATE_ORDER),
    }


def test_a_row_with_an_unreadable_cell_still_reports_its_other_problems() -> None:
    """The checks between columns still run (the date order), but an unreadable fee is not also 'missing'."""
    row = {**APPROVED, "手数料": "abc", "提供日": "2018-08-01", "契約日": "2018-09-01"}
    assert _problems(row) == {
        (2, "手数料", LegacyImportCode.INVALID_VALUE),
        (2, "提供日", LegacyImportCode.DATE_ORDER),
    }


def test_messages_name_the_line_the_column_and_what_to_do() -> None:
    with pytest.raises(LegacyImportRefused) as info:
        _parse({**APPROVED, "提案日": "2018-02-30"})
    (problem,) = info.value.problems
    assert problem.message == (
        "2行目「提案日」: 「2018-02-30」は日付として読めません。"
        "「2018-03-01」又は「平成30年3月1日」の形で入力してください。"
    )
    assert str(info.value) == problem.message
    assert LegacyImportProblem(LegacyImportCode.EMPTY, 0, "", "空です。").message == "ファイル: 空です。"


@pytest.mark.parametrize(
    "text",
    ["2018-02-30", "2018-13-01", "平成31年5月1日", "令和元年4月30日", "昨年", "3/1", "20180301", "平成30年2月30日"],
)
def test_wrong_dates(text: str) -> None:
    assert _problems({**REJECTED, "通知日": text}) == {(2, "通知日", LegacyImportCode.INVALID_DATE)}


@pytest.mark.parametrize(
    ("proposal", "ok"),
    [
        ("2017-05-29", False),  # the day before 旧法第四章の二 took effect
        ("2017-05-30", True),
        ("2022-03-31", True),  # the last day before the repeal
        ("2022-04-01", False),
        ("1800-01-01", False),  # before 和暦 can name it: still a message, never a crash
    ],
)
def test_proposals_outside_the_regime_are_refused(proposal: str, ok: bool) -> None:
    row = {**REJECTED, "提案日": proposal, "通知日": ""}
    row |= {"状況": "取下げ", "不適合の基準": "", "不適合の理由": ""}
    if ok:
        assert _parse(row).cases[0].proposal_date == date.fromisoformat(proposal)
        return
    with pytest.raises(LegacyImportRefused) as info:
        _parse(row)
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.code) == (2, "提案日", LegacyImportCode.OUT_OF_REGIME)
    assert "平成29年5月30日から令和4年3月31日まで" in problem.reason


def test_a_notice_after_the_repeal_is_accepted_for_a_proposal_made_before_it() -> None:
    (case,) = _parse({**REJECTED, "提案日": "2022-03-30", "通知日": "2022-05-20"}).cases
    assert case.notice_date == date(2022, 5, 20)


def test_future_dates_are_refused() -> None:
    assert _problems({**REJECTED, "通知日": "2026-01-16"}) == {(2, "通知日", LegacyImportCode.FUTURE_DATE)}
    assert _problems({**REJECTED, "提案日": "2027-01-01", "通知日": ""}) >= {
        (2, "提案日", LegacyImportCode.FUTURE_DATE),
        (2, "提案日", LegacyImportCode.OUT_OF_REGIME),
    }


def test_duplicate_case_numbers_in_the_file() -> None:
    rows = (
        APPROVED,
        {**REJECTED, "案件番号": "H29-001"},
        {**REUSE, "案件番号": "Ｈ２９－００１"},  # full-width: the same number after NFKC
    )
    with pytest.raises(LegacyImportRefused) as info:
        _parse(*rows)
    assert [(p.line, p.column, p.code) for p in info.value.problems] == [
        (3, "案件番号", LegacyImportCode.DUPLICATE_IN_FILE),
        (4, "案件番号", LegacyImportCode.DUPLICATE_IN_FILE),
    ]
    assert "2行目と重複" in info.value.problems[1].reason
    assert _parse(REUSE | {"案件番号": "Ｈ３１－００１"}).cases[0].case_number == "H31-001"


# --------------------------------------------------------------------------------------------------
# What each status needs, and the order of its dates
# --------------------------------------------------------------------------------------------------


def test_what_each_status_needs_and_forbids() -> None:
    under_review = {**REJECTED, "状況": "審査中", "不適合の基準": "", "不適合の理由": ""}  # has a 通知日
    contracted_no_date = {**APPROVED, "状況": "契約締結", "契約日": "", "提供日": ""}
    delivered_no_date = {**APPROVED, "提供日": ""}
    approved_bare = {
        **APPROVED,
        "状況": "適合",
        "契約日": "",
        "提供日": "",
        "手数料": "",
        "納付期限": "",
        "提供媒体": "",
        "提供方法": "",
        "作成時間": "",
        "委託額": "",
        "第三者数": "",
    }
    rejected_with_fee = {**REJECTED, "手数料": "21000", "納付期限": "2018-06-30", "契約日": "2018-07-01"}
    approved_with_reason = {**APPROVED, "不適合の基準": "4", "不適合の理由": "理由"}
    rejected_no_criteria = {**REJECTED, "不適合の基準": ""}
    reuse_rejected_c2 = {**REUSE, "状況": "不適合", "不適合の基準": "2・4", "不適合の理由": "理由"}
    reuse_rejected_c2 |= {"手数料": "", "納付期限": ""}
    delivered_row = {**APPROVED, "状況": "適合"}  # 提供日 and 契約日 without a contract
    assert _problems(under_review) == {(2, "通知日", LegacyImportCode.NOT_ALLOWED)}
    assert _problems(contracted_no_date) == {(2, "契約日", LegacyImportCode.REQUIRED)}
    assert _problems(delivered_no_date) == {(2, "提供日", LegacyImportCode.REQUIRED)}
    assert _problems(approved_bare) == {
        (2, "手数料", LegacyImportCode.REQUIRED),
        (2, "納付期限", LegacyImportCode.REQUIRED),
        (2, "提供媒体", LegacyImportCode.REQUIRED),
        (2, "提供方法", LegacyImportCode.REQUIRED),
    }
    assert _problems(rejected_with_fee) == {
        (2, "手数料", LegacyImportCode.NOT_ALLOWED),
        (2, "納付期限", LegacyImportCode.NOT_ALLOWED),
        (2, "契約日", LegacyImportCode.NOT_ALLOWED),
    }
    assert _problems(approved_with_reason) == {
        (2, "不適合の基準", LegacyImportCode.NOT_ALLOWED),
        (2, "不適合の理由", LegacyImportCode.NOT_ALLOWED),
    }
    assert _problems(rejected_no_criteria) == {(2, "不適合の基準", LegacyImportCode.REQUIRED)}
    # ② does not apply to a 旧法44条の12 proposal (44条の12第2項 reads in ① and ④〜⑦ only)
    assert _problems(reuse_rejected_c2) == {(2, "不適合の基準", LegacyImportCode.INVALID_VALUE)}
    assert _problems(delivered_row) == {
        (2, "契約日", LegacyImportCode.NOT_ALLOWED),
        (2, "提供日", LegacyImportCode.NOT_ALLOWED),
    }


def test_a_terminated_contract_may_or_may_not_have_been_delivered() -> None:
    (delivered,) = _parse({**APPROVED, "状況": "契約解除"}).cases
    (undelivered,) = _parse({**APPROVED, "状況": "解除", "提供日": ""}).cases
    assert delivered.status is undelivered.status is LegacyCaseStatus.TERMINATED
    assert delivered.delivery_date == date(2018, 9, 3)
    assert undelivered.delivery_date is None


def test_the_dates_follow_the_procedure() -> None:
    """提案日 ≤ 通知日 ≤ 契約日 ≤ 提供日, and the payment deadline is not before the notice (旧規則8条, 10条)."""
    row = {**APPROVED, "通知日": "2018-02-01", "契約日": "2018-01-15", "提供日": "2018-01-10", "納付期限": "2018-01-31"}
    with pytest.raises(LegacyImportRefused) as info:
        _parse(row)
    assert [(p.column, p.code) for p in info.value.problems] == [
        ("通知日", LegacyImportCode.DATE_ORDER),
        ("契約日", LegacyImportCode.DATE_ORDER),
        ("提供日", LegacyImportCode.DATE_ORDER),
        ("納付期限", LegacyImportCode.DATE_ORDER),
    ]
    assert info.value.problems[0].reason.startswith("通知日（平成30年2月1日）が提案日（平成30年3月1日）より前です。")


# --------------------------------------------------------------------------------------------------
# The fee: 21,000 + 3,950 × started hours + 210 × third parties + outsourcing (旧令25条1項, 旧法44条の8)
# --------------------------------------------------------------------------------------------------

GOLDEN_FEES = [
    # hours, outsourcing, third parties, total worked by hand
    ("0", "", "", 21_000),  # base only
    ("9.5", "0", "2", 60_920),  # 21,000 + 10 × 3,950 (39,500) + 2 × 210 (420)
    ("3", "", "2", 33_270),  # 21,000 + 3 × 3,950 (11,850) + 420
    ("1.5", "50,000", "1", 79_110),  # 21,000 + 2 × 3,950 (7,900) + 50,000 + 210
    ("10", "", "", 60_500),  # whole hours are not rounded up: 21,000 + 39,500
    ("10.01", "", "", 64_450),  # a started hour counts in full: 21,000 + 11 × 3,950 (43,450)
    ("0.25", "", "5", 26_000),  # 21,000 + 3,950 + 5 × 210 (1,050)
    ("12時間", "１２０，０００円", "３人", 189_030),  # 21,000 + 12 × 3,950 (47,400) + 120,000 + 3 × 210 (630)
]


@pytest.mark.parametrize(("hours", "outsourcing", "third", "total"), GOLDEN_FEES)
def test_the_fee_column_must_equal_the_old_order(hours: str, outsourcing: str, third: str, total: int) -> None:
    row = {**APPROVED, "作成時間": hours, "委託額": outsourcing, "第三者数": third}
    (case,) = _parse({**row, "手数料": f"{total:,}"}).cases
    fee = legacy_fee(LEGACY, case)
    assert fee is not None
    assert fee.total_yen == case.fee_yen == total
    assert fee.legal_basis == "旧法44条の13第1項、旧令25条1項"
    for wrong in (total - 1, total + 210, total + 3_950):
        with pytest.raises(LegacyImportRefused) as info:
            _parse({**row, "手数料": str(wrong)})
        (problem,) = info.value.problems
        assert (problem.column, problem.code) == ("手数料", LegacyImportCode.FEE_MISMATCH)
        assert f"算定額{total:,}円" in problem.reason
        assert f"手数料{wrong:,}円" in problem.reason


def test_the_fee_breakdown_prints_each_component() -> None:
    fee = legacy_fee(LEGACY, _case(hours=Decimal("1.5"), outsourcing_yen=50_000, third_parties=1, fee_yen=79_110))
    assert fee is not None
    assert [(line.label, line.amount_yen) for line in fee.lines] == [
        ("基本額", 21_000),
        ("作成に要する時間に応じた額", 7_900),
        ("作成の委託先に対して支払う額", 50_000),
        ("第三者に意見書提出の機会を与えた場合の加算", 210),
        ("手数料の額（合計）", 79_110),
    ]
    assert fee.lines[3].detail == "1人 × 210円（旧法44条の8）"


def test_a_fee_without_its_components_is_kept_as_notified_but_never_below_the_base() -> None:
    (case,) = _parse({**APPROVED, "作成時間": "", "委託額": "", "第三者数": "", "手数料": "25,000"}).cases
    fee = legacy_fee(LEGACY, case)
    assert fee is not None
    assert fee.total_yen == 25_000
    assert [(line.label, line.amount_yen, line.detail) for line in fee.lines] == [
        ("手数料の額（合計）", 25_000, "通知した額（内訳の記録なし）")
    ]
    assert _problems({**APPROVED, "作成時間": "", "委託額": "", "第三者数": "", "手数料": "20,999"}) == {
        (2, "手数料", LegacyImportCode.FEE_MISMATCH)
    }
    # components without the hours they were computed with
    assert _problems({**APPROVED, "作成時間": "", "第三者数": "1"}) == {(2, "作成時間", LegacyImportCode.REQUIRED)}


def test_a_44_12_proposal_pays_the_original_fee_and_has_no_hours() -> None:
    (case,) = _parse(REUSE).cases
    fee = legacy_fee(LEGACY, case)
    assert fee is not None
    assert (fee.kind, fee.total_yen, fee.original_fee_yen) == (ProposalKind.REUSE, 60_920, 60_920)
    assert fee.legal_basis == "旧法44条の13第2項、旧令25条2項"
    assert _problems({**REUSE, "作成時間": "3", "第三者数": "1"}) == {
        (2, "作成時間", LegacyImportCode.NOT_ALLOWED),
        (2, "第三者数", LegacyImportCode.NOT_ALLOWED),
    }


def test_a_case_never_approved_has_no_fee() -> None:
    (rejected,) = _parse({**REJECTED, "作成時間": "3", "第三者数": "1"}).cases
    assert legacy_fee(LEGACY, rejected) is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("手数料", "-21000"),
        ("手数料", "1" * 13),  # beyond 999,999,999,999円
        ("委託額", "1.5"),
        ("第三者数", "9" * 5000),  # int() would refuse 5,000 digits with a bare ValueError
        ("第三者数", "-1"),
        ("作成時間", "1e999999999"),  # Decimal would overflow computing the fee
        ("作成時間", "NaN"),
        ("作成時間", "-2"),
        ("作成時間", "1.255"),  # hundredths at most
        ("作成時間", "1000000"),
    ],
)
def test_numbers_out_of_bounds_are_refused_with_a_message(column: str, value: str) -> None:
    assert _problems({**APPROVED, column: value}) == {(2, column, LegacyImportCode.INVALID_VALUE)}


def test_text_longer_than_its_column_allows_is_refused() -> None:
    limits = {c.header: c.max_length for c in COLUMNS if c.max_length}
    assert limits["案件番号"] == 50
    assert _problems({**REJECTED, "案件番号": "㍻" * 26}) == {(2, "案件番号", LegacyImportCode.INVALID_VALUE)}
    row = {**REJECTED, "案件番号": "H" * 51, "提案者": "髙" * 201, "不適合の理由": "理" * 2001}
    assert _problems(row) == {
        (2, "案件番号", LegacyImportCode.INVALID_VALUE),
        (2, "提案者", LegacyImportCode.INVALID_VALUE),
        (2, "不適合の理由", LegacyImportCode.INVALID_VALUE),
    }


# --------------------------------------------------------------------------------------------------
# The file as a whole
# --------------------------------------------------------------------------------------------------


def test_header_problems_are_all_reported() -> None:
    header = ["案件番号", "提案者", "提案日", "提案日", "状態", "通知日", "契約日", "提供日", "手数料"]
    problems = _refused((",".join(header) + "\r\nH29-1,A,2018-03-01\r\n").encode())
    assert {(p.line, p.column, p.code) for p in problems} == {
        (1, "個人情報ファイル", LegacyImportCode.MISSING_COLUMN),
        (1, "状況", LegacyImportCode.MISSING_COLUMN),
        (1, "状態", LegacyImportCode.UNKNOWN_COLUMN),
        (1, "提案日", LegacyImportCode.MALFORMED),
    }


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", LegacyImportCode.EMPTY, 0),
        (b"\xef\xbb\xbf\r\n  \r\n", LegacyImportCode.EMPTY, 0),
        (",".join(HEADER).encode() + b"\r\n,,,\r\n", LegacyImportCode.EMPTY, 0),  # a header and blank rows
        (",".join(HEADER).encode("utf-16"), LegacyImportCode.ENCODING, 0),  # Excel's 「Unicode テキスト」
        (",".join(HEADER).encode() + b"\r\nH\x00,x\r\n", LegacyImportCode.ENCODING, 2),
        (",".join(HEADER).encode() + b"\r\n\x80\x80\r\n", LegacyImportCode.ENCODING, 2),  # neither UTF-8 nor CP932
        (b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\r\n\xff\r\n", LegacyImportCode.ENCODING, 2),
        (",".join(HEADER).encode() + b'\r\n"H29-1,"A\r\n', LegacyImportCode.MALFORMED, 2),  # a stray quote
    ],
)
def test_files_that_cannot_be_read(data: bytes, code: LegacyImportCode, line: int) -> None:
    (problem,) = _refused(data)
    assert (problem.code, problem.line) == (code, line)


def test_a_row_with_more_cells_than_the_header() -> None:
    text = _csv(REJECTED).rstrip("\r\n") + ",余分\r\n"
    (problem,) = _refused(text.encode())
    assert (problem.line, problem.column, problem.code) == (2, "", LegacyImportCode.MALFORMED)
    assert "見出し22列、この行23列" in problem.reason


def test_max_rows() -> None:
    rows = [{**REJECTED, "案件番号": f"H29-{i:05d}"} for i in range(MAX_ROWS + 1)]
    assert len(_parse(*rows[:MAX_ROWS]).cases) == MAX_ROWS
    with pytest.raises(LegacyImportRefused) as info:
        _parse(*rows)
    (problem,) = info.value.problems
    assert problem.code is LegacyImportCode.TOO_MANY_ROWS
    assert f"{MAX_ROWS + 1:,}件" in problem.reason


def test_only_a_legacy_organization_imports_historic_cases() -> None:
    with pytest.raises(LegacyImportRefused) as info:
        parse_legacy_csv(PROFILES["kumamoto-city"], _csv(APPROVED).encode(), today=TODAY)
    assert [p.code for p in info.value.problems] == [LegacyImportCode.NOT_LEGACY]


def test_every_import_code_is_in_the_error_catalogue() -> None:
    documented = set(re.findall(r"`([a-z0-9_.]+)`", CATALOGUE.read_text(encoding="utf-8")))
    assert sorted(c.value for c in LegacyImportCode if c.value not in documented) == []


# --------------------------------------------------------------------------------------------------
# The documents: the old forms (別記様式第三〜第八) and the old articles (旧法44条の…)
# --------------------------------------------------------------------------------------------------

CURRENT_ACT = ("第114条", "第115条", "第118条", "平成15年法律第57号", "行政機関等匿名加工情報")
OLD_ACT = "行政機関の保有する個人情報の保護に関する法律（平成15年法律第58号。以下「法」という。）"


def _documents(row: dict[str, str]) -> dict[str, legacy.LegacyDocument]:
    (case,) = _parse(row).cases
    return {d.code: d for d in legacy_documents(LEGACY, case)}


def _assert_old_law_only(text: str) -> None:
    assert OLD_ACT in text
    for current in CURRENT_ACT:
        assert current not in text, current


def test_documents_of_an_approved_and_delivered_case() -> None:
    documents = _documents(APPROVED)
    assert list(documents) == ["approval_notice", "contract_application"]
    notice, application = documents["approval_notice"], documents["contract_application"]
    assert notice.label == "別記様式第三　審査結果通知書（適合）"
    assert notice.legal_basis == "旧法44条の7第2項、旧規則8条1項"
    assert notice.document.kind is DocumentKind.APPROVAL_NOTICE
    assert (notice.document.designation, notice.document.title) == ("別記様式第三", "審査結果通知書")
    assert notice.document.number == "国総第1号"
    assert notice.document.date_wareki == "平成30年6月1日"
    assert notice.document.addressee == "株式会社髙﨑データ　代表取締役 髙橋一郎　様"
    text = notice.document.plain_text()
    _assert_old_law_only(text)
    assert "第44条の7第1項各号に掲げる基準に適合すると認めたので、同条第2項の規定により" in text
    assert "法第44条の9の規定により、行政機関非識別加工情報の利用に関する契約を締結することができます。" in text
    assert "「行政機関非識別加工情報をその用に供して行う事業に関する提案書」（申告所得税ファイル）" in text  # 第一
    assert "（1）納付すべき手数料の額 | 60,920円" in text
    assert "手数料の額の内訳（旧法44条の13第1項、旧令25条1項）" in text
    assert "第三者に意見書提出の機会を与えた場合の加算 | 420円 | 2人 × 210円（旧法44条の8）" in text
    assert "作成に要する時間に応じた額 | 39,500円 | 9.5時間（1時間未満切上げ10時間）× 3,950円" in text
    assert "（3）手数料の納付期限 | 平成30年6月29日" in text
    assert "提供媒体: CD-R　提供方法: 窓口での受領" in text
    assert "行政機関非識別加工情報の利用に関する契約の締結の申込書（別記様式第四）" in text
    assert application.label == "別記様式第四　行政機関非識別加工情報の利用に関する契約の締結の申込書"
    assert application.legal_basis.startswith("旧法44条の9")
    assert application.document.designation == "別記様式第四"
    app_text = application.document.plain_text()
    _assert_old_law_only(app_text)
    assert "平成30年6月1日付け国総第1号の審査結果通知書により通知を受けたので" in app_text
    assert (
        "法」という。）第44条の9の規定による行政機関非識別加工情報の利用に関する契約の締結を申し込みます。" in app_text
    )
    assert "納付する手数料の額 | 60,920円" in app_text


def test_documents_of_a_rejected_case() -> None:
    documents = _documents(REJECTED)
    assert list(documents) == ["rejection_notice"]
    notice = documents["rejection_notice"]
    assert notice.label == "別記様式第五　審査結果通知書（不適合）"
    assert notice.legal_basis == "旧法44条の7第3項、旧規則8条3項"
    assert (notice.document.kind, notice.document.designation) == (DocumentKind.REJECTION_NOTICE, "別記様式第五")
    text = notice.document.plain_text()
    _assert_old_law_only(text)
    assert "第44条の7第1項第4号及び第6号に掲げる基準に適合しないと認めたので、同条第3項の規定により通知します。" in text
    assert "（法第44条の7第1項第4号） | 事業の内容が具体的でなく" in text
    assert "（法第44条の7第1項第6号）" in text
    assert "手数料" not in text


def test_documents_of_a_44_12_case() -> None:
    documents = _documents(REUSE)
    notice, application = documents["approval_notice"], documents["contract_application"]
    assert notice.label == "別記様式第七　審査結果通知書（適合）"
    assert notice.legal_basis == "旧法44条の12第2項、旧規則13条"
    assert notice.document.kind is DocumentKind.REUSE_APPROVAL_NOTICE
    text = notice.document.plain_text()
    _assert_old_law_only(text)
    # 別記様式第六's title, and the criteria 44条の12第2項 reads in (① and ④〜⑦)
    assert "「作成された行政機関非識別加工情報をその用に供して行う事業に関する提案書」" in text
    assert "第44条の12第2項において準用する法第44条の7第1項第1号及び第4号から第7号までに掲げる基準に適合する" in text
    assert "法第44条の12第2項において準用する法第44条の9の規定により" in text
    assert "手数料の額の内訳（旧法44条の13第2項、旧令25条2項）" in text
    assert "手数料の額（合計） | 60,920円 | 通知した額（内訳の記録なし）" in text
    assert "提供媒体: DVD-R　提供方法: 郵送" in text
    assert "第44条の12第2項において準用する法第44条の9" in application.document.plain_text()
    rejected = _documents(
        {**REUSE, "状況": "不適合", "手数料": "", "納付期限": ""} | {"不適合の基準": "⑦", "不適合の理由": "支障"}
    )
    (rejection,) = rejected.values()
    assert rejection.label == "別記様式第八　審査結果通知書（不適合）"
    assert rejection.document.kind is DocumentKind.REUSE_REJECTION_NOTICE
    assert "）第44条の12第2項において準用する法第44条の7第1項第7号に掲げる基準に適合しない" in (
        rejection.document.plain_text()
    )


def test_a_change_proposal_uses_the_44_12_forms() -> None:
    documents = _documents({**REUSE, "提案の種類": "変更", "手数料": "12,600"})
    assert documents["approval_notice"].label == "別記様式第七　審査結果通知書（適合）"
    assert "手数料の額（合計） | 12,600円" in documents["approval_notice"].document.plain_text()


@pytest.mark.parametrize("status", ["審査中", "取下げ"])
def test_a_case_never_notified_has_no_document(status: str) -> None:
    row = {**REJECTED, "状況": status, "通知日": "", "不適合の基準": "", "不適合の理由": ""}
    assert _documents(row) == {}


def test_the_forms_titles_follow_issue_11() -> None:
    """別記様式第一〜第八 as issue 11 lists them (the seed's form pages are OCR-garbled)."""
    forms = {kind: (spec.designation, spec.title) for kind, spec in LEGACY.forms.items()}
    assert forms[DocumentKind.PROPOSAL] == (
        "別記様式第一",
        "行政機関非識別加工情報をその用に供して行う事業に関する提案書",
    )
    assert forms[DocumentKind.PLEDGE] == ("別記様式第二", "誓約書")
    assert forms[DocumentKind.APPROVAL_NOTICE] == ("別記様式第三", "審査結果通知書")
    assert forms[DocumentKind.CONTRACT_APPLICATION][0] == "別記様式第四"
    assert forms[DocumentKind.CONTRACT_APPLICATION][1].endswith("契約の締結の申込書")
    assert forms[DocumentKind.REJECTION_NOTICE] == ("別記様式第五", "審査結果通知書")
    assert forms[DocumentKind.REUSE_PROPOSAL] == (
        "別記様式第六",
        "作成された行政機関非識別加工情報をその用に供して行う事業に関する提案書",
    )
    assert forms[DocumentKind.REUSE_APPROVAL_NOTICE] == ("別記様式第七", "審査結果通知書")
    assert forms[DocumentKind.REUSE_REJECTION_NOTICE] == ("別記様式第八", "審査結果通知書")


# --------------------------------------------------------------------------------------------------
# Arbitrary input never fails with anything but LegacyImportRefused
# --------------------------------------------------------------------------------------------------


def _parse_or_refuse(data: bytes) -> None:
    try:
        parsed = parse_legacy_csv(LEGACY, data, today=TODAY)
    except LegacyImportRefused as exc:
        problems = exc.problems
    else:
        for case in parsed.cases:
            legacy_documents(LEGACY, case)
        return
    assert problems
    assert all(p.reason for p in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_ever_raise_legacy_import_refused(data: bytes) -> None:
    _parse_or_refuse(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_after_a_good_header(data: bytes) -> None:
    _parse_or_refuse(",".join(HEADER).encode() + b"\r\n" + data)


_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "2018-03-01",
            "平成30年3月1日",
            "1800-01-01",
            "9999-12-31",
            "R99.1.1",
            "60,920",
            "9" * 30,
            "1e9999",
            "適合",
            "不適合",
            "提供済み",
            "契約解除",
            "利用",
            "変更",
            "④・⑥",
            "2",
            "CD-R",
            "郵送",
        ]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({h: _CELL for h in HEADER}), min_size=1, max_size=4))
def test_arbitrary_cells_only_ever_raise_legacy_import_refused(rows: list[dict[str, str]]) -> None:
    for encoding in ("utf-8", "utf-8-sig"):
        _parse_or_refuse(_csv(*rows).encode(encoding, errors="surrogatepass"))


# --------------------------------------------------------------------------------------------------
# The administrator's guide stays consistent with the code
# --------------------------------------------------------------------------------------------------

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "admin-legacy-import.md"


def test_the_guide_lists_every_column_as_the_code_defines_it() -> None:
    text = GUIDE.read_text(encoding="utf-8").split("## 3. 列の一覧", 1)[1].split("\n## ", 1)[0]
    rows = [
        f"| {c.header} | {'必須' if c.required_header else '任意'} | {c.description} | {c.max_length or '—'} |"
        for c in COLUMNS
    ]
    table = [line for line in text.splitlines() if line.startswith("| ") and line.split(" | ")[0][2:] in HEADER]
    assert table == rows


def test_the_guides_example_imports() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    example = text.split("```csv\n", 1)[1].split("```", 1)[0]
    cases = parse_legacy_csv(LEGACY, example.encode("utf-8"), today=TODAY).cases
    assert [c.status for c in cases] == [
        LegacyCaseStatus.DELIVERED,
        LegacyCaseStatus.REJECTED,
        LegacyCaseStatus.DELIVERED,
        LegacyCaseStatus.WITHDRAWN,
    ]
    assert cases[0].fee_yen == 21_000 + 13 * 3_950 + 210 == 72_560


def test_the_guide_lists_every_import_code() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert sorted(c.value for c in LegacyImportCode if f"`{c.value}`" not in text) == []
