"""Review of a proposal against the seven criteria (審査基準, 法114条1項) and the decision rule.

- The criteria ①〜⑦ as data (:data:`CRITERIA`): 法114条1項1〜7号, with 法113条 (disqualification), 規則56条
  (1,000 subjects), 規則62条 (processing standard, via 法116条1項), 規則57条 (period) and 規則58条 (no significant
  hindrance). A 法118条 proposal (``reuse`` / ``change``) is reviewed against ①④⑤⑥⑦ only (法118条2項 reading
  法114条1項 「第一号及び第四号から第七号まで」; Nara 要綱第3-1(2), Fukuoka 第11).
- One panel per applicable criterion with a finding (meets / does not meet / needs explanation) and the reasoning.
  :func:`decide_review` approves only when every applicable panel *meets*, rejects when at least one *does not meet*
  and none still *needs explanation*, requires the sign-off (決裁) of an approver other than the preparer, and — where
  the profile says so (Nara 要綱第2-5) — a prior consultation (事前協議) with the desk.
- Evidence computed by the system (never typed in): ① terminations under 法120条 within the 2-year window and the
  age of an individual (民法4条, 年齢計算ニ関スル法律, 民法143条), 法人番号 check digits; ② the subject count against
  規則56条 and the file's count at the solicitation's close (Fukuoka 第7-1(2)); ③ the engine's assessment, as passed
  in; ⑤ the period of use; ⑦ the recorded estimate and processor availability (規則58条, Fukuoka 第7-1(7)).

Pure: no I/O, no clock (dates are passed in), no Django, no engine.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.jp import cn as corporate_number

from tokumei.law.calendar import format_wareki
from tokumei.law.fees import WorkEstimate
from tokumei.law.intake import ProposalKind, ProposerKind, normalize_name
from tokumei.law.notices import review_criteria
from tokumei.law.organization import OrganizationProfile, Step
from tokumei.law.register import MINIMUM_SUBJECTS

__all__ = [
    "ADULT_AGE",
    "CRITERIA",
    "DISQUALIFICATION_YEARS",
    "PLEDGE_NOTE",
    "CreationMode",
    "CreationPlan",
    "Criterion",
    "CriterionSpec",
    "Evidence",
    "EvidenceCode",
    "EvidenceLine",
    "EvidenceSeverity",
    "FailedCriterion",
    "Finding",
    "Outcome",
    "PanelFinding",
    "PartyIdentity",
    "ReviewCode",
    "ReviewDecision",
    "ReviewError",
    "ReviewProblem",
    "ReviewRefused",
    "TerminationRecord",
    "age_on",
    "applicable_criteria",
    "blank_panels",
    "check_disqualification",
    "check_hindrance_record",
    "check_period_of_use",
    "check_subject_count",
    "corporate_number_problem",
    "date_attaining_age",
    "decide_review",
    "disqualification_window",
    "division_check_required",
    "in_disqualification_window",
    "is_adult_on",
    "processing_evidence",
    "review_problems",
    "years_after",
]

ADULT_AGE = 18
"""民法4条 「年齢十八歳をもって、成年とする。」 (in force 2022-04-01); 法113条1号 disqualifies minors."""

DISQUALIFICATION_YEARS = 2
"""法113条4号・5号 「…から起算して二年を経過しない者」."""


# --------------------------------------------------------------------------------------------------
# The criteria as data
# --------------------------------------------------------------------------------------------------


class Criterion(enum.StrEnum):
    """The seven review criteria of 法114条1項 (C1 = 1号 … C7 = 7号)."""

    C1 = "c1"
    C2 = "c2"
    C3 = "c3"
    C4 = "c4"
    C5 = "c5"
    C6 = "c6"
    C7 = "c7"

    @property
    def number(self) -> int:
        """The 号 of 法114条1項 (1〜7)."""
        return int(self.value[1:])

    @property
    def mark(self) -> str:
        """①〜⑦ as the notices print them."""
        return chr(0x2460 + self.number - 1)

    @property
    def spec(self) -> CriterionSpec:
        """The criterion's data row."""
        return CRITERIA[self]


_ALL_KINDS = frozenset(ProposalKind)
_NEW_ONLY = frozenset({ProposalKind.NEW})


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    """One criterion: mark, short title, legal basis, the text the notices print, guidance, and where it applies."""

    criterion: Criterion
    title: str
    legal_basis: str
    text: str
    guidance: str
    applies_to: frozenset[ProposalKind]

    @property
    def mark(self) -> str:
        """①〜⑦."""
        return self.criterion.mark

    def applies(self, kind: ProposalKind) -> bool:
        """Whether a proposal of ``kind`` is reviewed against this criterion (法118条2項)."""
        return kind in self.applies_to


_TEXTS = review_criteria()

CRITERIA: Mapping[Criterion, CriterionSpec] = MappingProxyType(
    {
        Criterion.C1: CriterionSpec(
            Criterion.C1,
            "欠格事由に該当しないこと",
            "法114条1項1号、法113条",
            _TEXTS[0],
            "誓約書と本人確認書類により確認する（Fukuoka 第7-1(1)）。法120条による解除の記録と年齢はシステムが照合し、"
            "それ以外の欠格事由は誓約書を根拠とする。",
            _ALL_KINDS,
        ),
        Criterion.C2: CriterionSpec(
            Criterion.C2,
            "本人の数",
            "法114条1項2号、規則56条",
            _TEXTS[1],
            "1,000人以上で、個人情報ファイルの本人の数（原則として募集期間終了時の数）以下であること"
            "（Fukuoka 第7-1(2)）。",
            _NEW_ONLY,
        ),
        Criterion.C3: CriterionSpec(
            Criterion.C3,
            "加工の方法",
            "法114条1項3号、法116条1項、規則62条",
            _TEXTS[2],
            "提案書から加工の方法が明確に特定でき、規則62条各号の基準に照らして適切であること。不明な点は説明又は訂正を"
            "求める（Fukuoka 第7-1(3)）。",
            _NEW_ONLY,
        ),
        Criterion.C4: CriterionSpec(
            Criterion.C4,
            "事業の目的及び内容",
            "法114条1項4号",
            _TEXTS[3],
            "事業が反社会的なもの、興味本位のもの等、利用の必要性が著しく乏しい場合は適合しない。提案者の利益に資する"
            "事業でも、事業活動を通じて新たな産業の創出等に資すれば適合し得る（Fukuoka 第7-1(4)）。",
            _ALL_KINDS,
        ),
        Criterion.C5: CriterionSpec(
            Criterion.C5,
            "利用期間",
            "法114条1項5号、規則57条",
            _TEXTS[4],
            "利用期間が利用目的、利用方法及び事業内容等からみて必要な期間であることを事業計画等により確認する"
            "（Fukuoka 第7-1(5)）。",
            _ALL_KINDS,
        ),
        Criterion.C6: CriterionSpec(
            Criterion.C6,
            "利用目的・方法及び安全管理の措置",
            "法114条1項6号",
            _TEXTS[5],
            "提供を受けた者は匿名加工情報として取り扱い、識別行為の禁止（法45条）と安全管理措置（法46条）の義務を負う"
            "ことに留意する（Fukuoka 第7-1(6)）。",
            _ALL_KINDS,
        ),
        Criterion.C7: CriterionSpec(
            Criterion.C7,
            "事務の遂行への著しい支障",
            "法114条1項7号、規則58条",
            _TEXTS[6],
            "著しい支障の例: 受託する事業者がなく自ら作成すると事務に著しい支障が及ぶ場合、紙媒体の部分を加工可能に"
            "する作業が膨大な場合、相当の時間にわたりシステムを停止しなければ作成できない場合（Fukuoka 第7-1(7)）。",
            _ALL_KINDS,
        ),
    }
)
"""法114条1項1〜7号 in order; for 法118条 proposals only ①④⑤⑥⑦ apply (法118条2項)."""


def applicable_criteria(kind: ProposalKind) -> tuple[CriterionSpec, ...]:
    """The criteria a proposal of ``kind`` is reviewed against, in order (法114条1項, 法118条2項)."""
    return tuple(spec for spec in CRITERIA.values() if spec.applies(kind))


class Finding(enum.StrEnum):
    """A panel's finding."""

    MEETS = "meets"
    DOES_NOT_MEET = "does_not_meet"
    NEEDS_EXPLANATION = "needs_explanation"
    """説明又は訂正を求める (規則54条7項): not a decision yet."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return {"meets": "適合", "does_not_meet": "不適合", "needs_explanation": "説明・訂正を求める"}[self.value]


# --------------------------------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------------------------------


class EvidenceSeverity(enum.StrEnum):
    """How an evidence line weighs on the panel."""

    INFO = "info"
    WARNING = "warning"
    """The division should look (e.g. a possible match, a period over the guideline); the panel may still meet."""
    BLOCKING = "blocking"
    """The panel cannot be recorded as *meets* while this holds."""


class EvidenceCode(enum.StrEnum):
    """Stable codes of evidence lines (``docs/errors.md``)."""

    PLEDGE_MISSING = "review.c1.pledge_missing"
    PLEDGE_BASIS = "review.c1.pledge_basis"
    TERMINATION_MATCH = "review.c1.termination_match"
    TERMINATION_EXPIRED = "review.c1.termination_expired"
    TERMINATION_POSSIBLE_MATCH = "review.c1.termination_possible_match"
    NO_TERMINATION = "review.c1.no_termination"
    MINOR = "review.c1.minor"
    AGE_CONFIRMED = "review.c1.age_confirmed"
    AGE_UNKNOWN = "review.c1.age_unknown"
    CORPORATE_NUMBER_INVALID = "review.c1.corporate_number_invalid"
    CORPORATE_NUMBER_MISSING = "review.c1.corporate_number_missing"
    SUBJECTS_MISSING = "review.c2.subjects_missing"
    FILE_COUNT_UNKNOWN = "review.c2.file_count_unknown"
    SUBJECTS_BELOW_MINIMUM = "review.c2.subjects_below_minimum"
    SUBJECTS_ABOVE_FILE = "review.c2.subjects_above_file"
    SUBJECTS_OK = "review.c2.subjects_ok"
    ASSESSMENT_MISSING = "review.c3.assessment_missing"
    ASSESSMENT_FAILED = "review.c3.assessment_failed"
    ASSESSMENT_PASSED = "review.c3.assessment_passed"
    PERIOD_MISSING = "review.c5.period_missing"
    PERIOD_REVERSED = "review.c5.period_reversed"
    PERIOD_OVER_GUIDELINE = "review.c5.period_over_guideline"
    PERIOD_OK = "review.c5.period_ok"
    CREATION_MODE_MISSING = "review.c7.creation_mode_missing"
    ESTIMATE_MISSING = "review.c7.estimate_missing"
    ESTIMATE_RECORDED = "review.c7.estimate_recorded"
    PROCESSOR_UNKNOWN = "review.c7.processor_unknown"
    NO_PROCESSOR = "review.c7.no_processor"
    PROCESSOR_QUOTE_MISSING = "review.c7.processor_quote_missing"
    PROCESSOR_AVAILABLE = "review.c7.processor_available"


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """One fact the system found, as a Japanese sentence with a stable code."""

    code: EvidenceCode
    message: str
    severity: EvidenceSeverity = EvidenceSeverity.INFO


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the system computed for one criterion, and the finding it suggests (``None``: no suggestion)."""

    criterion: Criterion
    suggested: Finding | None
    lines: tuple[EvidenceLine, ...]

    @property
    def blocks_meets(self) -> bool:
        """Whether a *meets* finding is refused while this evidence stands."""
        return any(line.severity is EvidenceSeverity.BLOCKING for line in self.lines)

    @property
    def codes(self) -> tuple[EvidenceCode, ...]:
        """The codes of the lines, in order."""
        return tuple(line.code for line in self.lines)

    def messages(self) -> tuple[str, ...]:
        """The sentences, in order."""
        return tuple(line.message for line in self.lines)


def _d(day: date) -> str:
    """A date as the messages print it (和暦)."""
    return format_wareki(day)


def _suggest(lines: Sequence[EvidenceLine], fail: bool, explain: bool) -> Finding | None:
    if fail:
        return Finding.DOES_NOT_MEET
    if explain:
        return Finding.NEEDS_EXPLANATION
    if any(line.severity is EvidenceSeverity.BLOCKING for line in lines):
        return None
    return Finding.MEETS


# --- dates: 民法143条, 年齢計算ニ関スル法律 ------------------------------------------------------------


def years_after(day: date, years: int) -> date:
    """The first day after a period of ``years`` years counted from ``day`` inclusive (民法143条).

    The period ends at the end of the day before the corresponding day (応当日) ``years`` later; when that month has
    no corresponding day (29 February in a common year) it ends on the month's last day (民法143条2項ただし書). So
    the returned day is the 応当日, or 1 March for a 29 February start.

    >>> years_after(date(2024, 4, 10), 2)
    datetime.date(2026, 4, 10)
    >>> years_after(date(2024, 2, 29), 2)
    datetime.date(2026, 3, 1)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → no 応当日
        return date(day.year + years, 3, 1)


def disqualification_window(termination_date: date) -> tuple[date, date]:
    """The half-open window ``[termination_date, termination_date + 2 years)`` of 法113条5号.

    「その解除の日から起算して二年を経過しない者」: counted from the termination day itself (起算), two years under
    民法143条 (see :func:`years_after`).
    """
    return termination_date, years_after(termination_date, DISQUALIFICATION_YEARS)


def in_disqualification_window(termination_date: date, proposal_date: date) -> bool:
    """``termination_date ≤ proposal_date < termination_date + 2 years`` (法113条5号)."""
    start, end = disqualification_window(termination_date)
    return start <= proposal_date < end


def date_attaining_age(birth_date: date, age: int) -> date:
    """The day on which a person attains ``age`` (年齢計算ニ関スル法律1項・2項, 民法143条).

    Age is counted from the day of birth, and a year of age is complete at the end of the day before the birthday's
    anniversary; so the age is attained on that day before (as for school entry, 学校教育法17条, and voting age). For
    29 February births the anniversary is missing in common years and the year ends on 28 February.

    >>> date_attaining_age(date(2008, 4, 2), 18)
    datetime.date(2026, 4, 1)
    >>> date_attaining_age(date(2008, 2, 29), 18)
    datetime.date(2026, 2, 28)
    """
    return years_after(birth_date, age) - timedelta(days=1)


def age_on(birth_date: date, day: date) -> int:
    """The age on ``day``: the largest ``n`` with :func:`date_attaining_age` ``(birth_date, n) ≤ day``.

    >>> age_on(date(2008, 4, 2), date(2026, 3, 31)), age_on(date(2008, 4, 2), date(2026, 4, 1))
    (17, 18)
    """
    if day < birth_date:
        msg = f"day {day.isoformat()} is before the birth date {birth_date.isoformat()}."
        raise ValueError(msg)
    age = day.year - birth_date.year + 1
    while age > 0 and date_attaining_age(birth_date, age) > day:
        age -= 1
    return age


def is_adult_on(birth_date: date, day: date) -> bool:
    """Whether the person is 18 or older on ``day`` (民法4条; 法113条1号 disqualifies 未成年者)."""
    return age_on(birth_date, day) >= ADULT_AGE


def corporate_number_problem(number: str) -> str | None:
    """``None`` if ``number`` is a valid 法人番号 (13 digits with its check digit), else the reason in Japanese.

    Uses ``stdnum.jp.cn`` (pure). Hyphens and spaces are ignored; full-width digits are accepted.
    """
    cleaned = unicodedata.normalize("NFKC", number)
    try:
        corporate_number.validate(cleaned)
    except StdnumValidationError as exc:
        reason = {
            "InvalidLength": "13桁ではありません",
            "InvalidFormat": "数字以外の文字が含まれています",
            "InvalidChecksum": "検査用数字（先頭の1桁）が一致しません",
        }.get(type(exc).__name__, "形式が正しくありません")
        return f"法人番号「{number}」は{reason}。登記事項証明書又は法人番号指定通知書で確認してください。"
    return None


# --- ① disqualification --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartyIdentity:
    """A person or body as checked for ①: an individual by name + birth date, a body by name + 法人番号."""

    kind: ProposerKind
    name: str
    birth_date: date | None = None
    """From an identity document (規則54条4項1号) where it shows one."""
    corporate_number: str | None = None

    def describe(self) -> str:
        """「株式会社〇〇（法人番号 …）」 / 「山田太郎（生年月日 …）」."""
        if self.kind is ProposerKind.INDIVIDUAL:
            return self.name + (f"（生年月日 {_d(self.birth_date)}）" if self.birth_date else "")
        return self.name + (f"（法人番号 {self.corporate_number}）" if self.corporate_number else "")


@dataclass(frozen=True, slots=True)
class TerminationRecord:
    """A use contract terminated under 法120条, as recorded by **any** organization of the installation."""

    party: PartyIdentity
    termination_date: date
    organization_name: str
    contract_reference: str = ""


class _Match(enum.Enum):
    SAME = "same"
    POSSIBLE = "possible"
    NONE = "none"


def _clean_number(number: str | None) -> str | None:
    if not number:
        return None
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", number) if ch.isdigit())
    return digits or None


def _match(party: PartyIdentity, recorded: PartyIdentity) -> _Match:
    if party.kind.is_body != recorded.kind.is_body:
        return _Match.NONE
    same_name = normalize_name(party.name) == normalize_name(recorded.name)
    if party.kind.is_body:
        mine, theirs = _clean_number(party.corporate_number), _clean_number(recorded.corporate_number)
        if mine and theirs:
            return _Match.SAME if mine == theirs else _Match.NONE
        return _Match.POSSIBLE if same_name else _Match.NONE
    if not same_name:
        return _Match.NONE
    if party.birth_date and recorded.birth_date:
        return _Match.SAME if party.birth_date == recorded.birth_date else _Match.NONE
    return _Match.POSSIBLE


PLEDGE_NOTE = (
    "法113条2号（精神の機能の障害）、3号（破産手続開始の決定を受けて復権を得ない者）、4号（拘禁刑以上の刑等）、"
    "生年月日が本人確認書類にない場合の1号（未成年者）及び他の機関・制度の情報は、このシステムでは確認できません。"
    "これらは提案者の誓約書（法112条3項1号、規則54条6項）を根拠として確認します。"
)
"""The panel's statement that the pledge is the basis for everything the system cannot see (issue 8)."""


def check_disqualification(
    proposer: PartyIdentity,
    officers: Sequence[PartyIdentity],
    terminations: Iterable[TerminationRecord],
    *,
    proposal_date: date,
    pledge_present: bool,
    joint: Sequence[PartyIdentity] = (),
) -> Evidence:
    """Evidence for ① (法114条1項1号, 法113条): pledge, 法120条 terminations in the 2-year window, age, 法人番号.

    The proposer, each joint proposer (共同提案者: each is a proposer, 法113条 applies to each) and each declared
    officer (as a person, 法113条6号) are matched against every recorded termination:
    a body by 法人番号 (by name only when a number is missing: a *possible* match), an individual by name and birth
    date (by name only when a birth date is missing: *possible*). A termination counts while
    ``termination_date ≤ proposal_date < termination_date + 2 years`` (法113条5号). An individual (proposer or
    officer) with a birth date must be 18 or older on the proposal date (法113条1号, 民法4条). A definite match or a
    minor suggests *does not meet*; a possible match, a missing pledge or a bad 法人番号 suggests *needs explanation*.
    """
    lines: list[EvidenceLine] = []
    fail = explain = False
    if not pledge_present:
        lines.append(
            EvidenceLine(
                EvidenceCode.PLEDGE_MISSING,
                "欠格事由に該当しないことを誓約する書面（誓約書、法112条3項1号）がありません。提出を求めてください"
                "（規則54条7項）。",
                EvidenceSeverity.BLOCKING,
            )
        )
        explain = True
    if proposer.kind.is_body:
        if proposer.corporate_number:
            problem = corporate_number_problem(proposer.corporate_number)
            if problem:
                lines.append(EvidenceLine(EvidenceCode.CORPORATE_NUMBER_INVALID, problem, EvidenceSeverity.BLOCKING))
                explain = True
        elif proposer.kind is ProposerKind.CORPORATION:
            lines.append(
                EvidenceLine(
                    EvidenceCode.CORPORATE_NUMBER_MISSING,
                    f"{proposer.name}の法人番号が記録されていないため、契約解除の記録とは名称だけで照合しました。",
                    EvidenceSeverity.WARNING,
                )
            )
    records = tuple(terminations)
    people: list[tuple[PartyIdentity, str]] = [(proposer, "提案者")]
    people += [(party, f"共同提案者{i + 1}") for i, party in enumerate(joint)]
    people += [(officer, "役員") for officer in officers]
    for party, role in people:
        is_officer = role == "役員"
        ground = "法113条6号（役員が同条5号に該当）" if is_officer else "法113条5号"
        found = False
        for record in records:
            match = _match(party, record.party)
            if match is _Match.NONE:
                continue
            start, end = disqualification_window(record.termination_date)
            last = end - timedelta(days=1)
            where = f"{record.organization_name}" + (
                f"（契約 {record.contract_reference}）" if record.contract_reference else ""
            )
            if not start <= proposal_date < end:
                if match is _Match.SAME and proposal_date >= end:
                    lines.append(
                        EvidenceLine(
                            EvidenceCode.TERMINATION_EXPIRED,
                            f"{role} {party.describe()} は{where}により{_d(start)}に契約を解除されていますが、"
                            f"提案の日（{_d(proposal_date)}）には解除の日から2年を経過しています"
                            f"（{_d(last)}まで）。",
                        )
                    )
                continue
            found = True
            if match is _Match.SAME:
                fail = True
                lines.append(
                    EvidenceLine(
                        EvidenceCode.TERMINATION_MATCH,
                        f"{role} {party.describe()} は{where}により{_d(start)}に法120条の規定により契約を"
                        f"解除されており、提案の日（{_d(proposal_date)}）において解除の日から2年を経過して"
                        f"いません（{_d(last)}まで）。{ground}に該当します。",
                        EvidenceSeverity.BLOCKING,
                    )
                )
            else:
                explain = True
                lines.append(
                    EvidenceLine(
                        EvidenceCode.TERMINATION_POSSIBLE_MATCH,
                        f"{role} {party.describe()} と同じ名称の者が{where}により{_d(start)}に契約を解除されて"
                        f"います（{_d(last)}まで2年以内）。生年月日又は法人番号で同一人かどうかを確認して"
                        "ください。",
                        EvidenceSeverity.WARNING,
                    )
                )
        if not found:
            lines.append(
                EvidenceLine(
                    EvidenceCode.NO_TERMINATION,
                    f"{role} {party.describe()} について、提案の日前2年以内に法120条の規定により契約を解除された記録は"
                    "ありません。",
                )
            )
        if party.kind is ProposerKind.INDIVIDUAL:
            if party.birth_date is None:
                lines.append(
                    EvidenceLine(
                        EvidenceCode.AGE_UNKNOWN,
                        f"{role} {party.name} の生年月日が記録されていないため、年齢は誓約書により確認します。",
                    )
                )
            elif proposal_date < party.birth_date or not is_adult_on(party.birth_date, proposal_date):
                fail = True
                age = age_on(party.birth_date, proposal_date) if proposal_date >= party.birth_date else 0
                adult_day = date_attaining_age(party.birth_date, ADULT_AGE)
                lines.append(
                    EvidenceLine(
                        EvidenceCode.MINOR,
                        f"{role} {party.name} は提案の日（{_d(proposal_date)}）において{age}歳であり、"
                        f"未成年者です（民法4条、{'法113条6号' if is_officer else '法113条1号'}）。"
                        f"18歳に達するのは{_d(adult_day)}です。",
                        EvidenceSeverity.BLOCKING,
                    )
                )
            else:
                lines.append(
                    EvidenceLine(
                        EvidenceCode.AGE_CONFIRMED,
                        f"{role} {party.name} は提案の日において{age_on(party.birth_date, proposal_date)}歳です"
                        "（民法4条、年齢計算ニ関スル法律）。",
                    )
                )
    lines.append(EvidenceLine(EvidenceCode.PLEDGE_BASIS, PLEDGE_NOTE))
    return Evidence(Criterion.C1, _suggest(lines, fail, explain), tuple(lines))


# --- ② subject count -------------------------------------------------------------------------------


def check_subject_count(requested: int | None, file_subject_count: int | None) -> Evidence:
    """Evidence for ② (法114条1項2号, 規則56条): ``1,000 ≤ requested ≤ the file's count fixed at the close``.

    ``file_subject_count`` is the count taken, 「原則として」, at the end of the solicitation period (Fukuoka
    第7-1(2)); ``None`` while it has not been fixed.
    """
    lines: list[EvidenceLine] = []
    fail = explain = False
    if requested is None:
        explain = True
        lines.append(
            EvidenceLine(
                EvidenceCode.SUBJECTS_MISSING,
                "提案に係る本人の数が記載されていません。記載を求めてください（法112条2項3号、規則54条7項）。",
                EvidenceSeverity.BLOCKING,
            )
        )
    if file_subject_count is None:
        lines.append(
            EvidenceLine(
                EvidenceCode.FILE_COUNT_UNKNOWN,
                "個人情報ファイルの本人の数（募集期間終了時の数）がまだ確定していません。募集の締切後に確定してください。",
                EvidenceSeverity.BLOCKING,
            )
        )
    if requested is not None:
        if requested < MINIMUM_SUBJECTS:
            fail = True
            lines.append(
                EvidenceLine(
                    EvidenceCode.SUBJECTS_BELOW_MINIMUM,
                    f"提案に係る本人の数（{requested:,}人）が規則56条で定める数（{MINIMUM_SUBJECTS:,}人）に満たないため、"
                    "法114条1項2号の基準に適合しません。",
                    EvidenceSeverity.BLOCKING,
                )
            )
        if file_subject_count is not None and requested > file_subject_count:
            fail = True
            lines.append(
                EvidenceLine(
                    EvidenceCode.SUBJECTS_ABOVE_FILE,
                    f"提案に係る本人の数（{requested:,}人）が個人情報ファイルを構成する保有個人情報の本人の数"
                    f"（募集期間終了時 {file_subject_count:,}人）を超えているため、法114条1項2号の基準に適合しません。",
                    EvidenceSeverity.BLOCKING,
                )
            )
        if not fail and file_subject_count is not None:
            lines.append(
                EvidenceLine(
                    EvidenceCode.SUBJECTS_OK,
                    f"提案に係る本人の数（{requested:,}人）は{MINIMUM_SUBJECTS:,}人以上で、個人情報ファイルの本人の数"
                    f"（募集期間終了時 {file_subject_count:,}人）以下です。",
                )
            )
    return Evidence(Criterion.C2, _suggest(lines, fail, explain), tuple(lines))


# --- ③ processing method ---------------------------------------------------------------------------


def processing_evidence(
    passed: bool | None, *, failures: Sequence[str] = (), suggestion: str = "", report_reference: str = ""
) -> Evidence:
    """Evidence for ③ (法114条1項3号, 規則62条) from the engine's assessment of the proposal's recipe.

    ``passed`` is the assessment's verdict on the real file (``None`` while the job has not finished); ``failures``
    the report's failing items, ``suggestion`` the least coarsening that would pass (from ``search``), for the
    division to explain to the proposer. The web layer runs the engine; this function only words the result.
    """
    where = f"（報告書 {report_reference}）" if report_reference else ""
    if passed is None:
        line = EvidenceLine(
            EvidenceCode.ASSESSMENT_MISSING,
            "加工の方法の評価（規則62条の基準への適合）がまだ完了していません。評価の完了を待ってください。",
            EvidenceSeverity.BLOCKING,
        )
        return Evidence(Criterion.C3, None, (line,))
    if passed:
        line = EvidenceLine(
            EvidenceCode.ASSESSMENT_PASSED,
            f"提案の加工の方法を実際の個人情報ファイルに適用した評価で、規則62条の基準を満たしました{where}。",
        )
        return Evidence(Criterion.C3, Finding.MEETS, (line,))
    detail = "、".join(failures)
    text = f"提案の加工の方法では規則62条の基準を満たしません{where}。" + (f"問題: {detail}。" if detail else "")
    if suggestion:
        text += f"基準を満たす最小の加工の例: {suggestion}。"
    line = EvidenceLine(EvidenceCode.ASSESSMENT_FAILED, text, EvidenceSeverity.BLOCKING)
    return Evidence(Criterion.C3, Finding.DOES_NOT_MEET, (line,))


# --- ⑤ period of use --------------------------------------------------------------------------------


def check_period_of_use(use_from: date | None, use_to: date | None, *, guideline_years: int | None = None) -> Evidence:
    """Evidence for ⑤ (法114条1項5号, 規則57条): the period is present and consistent; flag it over the guideline.

    Whether the period is what the purpose needs is the division's judgment; the system checks the form and, when
    the organization has a guideline of ``guideline_years`` years (none by default), flags a longer period for an
    explanation. A period of N years from ``use_from`` ends the day before its anniversary (民法143条).
    """
    lines: list[EvidenceLine] = []
    if use_from is None or use_to is None:
        missing = "始期" if use_from is None else "終期"
        if use_from is None and use_to is None:
            missing = "始期及び終期"
        lines.append(
            EvidenceLine(
                EvidenceCode.PERIOD_MISSING,
                f"利用期間の{missing}が記載されていません。記載を求めてください（法112条2項6号、規則54条7項）。",
                EvidenceSeverity.BLOCKING,
            )
        )
        return Evidence(Criterion.C5, Finding.NEEDS_EXPLANATION, tuple(lines))
    if use_to < use_from:
        lines.append(
            EvidenceLine(
                EvidenceCode.PERIOD_REVERSED,
                f"利用期間の終期（{_d(use_to)}）が始期（{_d(use_from)}）より前です。訂正を求めて"
                "ください（規則54条7項）。",
                EvidenceSeverity.BLOCKING,
            )
        )
        return Evidence(Criterion.C5, Finding.NEEDS_EXPLANATION, tuple(lines))
    days = (use_to - use_from).days + 1
    explain = False
    if guideline_years is not None and use_to >= years_after(use_from, guideline_years):
        explain = True
        limit = years_after(use_from, guideline_years) - timedelta(days=1)
        lines.append(
            EvidenceLine(
                EvidenceCode.PERIOD_OVER_GUIDELINE,
                f"利用期間（{_d(use_from)}〜{_d(use_to)}）が組織の目安（{guideline_years}年、"
                f"{_d(limit)}まで）を超えています。事業の目的・方法からみて必要な期間であるか説明を求めて"
                "ください（規則57条）。",
                EvidenceSeverity.WARNING,
            )
        )
    else:
        lines.append(
            EvidenceLine(
                EvidenceCode.PERIOD_OK,
                f"利用期間は{_d(use_from)}から{_d(use_to)}まで（{days}日間）です。事業の目的・方法から"
                "みて必要な期間かどうかを判断してください（規則57条）。",
            )
        )
    return Evidence(Criterion.C5, Finding.NEEDS_EXPLANATION if explain else None, tuple(lines))


# --- ⑦ hindrance ------------------------------------------------------------------------------------


class CreationMode(enum.StrEnum):
    """Who creates the dataset: decided before the notice (Nara 要綱第2-6)."""

    IN_HOUSE = "in_house"
    OUTSOURCED = "outsourced"
    """法116条2項; a processor under a contract conditional on the use contract (停止条件, Nara §10(2))."""

    @property
    def label(self) -> str:
        """Japanese label."""
        return "自ら作成" if self is CreationMode.IN_HOUSE else "作成を委託"


@dataclass(frozen=True, slots=True)
class CreationPlan:
    """What ⑦ records: in-house or outsourced, the estimated hours, and whether a processor is available."""

    mode: CreationMode | None
    estimate: WorkEstimate | None
    processor_available: bool | None = None
    processor_name: str = ""
    processor_quote_yen: int | None = None
    """The processor's quote, examined by the division (Nara §10(2)); it becomes the fee's outsourcing amount."""


def check_hindrance_record(plan: CreationPlan) -> Evidence:
    """Evidence for ⑦ (法114条1項7号, 規則58条): the hours and the processor's availability are recorded.

    Missing records block a *meets* finding. No processor available is flagged with Fukuoka 第7-1(7)ア's example
    (no processor and creating it in-house would significantly hinder the work); the judgment is the division's.
    """
    lines: list[EvidenceLine] = []
    if plan.mode is None:
        lines.append(
            EvidenceLine(
                EvidenceCode.CREATION_MODE_MISSING,
                "自ら作成するか委託するかを決めて記録してください（手数料の積算の前提、Nara 要綱第2-6）。",
                EvidenceSeverity.BLOCKING,
            )
        )
    if plan.estimate is None:
        lines.append(
            EvidenceLine(
                EvidenceCode.ESTIMATE_MISSING,
                "作成に要する時間の見積り（工数）を記録してください（令31条1項、Fukuoka 第7-2(1)イ）。",
                EvidenceSeverity.BLOCKING,
            )
        )
    else:
        total = plan.estimate.total_hours
        lines.append(
            EvidenceLine(
                EvidenceCode.ESTIMATE_RECORDED,
                f"作成に要する時間の見積りは{total.normalize():f}時間（1時間未満切上げ{plan.estimate.started_hours}時間）"
                "です。",
            )
        )
    if plan.mode is CreationMode.OUTSOURCED:
        if plan.processor_available is None:
            lines.append(
                EvidenceLine(
                    EvidenceCode.PROCESSOR_UNKNOWN,
                    "委託先となる事業者がいるかどうかを記録してください（規則58条）。",
                    EvidenceSeverity.BLOCKING,
                )
            )
        elif not plan.processor_available:
            lines.append(
                EvidenceLine(
                    EvidenceCode.NO_PROCESSOR,
                    "作成業務を受託する事業者がいません。自ら作成すると事務の遂行に著しい支障が及ぶ場合は、この基準に"
                    "適合しません（規則58条、Fukuoka 第7-1(7)ア）。",
                    EvidenceSeverity.WARNING,
                )
            )
        else:
            name = plan.processor_name or "委託先"
            lines.append(EvidenceLine(EvidenceCode.PROCESSOR_AVAILABLE, f"{name}が作成を受託できます。"))
            if plan.processor_quote_yen is None:
                lines.append(
                    EvidenceLine(
                        EvidenceCode.PROCESSOR_QUOTE_MISSING,
                        "委託料の見積額を記録してください"
                        "（審査結果の通知前に手数料を積算するため、Nara 要綱第2-10(2)）。",
                        EvidenceSeverity.WARNING,
                    )
                )
    return Evidence(Criterion.C7, None, tuple(lines))


# --------------------------------------------------------------------------------------------------
# Starting the review
# --------------------------------------------------------------------------------------------------


def division_check_required(profile: OrganizationProfile) -> bool:
    """Whether the owning division's detailed check of the items and attachments (提案書・添付書類の確認) is a step
    of its own after the intake, which the review must wait for.

    So where the profile gives the check to another actor than the intake (Nara 要綱第2-4: 県民サービス課 receives,
    the 主管課 checks the items, the identity documents and the attachments before reviewing). Where the desk both
    receives and checks (Fukuoka 第6-1, the national default), the check is part of the intake itself.
    """
    return profile.responsibility(Step.PROPOSAL_CHECK).performer is not profile.responsibility(Step.INTAKE).performer


# --------------------------------------------------------------------------------------------------
# The decision
# --------------------------------------------------------------------------------------------------


class ReviewCode(enum.StrEnum):
    """Stable codes of the decision's problems (``docs/errors.md``)."""

    PANEL_MISSING = "review.panel_missing"
    PANEL_UNDECIDED = "review.panel_undecided"
    EXPLANATION_PENDING = "review.explanation_pending"
    REASON_REQUIRED = "review.reason_required"
    CRITERION_NOT_APPLICABLE = "review.criterion_not_applicable"
    CONTRADICTS_EVIDENCE = "review.finding_contradicts_evidence"
    APPROVER_REQUIRED = "review.approver_required"
    SAME_APPROVER = "review.same_approver"
    PRIOR_CONSULTATION_REQUIRED = "review.prior_consultation_required"


@dataclass(frozen=True, slots=True)
class PanelFinding:
    """One panel as the division records it: the finding (``None`` = not yet), the reasoning, the evidence."""

    criterion: Criterion
    finding: Finding | None
    reasoning: str = ""
    evidence: Evidence | None = None


def blank_panels(kind: ProposalKind) -> tuple[PanelFinding, ...]:
    """One undecided panel per applicable criterion (the review workspace's starting state)."""
    return tuple(PanelFinding(spec.criterion, None) for spec in applicable_criteria(kind))


@dataclass(frozen=True, slots=True)
class ReviewProblem:
    """Why a decision cannot be recorded yet (Japanese message, stable code, the panel concerned)."""

    code: ReviewCode
    message: str
    criterion: Criterion | None = None


class ReviewError(Exception):
    """Base of this module's errors."""


class ReviewRefused(ReviewError, ValueError):
    """The decision cannot be recorded; ``problems`` lists every reason at once."""

    def __init__(self, problems: Sequence[ReviewProblem]) -> None:
        self.problems = tuple(problems)
        self.code = self.problems[0].code if self.problems else ReviewCode.PANEL_MISSING
        head = f"審査結果を決定できません（{len(self.problems)}件）。"
        super().__init__("\n".join([head, *(f"- {p.message}" for p in self.problems)]))


class Outcome(enum.StrEnum):
    """The decision: every applicable criterion met (法114条2項) or not (法114条3項)."""

    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """Japanese label."""
        return "審査基準に適合" if self is Outcome.APPROVED else "審査基準に不適合"


@dataclass(frozen=True, slots=True)
class FailedCriterion:
    """A criterion not met and the concrete reason the rejection notice prints (Nara 要綱第2-8, Fukuoka 第7-3(2))."""

    criterion: Criterion
    reason: str


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """A decision signed off (決裁): outcome, failed criteria with reasons, preparer and approver."""

    kind: ProposalKind
    outcome: Outcome
    failed: tuple[FailedCriterion, ...]
    preparer: str
    approver: str


def review_problems(
    profile: OrganizationProfile,
    kind: ProposalKind,
    panels: Sequence[PanelFinding],
    *,
    preparer: str,
    approver: str | None,
    prior_consultation_done: bool = False,
) -> tuple[ReviewProblem, ...]:
    """Every reason the decision cannot be recorded yet; empty when :func:`decide_review` will succeed.

    - a panel for each applicable criterion (法114条1項; 法118条2項: ①④⑤⑥⑦), none for another;
    - every panel decided, none still *needs explanation* (規則54条7項: ask, wait for the answer, then decide);
    - a reason on every *does not meet* (法114条3項 「理由を付して」, stated concretely);
    - no *meets* while the system's evidence blocks it;
    - an approver (決裁) who is not the preparer;
    - the prior consultation with the desk where the profile requires it (Nara 要綱第2-5 事前協議).
    """
    problems: list[ReviewProblem] = []
    by_criterion = {panel.criterion: panel for panel in panels}
    applicable = {spec.criterion for spec in applicable_criteria(kind)}
    for criterion in sorted(set(by_criterion) - applicable, key=lambda c: c.number):
        problems.append(
            ReviewProblem(
                ReviewCode.CRITERION_NOT_APPLICABLE,
                f"{criterion.mark}（{criterion.spec.title}）は{kind.label}の審査基準ではありません（法118条2項）。"
                "この欄を削除してください。",
                criterion,
            )
        )
    for spec in applicable_criteria(kind):
        panel = by_criterion.get(spec.criterion)
        name = f"{spec.mark}（{spec.title}）"
        if panel is None:
            problems.append(ReviewProblem(ReviewCode.PANEL_MISSING, f"{name}の審査欄がありません。", spec.criterion))
            continue
        if panel.finding is None:
            problems.append(
                ReviewProblem(
                    ReviewCode.PANEL_UNDECIDED, f"{name}の判断（適合・不適合）を記入してください。", spec.criterion
                )
            )
        elif panel.finding is Finding.NEEDS_EXPLANATION:
            problems.append(
                ReviewProblem(
                    ReviewCode.EXPLANATION_PENDING,
                    f"{name}は説明・訂正を求めている状態です。回答を確認して適合か不適合かを判断してください。",
                    spec.criterion,
                )
            )
        elif panel.finding is Finding.DOES_NOT_MEET and not panel.reasoning.strip():
            problems.append(
                ReviewProblem(
                    ReviewCode.REASON_REQUIRED,
                    f"{name}が不適合である理由を、どのような理由から適合しないと認めたのか具体的に記入してください"
                    "（法114条3項）。",
                    spec.criterion,
                )
            )
        elif panel.finding is Finding.MEETS and panel.evidence is not None and panel.evidence.blocks_meets:
            reasons = "／".join(
                line.message for line in panel.evidence.lines if line.severity is EvidenceSeverity.BLOCKING
            )
            problems.append(
                ReviewProblem(
                    ReviewCode.CONTRADICTS_EVIDENCE,
                    f"{name}はシステムの確認結果と矛盾するため適合にできません: {reasons}",
                    spec.criterion,
                )
            )
    if profile.procedure.review_requires_prior_consultation and not prior_consultation_done:
        desk = profile.reception_desk.short_name
        problems.append(
            ReviewProblem(
                ReviewCode.PRIOR_CONSULTATION_REQUIRED,
                f"審査の前に{desk}との事前協議を記録してください（{profile.responsibility(Step.REVIEW).source}）。",
            )
        )
    if not approver:
        problems.append(ReviewProblem(ReviewCode.APPROVER_REQUIRED, "決裁者を指定してください（起案者とは別の職員）。"))
    elif approver == preparer:
        problems.append(
            ReviewProblem(
                ReviewCode.SAME_APPROVER,
                "起案者と決裁者が同じです。起案した職員とは別の職員が決裁してください。",
            )
        )
    return tuple(problems)


def decide_review(
    profile: OrganizationProfile,
    kind: ProposalKind,
    panels: Sequence[PanelFinding],
    *,
    preparer: str,
    approver: str | None,
    prior_consultation_done: bool = False,
) -> ReviewDecision:
    """The decision (法114条2項 approve / 3項 reject), or :class:`ReviewRefused` listing every problem.

    Approved only when every applicable panel *meets*; rejected when at least one *does not meet*, listing each
    failed criterion with its reason (in ①〜⑦ order). See :func:`review_problems` for the preconditions.
    """
    problems = review_problems(
        profile, kind, panels, preparer=preparer, approver=approver, prior_consultation_done=prior_consultation_done
    )
    if problems:
        raise ReviewRefused(problems)
    assert approver is not None  # checked by review_problems
    failed = tuple(
        FailedCriterion(panel.criterion, panel.reasoning.strip())
        for panel in sorted(panels, key=lambda p: p.criterion.number)
        if panel.finding is Finding.DOES_NOT_MEET
    )
    outcome = Outcome.REJECTED if failed else Outcome.APPROVED
    return ReviewDecision(kind, outcome, failed, preparer, approver)
