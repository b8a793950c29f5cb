"""Review against the seven criteria (法114条1項): criteria as data, evidence, the decision rule, the state table."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokumei.law.fees import WorkEstimate
from tokumei.law.intake import ProposalKind, ProposerKind
from tokumei.law.notices import review_criteria
from tokumei.law.organization import OrganizationProfile
from tokumei.law.review import (
    CRITERIA,
    PLEDGE_NOTE,
    CreationMode,
    CreationPlan,
    Criterion,
    EvidenceCode,
    EvidenceSeverity,
    Finding,
    Outcome,
    PanelFinding,
    PartyIdentity,
    ReviewCode,
    ReviewRefused,
    TerminationRecord,
    age_on,
    applicable_criteria,
    blank_panels,
    check_disqualification,
    check_hindrance_record,
    check_period_of_use,
    check_subject_count,
    corporate_number_problem,
    date_attaining_age,
    decide_review,
    disqualification_window,
    division_check_required,
    in_disqualification_window,
    is_adult_on,
    processing_evidence,
    review_problems,
    years_after,
)
from tokumei.law.transitions import (
    REVIEW_TRANSITIONS,
    InvalidTransition,
    ReviewState,
    check_review_transition,
)
from tokumei.profiles import load_builtin_profiles

GOLDEN = Path(__file__).parent / "golden"
PROFILES: dict[str, OrganizationProfile] = load_builtin_profiles()
NARA = PROFILES["nara-police"]
FUKUOKA = PROFILES["fukuoka-police"]
PROPOSAL_DAY = date(2026, 1, 15)
VALID_CN = "7000012050002"  # 国税庁's published 法人番号 (check digit 7)


def _csv(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the criteria as data ----------------------------------------------------------------------------


def test_seven_criteria_in_order_with_marks_and_bases() -> None:
    assert [c.mark for c in CRITERIA] == list("①②③④⑤⑥⑦")
    assert [spec.text for spec in CRITERIA.values()] == list(review_criteria())
    assert CRITERIA[Criterion.C2].legal_basis == "法114条1項2号、規則56条"
    assert "規則62条" in CRITERIA[Criterion.C3].legal_basis
    assert "規則57条" in CRITERIA[Criterion.C5].legal_basis
    assert "規則58条" in CRITERIA[Criterion.C7].legal_basis
    assert "法113条" in CRITERIA[Criterion.C1].legal_basis


@pytest.mark.parametrize(
    ("kind", "marks"),
    [
        (ProposalKind.NEW, "①②③④⑤⑥⑦"),
        (ProposalKind.REUSE, "①④⑤⑥⑦"),
        (ProposalKind.CHANGE, "①④⑤⑥⑦"),
    ],
)
def test_118_proposals_skip_count_and_method(kind: ProposalKind, marks: str) -> None:
    # 法118条2項: 「第一号及び第四号から第七号まで」
    assert "".join(spec.mark for spec in applicable_criteria(kind)) == marks
    assert [p.criterion for p in blank_panels(kind)] == [s.criterion for s in applicable_criteria(kind)]


# --- dates: age and the disqualification window ----------------------------------------------------


@pytest.mark.parametrize("row", _csv("review_ages.csv"), ids=lambda r: f"{r['birth_date']}@{r['on']}")
def test_golden_ages(row: dict[str, str]) -> None:
    birth, on = date.fromisoformat(row["birth_date"]), date.fromisoformat(row["on"])
    assert age_on(birth, on) == int(row["age"])
    assert is_adult_on(birth, on) is (row["adult"] == "True")


@pytest.mark.parametrize(
    "row", _csv("review_disqualification.csv"), ids=lambda r: f"{r['termination_date']}@{r['proposal_date']}"
)
def test_golden_disqualification_window(row: dict[str, str]) -> None:
    terminated, proposed = date.fromisoformat(row["termination_date"]), date.fromisoformat(row["proposal_date"])
    assert in_disqualification_window(terminated, proposed) is (row["disqualified"] == "True")
    start, end = disqualification_window(terminated)
    assert start == terminated
    assert end.toordinal() - 1 == date.fromisoformat(row["last_day"]).toordinal()


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)), st.integers(min_value=1, max_value=60))
def test_age_increases_exactly_on_the_day_before_the_anniversary(birth: date, n: int) -> None:
    day = date_attaining_age(birth, n)
    assert age_on(birth, day) == n
    assert age_on(birth, date.fromordinal(day.toordinal() - 1)) == n - 1
    assert years_after(birth, n) > day


def test_corporate_number_check_digit() -> None:
    assert corporate_number_problem(VALID_CN) is None
    assert corporate_number_problem("７００００１２０５０００２") is None  # full-width digits
    bad = corporate_number_problem("7000012050001")
    assert bad is not None
    assert "検査用数字" in bad
    short = corporate_number_problem("123")
    assert short is not None
    assert "13桁" in short


# --- ① evidence ------------------------------------------------------------------------------------

COMPANY = PartyIdentity(ProposerKind.CORPORATION, "株式会社奈良データ", corporate_number=VALID_CN)
OFFICER = PartyIdentity(ProposerKind.INDIVIDUAL, "奈良 一郎", date(1980, 5, 5))


def _terminated(party: PartyIdentity, on: date) -> TerminationRecord:
    return TerminationRecord(party, on, "福岡県警察本部長", "福警第3号")


def test_clean_proposer_meets_with_the_pledge_note() -> None:
    evidence = check_disqualification(COMPANY, [OFFICER], [], proposal_date=PROPOSAL_DAY, pledge_present=True)
    assert evidence.suggested is Finding.MEETS
    assert not evidence.blocks_meets
    assert evidence.codes[-1] is EvidenceCode.PLEDGE_BASIS
    assert PLEDGE_NOTE in evidence.messages()
    assert "誓約書" in PLEDGE_NOTE
    assert "このシステムでは確認できません" in PLEDGE_NOTE


def test_termination_by_another_organization_within_two_years_by_corporate_number() -> None:
    renamed = PartyIdentity(ProposerKind.CORPORATION, "株式会社旧名称", corporate_number="7000-0120-50002")
    evidence = check_disqualification(
        COMPANY, [], [_terminated(renamed, date(2024, 6, 1))], proposal_date=PROPOSAL_DAY, pledge_present=True
    )
    assert evidence.suggested is Finding.DOES_NOT_MEET
    assert EvidenceCode.TERMINATION_MATCH in evidence.codes
    assert evidence.blocks_meets
    assert "法113条5号" in evidence.messages()[0]
    assert "福岡県警察本部長" in evidence.messages()[0]


def test_same_name_other_corporate_number_is_not_a_match() -> None:
    other = PartyIdentity(ProposerKind.CORPORATION, "株式会社奈良データ", corporate_number="2000012010019")
    evidence = check_disqualification(
        COMPANY, [], [_terminated(other, date(2025, 1, 1))], proposal_date=PROPOSAL_DAY, pledge_present=True
    )
    assert evidence.suggested is Finding.MEETS


def test_expired_termination_is_reported_but_does_not_block() -> None:
    evidence = check_disqualification(
        COMPANY, [], [_terminated(COMPANY, date(2024, 1, 15))], proposal_date=PROPOSAL_DAY, pledge_present=True
    )
    assert EvidenceCode.TERMINATION_EXPIRED in evidence.codes
    assert evidence.suggested is Finding.MEETS


def test_officer_terminated_as_a_person_disqualifies_the_corporation() -> None:
    evidence = check_disqualification(
        COMPANY, [OFFICER], [_terminated(OFFICER, date(2025, 3, 1))], proposal_date=PROPOSAL_DAY, pledge_present=True
    )
    assert evidence.suggested is Finding.DOES_NOT_MEET
    match = next(line for line in evidence.lines if line.code is EvidenceCode.TERMINATION_MATCH)
    assert "役員" in match.message
    assert "法113条6号" in match.message


def test_name_only_match_needs_explanation() -> None:
    no_birth = PartyIdentity(ProposerKind.INDIVIDUAL, "奈良　一郎")  # full-width space, no birth date
    evidence = check_disqualification(
        COMPANY, [OFFICER], [_terminated(no_birth, date(2025, 3, 1))], proposal_date=PROPOSAL_DAY, pledge_present=True
    )
    assert evidence.suggested is Finding.NEEDS_EXPLANATION
    assert EvidenceCode.TERMINATION_POSSIBLE_MATCH in evidence.codes
    assert not evidence.blocks_meets  # the division may clear it after checking


def test_minor_individual_and_missing_pledge() -> None:
    minor = PartyIdentity(ProposerKind.INDIVIDUAL, "若葉 学", date(2008, 1, 17))
    evidence = check_disqualification(minor, [], [], proposal_date=PROPOSAL_DAY, pledge_present=False)
    assert evidence.suggested is Finding.DOES_NOT_MEET
    assert {EvidenceCode.PLEDGE_MISSING, EvidenceCode.MINOR} <= set(evidence.codes)
    minor_line = next(line for line in evidence.lines if line.code is EvidenceCode.MINOR)
    assert "17歳" in minor_line.message
    assert "令和8年1月15日" in minor_line.message


def test_eighteenth_birthday_tomorrow_is_adult_today() -> None:
    # 年齢計算ニ関スル法律: the age is attained at the end of the day before the birthday.
    person = PartyIdentity(ProposerKind.INDIVIDUAL, "明日 誕生", date(2008, 1, 16))
    evidence = check_disqualification(person, [], [], proposal_date=date(2026, 1, 15), pledge_present=True)
    assert EvidenceCode.AGE_CONFIRMED in evidence.codes
    assert evidence.suggested is Finding.MEETS


def test_bad_or_missing_corporate_number() -> None:
    bad = dataclasses.replace(COMPANY, corporate_number="7000012050001")
    evidence = check_disqualification(bad, [], [], proposal_date=PROPOSAL_DAY, pledge_present=True)
    assert evidence.suggested is Finding.NEEDS_EXPLANATION
    assert EvidenceCode.CORPORATE_NUMBER_INVALID in evidence.codes
    missing = dataclasses.replace(COMPANY, corporate_number=None)
    evidence = check_disqualification(missing, [], [], proposal_date=PROPOSAL_DAY, pledge_present=True)
    assert EvidenceCode.CORPORATE_NUMBER_MISSING in evidence.codes


# --- ② ③ ⑤ ⑦ evidence --------------------------------------------------------------------------------


@pytest.mark.parametrize("row", _csv("review_subject_counts.csv"), ids=lambda r: r["case"])
def test_golden_subject_counts(row: dict[str, str]) -> None:
    requested = int(row["requested"]) if row["requested"] else None
    file_count = int(row["file_count"]) if row["file_count"] else None
    evidence = check_subject_count(requested, file_count)
    assert (evidence.suggested.value if evidence.suggested else "") == row["suggested"]
    assert [c.value for c in evidence.codes] == row["codes"].split(";")
    assert all(m.endswith("。") for m in evidence.messages())


def test_subject_count_messages_name_the_numbers() -> None:
    evidence = check_subject_count(999, 5000)
    assert "999人" in evidence.messages()[0]
    assert "1,000人" in evidence.messages()[0]
    assert "規則56条" in evidence.messages()[0]


def test_processing_evidence_words_the_engine_result() -> None:
    assert processing_evidence(None).blocks_meets
    passed = processing_evidence(True, report_reference="R-1")
    assert passed.suggested is Finding.MEETS
    failed = processing_evidence(False, failures=["k=1 のレコード 12件"], suggestion="年齢→5歳階級")
    assert failed.suggested is Finding.DOES_NOT_MEET
    assert "年齢→5歳階級" in failed.messages()[0]


@pytest.mark.parametrize(
    ("use_from", "use_to", "guideline", "code", "suggested"),
    [
        (None, date(2027, 3, 31), None, EvidenceCode.PERIOD_MISSING, Finding.NEEDS_EXPLANATION),
        (date(2027, 4, 1), date(2026, 4, 1), None, EvidenceCode.PERIOD_REVERSED, Finding.NEEDS_EXPLANATION),
        (date(2026, 4, 1), date(2029, 3, 31), 3, EvidenceCode.PERIOD_OK, None),
        (date(2026, 4, 1), date(2029, 4, 1), 3, EvidenceCode.PERIOD_OVER_GUIDELINE, Finding.NEEDS_EXPLANATION),
        (date(2026, 4, 1), date(2036, 3, 31), None, EvidenceCode.PERIOD_OK, None),
    ],
)
def test_period_of_use(
    use_from: date | None, use_to: date | None, guideline: int | None, code: EvidenceCode, suggested: Finding | None
) -> None:
    evidence = check_period_of_use(use_from, use_to, guideline_years=guideline)
    assert evidence.codes == (code,)
    assert evidence.suggested is suggested
    assert evidence.blocks_meets is (code in {EvidenceCode.PERIOD_MISSING, EvidenceCode.PERIOD_REVERSED})


def test_hindrance_record() -> None:
    empty = check_hindrance_record(CreationPlan(None, None))
    assert {EvidenceCode.CREATION_MODE_MISSING, EvidenceCode.ESTIMATE_MISSING} <= set(empty.codes)
    assert empty.blocks_meets
    no_processor = check_hindrance_record(
        CreationPlan(CreationMode.OUTSOURCED, WorkEstimate.of_total("4.5"), processor_available=False)
    )
    assert EvidenceCode.NO_PROCESSOR in no_processor.codes
    assert not no_processor.blocks_meets  # the judgment (規則58条) is the division's
    assert "5時間" in no_processor.messages()[0]
    unknown = check_hindrance_record(CreationPlan(CreationMode.OUTSOURCED, WorkEstimate.of_total(1)))
    assert EvidenceCode.PROCESSOR_UNKNOWN in unknown.codes
    assert unknown.blocks_meets
    in_house = check_hindrance_record(CreationPlan(CreationMode.IN_HOUSE, WorkEstimate.of_total(1)))
    assert not in_house.blocks_meets
    assert all(line.severity is EvidenceSeverity.INFO for line in in_house.lines)


# --- the decision rule -------------------------------------------------------------------------------


def _panels(kind: ProposalKind, **overrides: Finding) -> list[PanelFinding]:
    panels = []
    for spec in applicable_criteria(kind):
        finding = overrides.get(spec.criterion.value, Finding.MEETS)
        reason = "本人の数が1,000人に満たない。" if finding is Finding.DOES_NOT_MEET else ""
        panels.append(PanelFinding(spec.criterion, finding, reason))
    return panels


def test_approve_when_every_panel_meets_with_another_approver() -> None:
    decision = decide_review(
        FUKUOKA, ProposalKind.NEW, _panels(ProposalKind.NEW), preparer="staff-a", approver="chief-b"
    )
    assert decision.outcome is Outcome.APPROVED
    assert decision.failed == ()


def test_reject_lists_failed_criteria_in_order() -> None:
    panels = _panels(ProposalKind.NEW, c4=Finding.DOES_NOT_MEET, c2=Finding.DOES_NOT_MEET)
    decision = decide_review(FUKUOKA, ProposalKind.NEW, panels, preparer="a", approver="b")
    assert decision.outcome is Outcome.REJECTED
    assert [f.criterion for f in decision.failed] == [Criterion.C2, Criterion.C4]


def test_every_problem_is_reported_at_once() -> None:
    panels = [p for p in _panels(ProposalKind.NEW) if p.criterion is not Criterion.C7]
    panels[0] = PanelFinding(Criterion.C1, None)
    panels[1] = PanelFinding(Criterion.C2, Finding.NEEDS_EXPLANATION)
    panels[2] = PanelFinding(Criterion.C3, Finding.DOES_NOT_MEET, "  ")

    with pytest.raises(ReviewRefused) as info:
        decide_review(NARA, ProposalKind.NEW, panels, preparer="same", approver="same")

    codes = [p.code for p in info.value.problems]
    assert codes == [
        ReviewCode.PANEL_UNDECIDED,
        ReviewCode.EXPLANATION_PENDING,
        ReviewCode.REASON_REQUIRED,
        ReviewCode.PANEL_MISSING,
        ReviewCode.PRIOR_CONSULTATION_REQUIRED,  # Nara 要綱第2-5 事前協議
        ReviewCode.SAME_APPROVER,
    ]
    assert all(p.message.endswith("。") for p in info.value.problems)
    assert "県民サービス課" in info.value.problems[4].message


def test_nara_requires_prior_consultation_fukuoka_does_not() -> None:
    panels = _panels(ProposalKind.NEW)
    assert review_problems(FUKUOKA, ProposalKind.NEW, panels, preparer="a", approver="b") == ()
    problems = review_problems(NARA, ProposalKind.NEW, panels, preparer="a", approver="b")
    assert [p.code for p in problems] == [ReviewCode.PRIOR_CONSULTATION_REQUIRED]
    decision = decide_review(NARA, ProposalKind.NEW, panels, preparer="a", approver="b", prior_consultation_done=True)
    assert decision.outcome is Outcome.APPROVED


def test_approver_is_required() -> None:
    with pytest.raises(ReviewRefused) as info:
        decide_review(FUKUOKA, ProposalKind.NEW, _panels(ProposalKind.NEW), preparer="a", approver=None)
    assert info.value.code is ReviewCode.APPROVER_REQUIRED


def test_meets_cannot_contradict_blocking_evidence() -> None:
    evidence = check_subject_count(999, 5000)
    panels = [
        dataclasses.replace(p, evidence=evidence) if p.criterion is Criterion.C2 else p
        for p in _panels(ProposalKind.NEW)
    ]
    with pytest.raises(ReviewRefused) as info:
        decide_review(FUKUOKA, ProposalKind.NEW, panels, preparer="a", approver="b")
    assert [p.code for p in info.value.problems] == [ReviewCode.CONTRADICTS_EVIDENCE]
    assert "999人" in info.value.problems[0].message


def test_a_118_proposal_has_no_panel_for_count_or_method() -> None:
    panels = [*_panels(ProposalKind.REUSE), PanelFinding(Criterion.C2, Finding.MEETS)]
    with pytest.raises(ReviewRefused) as info:
        decide_review(FUKUOKA, ProposalKind.REUSE, panels, preparer="a", approver="b")
    assert [p.code for p in info.value.problems] == [ReviewCode.CRITERION_NOT_APPLICABLE]
    ok = decide_review(FUKUOKA, ProposalKind.CHANGE, _panels(ProposalKind.CHANGE), preparer="a", approver="b")
    assert ok.outcome is Outcome.APPROVED


# --- the review state table (law/transitions.py) -------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "requested"),
    [
        (ReviewState.IN_REVIEW, ReviewState.EXPLANATION_REQUESTED),
        (ReviewState.EXPLANATION_REQUESTED, ReviewState.IN_REVIEW),
        (ReviewState.IN_REVIEW, ReviewState.AWAITING_SIGN_OFF),
        (ReviewState.AWAITING_SIGN_OFF, ReviewState.IN_REVIEW),
        (ReviewState.AWAITING_SIGN_OFF, ReviewState.APPROVED),
        (ReviewState.AWAITING_SIGN_OFF, ReviewState.REJECTED),
        (ReviewState.APPROVED, ReviewState.APPROVAL_NOTIFIED),
        (ReviewState.REJECTED, ReviewState.REJECTION_NOTIFIED),
    ],
)
def test_allowed_review_transitions(current: ReviewState, requested: ReviewState) -> None:
    check_review_transition(current, requested)


def test_refused_review_transition_names_both_states() -> None:
    with pytest.raises(InvalidTransition) as info:
        check_review_transition(ReviewState.IN_REVIEW, ReviewState.APPROVED)
    assert "「審査中」から「審査基準に適合（通知前）」へは進めません" in str(info.value)
    assert info.value.code == "invalid_transition"


def test_review_table_is_complete_and_final_states_are_final() -> None:
    assert set(REVIEW_TRANSITIONS) == set(ReviewState)
    for state in (ReviewState.APPROVAL_NOTIFIED, ReviewState.REJECTION_NOTIFIED, ReviewState.WITHDRAWN):
        assert REVIEW_TRANSITIONS[state] == frozenset()
    assert all(state.label for state in ReviewState)


def test_joint_proposer_terminated_within_two_years_disqualifies() -> None:
    joint = PartyIdentity(ProposerKind.INDIVIDUAL, "共同 次郎", date(1975, 1, 1))
    evidence = check_disqualification(
        COMPANY,
        [],
        [_terminated(joint, date(2025, 3, 1))],
        proposal_date=PROPOSAL_DAY,
        pledge_present=True,
        joint=[joint],
    )
    assert evidence.suggested is Finding.DOES_NOT_MEET
    match = next(line for line in evidence.lines if line.code is EvidenceCode.TERMINATION_MATCH)
    assert "共同提案者1" in match.message
    assert "法113条5号" in match.message
    minor = PartyIdentity(ProposerKind.INDIVIDUAL, "若葉 学", date(2010, 1, 1))
    evidence = check_disqualification(COMPANY, [], [], proposal_date=PROPOSAL_DAY, pledge_present=True, joint=[minor])
    line = next(x for x in evidence.lines if x.code is EvidenceCode.MINOR)
    assert "共同提案者1" in line.message
    assert "法113条1号" in line.message


def test_minor_officer_disqualifies_the_corporation() -> None:
    minor = PartyIdentity(ProposerKind.INDIVIDUAL, "若葉 学", date(2010, 1, 1))
    evidence = check_disqualification(COMPANY, [minor], [], proposal_date=PROPOSAL_DAY, pledge_present=True)
    assert evidence.suggested is Finding.DOES_NOT_MEET
    line = next(x for x in evidence.lines if x.code is EvidenceCode.MINOR)
    assert "役員" in line.message
    assert "法113条6号" in line.message


@pytest.mark.parametrize(
    ("pid", "required"), [("nara-police", True), ("fukuoka-police", False), ("kumamoto-city", False)]
)
def test_division_check_before_the_review_where_the_profile_separates_it(pid: str, required: bool) -> None:
    # Nara 要綱第2-4: 県民サービス課 receives, the 主管課 checks; Fukuoka 第6-1: the desk checks at intake
    assert division_check_required(PROFILES[pid]) is required
