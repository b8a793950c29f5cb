"""Supervision after delivery (法120条, 法128条; Fukuoka 第10-2, Nara §13〜15): changes the recipient notifies,
termination and the reports to the PPC, the end of use. Pure rules; the web layer records what happened.

* 記載事項変更申出書: removing a handler, or a change of contact or name, takes effect on notification; adding or
  replacing a handler needs a reason the owning division accepts *before* the change takes effect. A change of the
  business itself (a longer period, a new purpose) is not a notification: it is a 法118条後段 proposal.
* 法120条: the organization may terminate the contract when the party (1) concluded it by false or other unjust
  means, (2) came to fall under any item of 法113条, or (3) seriously breached what the contract provides; the
  contract may set further grounds. The termination is entered for the party only — an individual, or a
  corporation by name and 法人番号 — because 法113条5号 disqualifies for two years the party whose contract was
  terminated; officers matter only as persons who are themselves disqualified (6号).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType


class SupervisionRefused(ValueError):
    """A request the procedure does not allow, in Japanese."""


class HandlerChangeKind(enum.StrEnum):
    REMOVE = "remove"
    ADD = "add"
    REPLACE = "replace"
    CONTACT = "contact"
    NAME = "name"
    BUSINESS = "business"

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self]

    @property
    def needs_acceptance(self) -> bool:
        """Adding or replacing a handler takes effect only after the division accepts the reason."""
        return self in (HandlerChangeKind.ADD, HandlerChangeKind.REPLACE)


_CHANGE_LABELS: Mapping[HandlerChangeKind, str] = MappingProxyType(
    {
        HandlerChangeKind.REMOVE: "取扱者の削除",
        HandlerChangeKind.ADD: "取扱者の追加",
        HandlerChangeKind.REPLACE: "取扱者の変更（交代）",
        HandlerChangeKind.CONTACT: "連絡先の変更",
        HandlerChangeKind.NAME: "氏名・名称の変更",
        HandlerChangeKind.BUSINESS: "事業の内容の変更（利用期間の延長・利用目的の変更）",
    }
)

BUSINESS_CHANGE_MESSAGE = (
    "利用期間の延長や利用目的の変更など、事業の内容の変更は記載事項変更申出書では受け付けられません。"
    "作成された行政機関等匿名加工情報をその用に供して行う事業の変更の提案（法118条第1項後段）をしてください。"
)


def check_handler_change(kind: HandlerChangeKind, *, reason: str, before: str, after: str, current: list[str]) -> None:
    """Refuse what a change notification cannot do, with the reason in Japanese (Fukuoka 第10-2(1))."""
    if kind is HandlerChangeKind.BUSINESS:
        raise SupervisionRefused(BUSINESS_CHANGE_MESSAGE)
    if kind.needs_acceptance and not reason.strip():
        msg = f"{kind.label}には理由が必要です（主管課が理由を認めた後に効力を生じます）。"
        raise SupervisionRefused(msg)
    if kind in (HandlerChangeKind.REMOVE, HandlerChangeKind.REPLACE) and before not in current:
        msg = f"「{before}」は現在の取扱者ではありません（現在: {'、'.join(current) or 'なし'}）。"
        raise SupervisionRefused(msg)
    if kind in (HandlerChangeKind.ADD, HandlerChangeKind.REPLACE) and not after.strip():
        msg = "新たな取扱者の氏名を入力してください。"
        raise SupervisionRefused(msg)
    if kind in (HandlerChangeKind.ADD, HandlerChangeKind.REPLACE) and after.strip() in current:
        msg = f"「{after}」は既に取扱者です。"
        raise SupervisionRefused(msg)
    if kind is HandlerChangeKind.REMOVE and len(current) <= 1:
        msg = "取扱者が1人もいなくなる削除はできません。先に追加の申出をしてください。"
        raise SupervisionRefused(msg)


def apply_handler_change(kind: HandlerChangeKind, current: list[str], before: str, after: str) -> list[str]:
    """The handlers after a change that has taken effect."""
    if kind is HandlerChangeKind.REMOVE:
        return [h for h in current if h != before]
    if kind is HandlerChangeKind.ADD:
        return [*current, after.strip()]
    if kind is HandlerChangeKind.REPLACE:
        return [after.strip() if h == before else h for h in current]
    return list(current)


class TerminationGround(enum.StrEnum):
    FALSE_MEANS = "false_means"
    DISQUALIFIED = "disqualified"
    SERIOUS_BREACH = "serious_breach"
    CONTRACT_GROUND = "contract_ground"

    @property
    def label(self) -> str:
        return _GROUND_LABELS[self]


_GROUND_LABELS: Mapping[TerminationGround, str] = MappingProxyType(
    {
        TerminationGround.FALSE_MEANS: "偽りその他不正の手段により契約を締結した（法120条1号）",
        TerminationGround.DISQUALIFIED: "法113条各号のいずれかに該当することとなった（法120条2号）",
        TerminationGround.SERIOUS_BREACH: "契約において定められた事項について重大な違反があった（法120条3号）",
        TerminationGround.CONTRACT_GROUND: "契約で定めた解除の事由に該当した",
    }
)


class PpcReportStage(enum.StrEnum):
    INTENDED = "intended"
    DONE = "done"
    IMPROPER_USE = "improper_use"

    @property
    def label(self) -> str:
        return {
            "intended": "契約の解除をしようとする旨の報告",
            "done": "契約を解除した旨の報告",
            "improper_use": "不適正な利用に関する報告",
        }[self.value]


@dataclass(frozen=True, slots=True)
class PpcReportFacts:
    organization: str
    contract_number: str
    party: str
    corporate_number: str | None
    dataset: str
    facts: str
    ground: TerminationGround | None
    termination_date: date | None = None


def ppc_report_lines(stage: PpcReportStage, facts: PpcReportFacts) -> tuple[str, ...]:
    """The body of a draft report to the Personal Information Protection Commission (個人情報保護委員会). The PPC
    supervises the Act's implementation (法156条〜); the seeds require the report when termination is intended and
    when it is done (Nara §14), and for improper use short of termination."""
    party = facts.party + (f"（法人番号 {facts.corporate_number}）" if facts.corporate_number else "")
    lines = [
        f"{facts.organization}は、行政機関等匿名加工情報の利用に関する契約について、次のとおり報告します。",
        f"1 契約: {facts.contract_number}（相手方: {party}）",
        f"2 行政機関等匿名加工情報: {facts.dataset}",
        f"3 事実の概要: {facts.facts}",
    ]
    if facts.ground is not None:
        lines.append(f"4 解除の事由: {facts.ground.label}")
    if stage is PpcReportStage.DONE and facts.termination_date is not None:
        lines.append(f"5 解除の日: {facts.termination_date:%Y年%m月%d日}")
        lines.append("6 相手方は、解除の日から起算して2年を経過するまで、提案をすることができません（法113条5号）。")
    if stage is PpcReportStage.INTENDED:
        lines.append("契約を解除した後、改めて報告します。")
    return tuple(lines)


def end_of_use_overdue(use_to: date | None, confirmed: bool, today: date) -> bool:
    """The period of use has ended and the return and deletion are not yet confirmed (Nara §15)."""
    return use_to is not None and not confirmed and today > use_to
