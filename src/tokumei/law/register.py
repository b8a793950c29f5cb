"""Rules of the register (個人情報ファイル簿) and of the proposal-target determination.

法60条3項 defines the files from which 行政機関等匿名加工情報 may be made: (1) the file's register entry is
published (法75条1項; files exempted under 法75条2項・3項 are excluded), (2) a disclosure request for it would be
granted in whole or in part, or lead to an opinion hearing (行政機関情報公開法 / 情報公開条例), and (3) the data can be
processed without hindering the proper and smooth running of the organization's business. The organization
records its determination and its reasons for selecting **or not selecting** (Nara §2-1).
"""

from __future__ import annotations

from dataclasses import dataclass

#: 規則56条: a proposal must ask for at least this many subjects; a file with fewer cannot serve one.
MINIMUM_SUBJECTS = 1000


@dataclass(frozen=True)
class DeterminationInput:
    """The three conditions of 法60条3項 as answered by the owning division, the decision, and its reasons."""

    register_published: bool
    disclosable: bool
    no_hindrance: bool
    selected: bool
    reasons: str
    register_published_reason: str = ""
    disclosable_reason: str = ""
    no_hindrance_reason: str = ""


@dataclass(frozen=True)
class DeterminationProblem:
    field: str
    message: str


def check_determination(answer: DeterminationInput) -> list[DeterminationProblem]:
    """Problems with a determination (法60条3項); empty when it may be recorded.

    A file may be selected only when all three conditions hold. Reasons are always required, for selecting and
    for not selecting alike; a condition answered "no" needs its own reason.
    """
    problems: list[DeterminationProblem] = []
    if not answer.reasons.strip():
        problems.append(
            DeterminationProblem("reasons", "判断の理由を記入してください（選定しない場合も理由が必要です）。")
        )
    conditions = (
        ("register_published", answer.register_published, answer.register_published_reason, "1号（ファイル簿の公表）"),
        ("disclosable", answer.disclosable, answer.disclosable_reason, "2号（開示請求への対応）"),
        ("no_hindrance", answer.no_hindrance, answer.no_hindrance_reason, "3号（事務への支障がないこと）"),
    )
    for field, holds, reason, label in conditions:
        if not holds and not reason.strip():
            problems.append(
                DeterminationProblem(f"{field}_reason", f"法60条3項{label}を満たさない理由を記入してください。")
            )
    if answer.selected:
        failing = [label for _, holds, _, label in conditions if not holds]
        if failing:
            problems.append(
                DeterminationProblem(
                    "selected",
                    "法60条3項の要件をすべて満たさないファイルは提案募集の対象にできません"
                    f"（満たさない要件: {'、'.join(failing)}）。",
                )
            )
    return problems


def subject_count_warning(subject_count: int | None) -> str | None:
    """A warning when a file cannot serve any proposal: fewer subjects than 規則56条 requires, or not counted."""
    if subject_count is None:
        return "本人の数がまだ確認されていません。データの所在を設定して「本人の数を確認」を実行してください。"
    if subject_count < MINIMUM_SUBJECTS:
        return (
            f"本人の数が {subject_count:,} 人で、提案に必要な {MINIMUM_SUBJECTS:,} 人（規則56条）に満たないため、"
            "このファイルに対する提案は審査基準②を満たせません。"
        )
    return None
