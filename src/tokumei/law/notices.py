"""The public notice of a solicitation (公示 / 募集要綱) and the blank official forms, as structured documents.

The notice follows the sections of the two published seed notices (熊本市 令和7年12月19日; 出入国在留管理庁
令和8年2月2日, the PPC guide's 標準様式第3－1) and what 規則53条2項 and the Nara 要綱第2-2(2) require it to say
(the start date and period, the target files and a summary of each). Every sentence is built from the
organization's profile and the solicitation's facts; values the profile marks as placeholders are flagged so a
renderer can label them 「デモ用の仮の値」 (ADR 0001).

- 法111条 (solicitation), 規則53条 (period and notice), 法112条 (proposal, items 1〜8 of 2項, attachments of 3項),
  規則54条 (documents), 法113条 (disqualification, 4号 with today's 拘禁刑: 刑法等の一部を改正する法律, in force
  2025-06-01), 法114条1項 (criteria ①〜⑦), 規則56条 (1,000 subjects), 規則62条 (processing standard),
  法115条 (contract), 法118条 (proposals on created datasets), 法119条 and 令31条 (fee).

The document model (:class:`Document`, :class:`Section`, :class:`Paragraph`, :class:`ItemList`, :class:`Table`)
is plain frozen data shared by every later notice and form; :mod:`tokumei.documents` renders it to DOCX and PDF,
and the portal renders it to HTML. Pure: no I/O, no clock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from tokumei.law.calendar import format_wareki, format_wareki_fiscal_year
from tokumei.law.organization import (
    PLACEHOLDER_LABEL,
    ChargeKind,
    DocumentKind,
    LegalRegime,
    OrganizationKind,
    OrganizationProfile,
    PaymentMethod,
    RequiredDocument,
    RequiredWhen,
    ThresholdComparison,
)
from tokumei.law.solicitation import SolicitationPeriod, format_time_ja

__all__ = [
    "BLANK_FORM_KINDS",
    "PLACEHOLDER_LABEL",
    "Align",
    "Block",
    "Cell",
    "ChangeNotificationFacts",
    "Document",
    "DocumentKindNotSupported",
    "DocumentLayout",
    "ItemList",
    "ListItem",
    "ListStyle",
    "NoticeCode",
    "NoticeError",
    "NoticeRefused",
    "NoticeTargetFile",
    "Paragraph",
    "ParagraphRole",
    "Section",
    "SolicitationNoticeFacts",
    "Table",
    "build_blank_form",
    "build_blank_forms",
    "build_change_notification",
    "build_solicitation_notice",
    "disqualification_grounds",
    "review_criteria",
]


# --------------------------------------------------------------------------------------------------
# The document model
# --------------------------------------------------------------------------------------------------


class Align(enum.StrEnum):
    """Horizontal alignment of a paragraph."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class ParagraphRole(enum.StrEnum):
    """What a paragraph is, so every renderer styles it the same way."""

    BODY = "body"
    SUBHEADING = "subheading"
    """A numbered sub-heading inside a section, e.g. 「（1）提出書類」."""
    NOTE = "note"
    """A note such as 「（注1）…」, set smaller and indented."""
    LEAD = "lead"
    """「記」 and similar one-word separators, centered."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of text; ``placeholder`` flags text built from a profile value marked 「デモ用の仮の値」."""

    text: str
    role: ParagraphRole = ParagraphRole.BODY
    align: Align = Align.LEFT
    placeholder: bool = False

    @property
    def kind(self) -> str:
        """``"paragraph"`` (for template dispatch)."""
        return "paragraph"


class ListStyle(enum.StrEnum):
    """How list items are marked, as the seed notices mark them."""

    CIRCLED = "circled"
    """①②③ … (criteria, disqualification grounds)."""
    PARENTHESIZED = "parenthesized"
    """（1）（2） … (留意事項)."""
    CHECKBOX = "checkbox"
    """□ (documents to submit)."""
    BULLET = "bullet"
    """・"""

    def marker(self, index: int) -> str:
        """The marker of the ``index``-th item (0-based)."""
        if self is ListStyle.CIRCLED:
            return chr(0x2460 + index) if index < 20 else f"({index + 1})"
        if self is ListStyle.PARENTHESIZED:
            return f"（{index + 1}）"
        if self is ListStyle.CHECKBOX:
            return "□"
        return "・"


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list; ``marker`` overrides the list style's marker."""

    text: str
    placeholder: bool = False
    marker: str | None = None


@dataclass(frozen=True, slots=True)
class ItemList:
    """A list whose markers are part of the text the way official documents print them (①, （1）, □)."""

    items: tuple[ListItem, ...]
    style: ListStyle = ListStyle.CIRCLED

    @property
    def kind(self) -> str:
        """``"list"`` (for template dispatch)."""
        return "list"

    def markers(self) -> tuple[str, ...]:
        """The marker printed before each item."""
        return tuple(item.marker or self.style.marker(i) for i, item in enumerate(self.items))


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell; ``blank_lines`` reserves space to write in by hand (blank forms)."""

    text: str = ""
    placeholder: bool = False
    blank_lines: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    """A table; ``widths`` are relative column widths (renderers scale them to the page)."""

    rows: tuple[tuple[Cell, ...], ...]
    header: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()

    @property
    def kind(self) -> str:
        """``"table"`` (for template dispatch)."""
        return "table"


Block = Paragraph | ItemList | Table
"""Anything a section holds."""


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section (「1 趣旨」) and its blocks."""

    heading: str
    blocks: tuple[Block, ...]
    number: str | None = None

    @property
    def title(self) -> str:
        """「1　趣旨」: number and heading as printed."""
        return f"{self.number}　{self.heading}" if self.number else self.heading


class DocumentLayout(enum.StrEnum):
    """Where the heading parts go (every renderer follows the same order).

    NOTICE: designation, number/date (right), title, preamble, issuer (right) — the seed notices' order.
    FORM: designation, date (right), title, addressee, preamble — the 別記様式 order.
    """

    NOTICE = "notice"
    FORM = "form"


@dataclass(frozen=True, slots=True)
class Document:
    """A structured official document, rendered the same way to DOCX, PDF and HTML."""

    kind: DocumentKind
    organization_id: str
    title: str
    sections: tuple[Section, ...]
    layout: DocumentLayout = DocumentLayout.NOTICE
    date_wareki: str | None = None
    """The document's date in 和暦 (「令和7年12月19日」) or a blank to fill in (「　　年　　月　　日」)."""
    issuer: str | None = None
    number: str | None = None
    """The document number (「県サ第445号」), see :func:`tokumei.documents.format_document_number`."""
    designation: str | None = None
    """The form designation printed top left (「別記様式第七」, 「第1号様式」, 「標準様式第3－1」)."""
    addressee: str | None = None
    preamble: tuple[Block, ...] = ()
    issuer_placeholder: bool = False

    def blocks(self) -> Iterator[Block]:
        """Every block: preamble first, then each section's."""
        yield from self.preamble
        for section in self.sections:
            yield from section.blocks

    @property
    def has_placeholders(self) -> bool:
        """Whether any text is a demo value (「デモ用の仮の値」)."""
        if self.issuer_placeholder:
            return True
        for block in self.blocks():
            if isinstance(block, Paragraph) and block.placeholder:
                return True
            if isinstance(block, ItemList) and any(item.placeholder for item in block.items):
                return True
            if isinstance(block, Table) and any(cell.placeholder for row in block.rows for cell in row):
                return True
        return False

    def plain_text(self) -> str:
        """The whole text, one line per paragraph, item or table row, placeholders labelled (for search/tests)."""
        lines: list[str] = []
        if self.designation:
            lines.append(self.designation)
        lines.extend(x for x in (self.number, self.date_wareki) if x)
        lines.append(self.title)
        if self.addressee:
            lines.append(self.addressee)
        lines.extend(_block_lines(b) for b in self.preamble)
        if self.issuer:
            lines.append(_label(self.issuer, placeholder=self.issuer_placeholder))
        for section in self.sections:
            lines.append(section.title)
            lines.extend(_block_lines(b) for b in section.blocks)
        return "\n".join(lines)


def _label(text: str, *, placeholder: bool) -> str:
    return f"{text}［{PLACEHOLDER_LABEL}］" if placeholder else text


def _block_lines(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _label(block.text, placeholder=block.placeholder)
    if isinstance(block, ItemList):
        return "\n".join(
            f"{marker} {_label(item.text, placeholder=item.placeholder)}"
            for marker, item in zip(block.markers(), block.items, strict=True)
        )
    rows = [" | ".join(block.header)] if block.header else []
    rows.extend(" | ".join(_label(c.text, placeholder=c.placeholder) for c in row) for row in block.rows)
    return "\n".join(rows)


# --------------------------------------------------------------------------------------------------
# Errors (STYLE.md habit 6)
# --------------------------------------------------------------------------------------------------


class NoticeCode(enum.StrEnum):
    """Stable codes of this module's errors (``docs/errors.md``)."""

    REGIME_CLOSED = "notice.regime_closed"
    NO_TARGET_FILE = "notice.no_target_file"
    KIND_NOT_SUPPORTED = "notice.kind_not_supported"


class NoticeError(Exception):
    """Base of this module's errors; ``code`` is stable."""

    code: NoticeCode


class NoticeRefused(NoticeError, ValueError):
    """A notice the law does not allow to be issued (Japanese message)."""

    def __init__(self, code: NoticeCode, message: str) -> None:
        self.code = code
        super().__init__(message)


class DocumentKindNotSupported(NoticeError, ValueError):
    """Programmer misuse: no blank form is built for this document kind (English message)."""

    code = NoticeCode.KIND_NOT_SUPPORTED


# --------------------------------------------------------------------------------------------------
# Shared legal text
# --------------------------------------------------------------------------------------------------

_TERM = {LegalRegime.CURRENT_ACT: "行政機関等匿名加工情報", LegalRegime.LEGACY_2017: "行政機関非識別加工情報"}


def disqualification_grounds() -> tuple[str, ...]:
    """法113条1〜6号 in today's wording (4号: 拘禁刑, in force 2025-06-01; the ISA notice still says 禁固)."""
    return (
        "未成年者",
        "精神の機能の障害により行政機関等匿名加工情報をその用に供して行う事業を適正に行うに当たって必要な認知、"
        "判断及び意思疎通を適切に行うことができない者（規則第55条）",
        "破産手続開始の決定を受けて復権を得ない者",
        "拘禁刑以上の刑に処せられ、又は法の規定により刑に処せられ、その執行を終わり、又は執行を受けることがなく"
        "なった日から起算して2年を経過しない者",
        "法第120条の規定により行政機関等匿名加工情報の利用に関する契約を解除され、その解除の日から起算して2年を"
        "経過しない者",
        "法人その他の団体であって、その役員のうちに上記①から⑤までのいずれかに該当する者があるもの",
    )


def review_criteria() -> tuple[str, ...]:
    """法114条1項1〜7号 as the seed notices print them (規則56条: 1,000人; 規則62条: processing standard)."""
    return (
        "提案者が法第113条各号（欠格事由）のいずれにも該当しないこと。",
        "提案に係る行政機関等匿名加工情報の本人の数が、行政機関等匿名加工情報の効果的な活用の観点からみて1,000人"
        "以上であり、かつ、提案に係る個人情報ファイルを構成する保有個人情報の本人の数以下であること。",
        "特定される加工の方法が特定の個人を識別できないように及びその作成に用いる保有個人情報を復元することが"
        "できないようにするために必要なものとして規則第62条で定める基準に適合するものであること。",
        "行政機関等匿名加工情報をその用に供して行う事業が新たな産業の創出又は活力ある経済社会若しくは豊かな国民"
        "生活の実現に資するものであること。",
        "利用期間が事業の目的内容並びに行政機関等匿名加工情報の利用目的及び方法からみて必要な期間であること"
        "（規則第57条）。",
        "提案に係る行政機関等匿名加工情報の利用目的・方法、漏えい防止等の適切な管理のために講ずる措置が当該行政機関"
        "等匿名加工情報の本人の権利利益を保護するために適切なものであること。",
        "行政機関の長等が提案に係る行政機関等匿名加工情報を作成する場合に当該行政機関等の事務に著しい支障を及ぼさ"
        "ないものであること（規則第58条）。",
    )


def _items(texts: tuple[str, ...] | list[str], style: ListStyle = ListStyle.CIRCLED) -> ItemList:
    return ItemList(tuple(ListItem(t) for t in texts), style)


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _form_label(profile: OrganizationProfile, kind: DocumentKind) -> str:
    """「行政機関等匿名加工情報をその用に供して行う事業に関する提案書（別記様式第七）」."""
    form = profile.forms.get(kind)
    if form is None:
        return ""
    return f"{form.title}（{form.designation}）" if form.designation else form.title


# --------------------------------------------------------------------------------------------------
# The solicitation notice
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeTargetFile:
    """A file the solicitation is for: its register name, a summary and where its register entry is published."""

    name: str
    summary: str
    register_location: str
    owning_division: str | None = None


@dataclass(frozen=True, slots=True)
class SolicitationNoticeFacts:
    """What a notice says beyond the profile (規則53条2項; Nara 要綱第2-2(2): period, files, summaries)."""

    period: SolicitationPeriod
    notice_date: date
    target_files: tuple[NoticeTargetFile, ...]
    number: str | None = None
    """The document number, already formatted (e.g. 「県サ第445号」)."""
    register_page: str | None = None
    """Where the organization publishes its whole register (個人情報ファイル簿), e.g. a web page."""
    forms_download: str | None = None
    """Where the blank forms can be downloaded (the portal page of this notice)."""
    opinion_provision: str | None = None
    """The disclosure law's provision on opinion hearings for 法60条3項2号ロ where a local ordinance's article is
    known (熊本市情報公開条例 「第15条第1項又は第2項」)."""
    contact_note: str | None = None
    """An extra line under the contact point (ISA: 「相談内容により時間を要する場合があります…」)."""

    @property
    def fiscal_year(self) -> int:
        """The fiscal year of the first day (規則53条1項)."""
        return self.period.fiscal_year


def _disclosure_law(profile: OrganizationProfile, facts: SolicitationNoticeFacts) -> tuple[str, str]:
    """(the law's full citation, the opinion-hearing provision) for 法60条3項2号 in section 2's 【参考】."""
    if profile.kind is OrganizationKind.NATIONAL_AGENCY:
        return (
            "行政機関の保有する情報の公開に関する法律（平成11年法律第42号。以下「行政機関情報公開法」という。）",
            "行政機関情報公開法第13条第1項又は第2項",
        )
    if profile.kind is OrganizationKind.INCORPORATED_ADMINISTRATIVE_AGENCY:
        return (
            "独立行政法人等の保有する情報の公開に関する法律（平成13年法律第140号。以下「独立行政法人等情報公開法」"
            "という。）",
            "独立行政法人等情報公開法第14条第1項又は第2項",
        )
    ordinance = next((r for r in profile.local_regulations if "情報公開条例" in r), None)
    if ordinance is None:
        ordinance = f"{profile.body_name}に適用される情報公開条例"
    short = ordinance.split("（", 1)[0]
    article = facts.opinion_provision or profile.disclosure_opinion_provision
    provision = f"{short}{article}" if article else short
    return ordinance, provision


def _section_purpose(profile: OrganizationProfile) -> Section:
    return Section(
        "趣旨",
        (
            Paragraph(
                "行政機関等が保有する個人情報の効果的な利活用が、新たな産業の創出、活力ある経済社会や豊かな国民生活の"
                "実現に資することを踏まえ、個人の権利利益の保護に支障がない範囲内において、個人情報の保護に関する法律"
                "（平成15年法律第57号。以下「法」という。）第111条の規定に基づいて、"
                f"{profile.body_name}が保有する個人情報を加工して作成する行政機関等匿名加工情報をその用に供して行う"
                "事業に関する提案を募集するものです。"
            ),
        ),
    )


def _section_files(profile: OrganizationProfile, facts: SolicitationNoticeFacts) -> Section:
    law, provision = _disclosure_law(profile, facts)
    blocks: list[Block] = [
        Paragraph("今回の募集の対象となる個人情報ファイルは、次のとおりです。"),
        Table(
            header=("個人情報ファイルの名称", "概要", "個人情報ファイル簿の掲載場所", "所管課"),
            rows=tuple(
                (
                    Cell(f.name),
                    Cell(f.summary),
                    Cell(f.register_location),
                    Cell(f.owning_division or "—"),
                )
                for f in facts.target_files
            ),
            widths=(3, 5, 4, 3),
        ),
    ]
    where = facts.register_page or f"{profile.body_name}のホームページ"
    blocks.append(
        Paragraph(
            f"個人情報ファイル簿は{where}に掲載しています。個人情報ファイル簿のうち、「行政機関等匿名加工情報の提案の"
            "募集をする個人情報ファイルである旨」の欄に「該当」と記載のあるファイルが提案の対象です。"
            "提案の前にご確認ください。"
        )
    )
    blocks.append(
        Paragraph(
            "【参考】次の（1）から（3）までのいずれにも該当する個人情報ファイルを提案の対象としています。",
            role=ParagraphRole.NOTE,
        )
    )
    blocks.append(
        _items(
            [
                "個人情報ファイル簿が作成され、公表されることとなるもの（法第60条第3項第1号）。",
                f"個人情報ファイルに{law}による開示請求（情報公開請求）があったとしたならば、保有個人情報の全部"
                "若しくは一部を開示する旨の決定をすることとなるもの（法第60条第3項第2号イ）又は"
                f"{provision}の規定により意見書の提出の機会を与えることとなるもの（法第60条第3項第2号ロ）。",
                "行政の適正かつ円滑な運営に支障のない範囲内で、行政機関等匿名加工情報を作成することができるもので"
                "あること（法第60条第3項第3号）。",
            ],
            ListStyle.PARENTHESIZED,
        )
    )
    return Section("提案の対象となる個人情報ファイル", tuple(blocks))


def _section_proposers() -> Section:
    return Section(
        "提案をすることができる者（提案者の要件）",
        (
            Paragraph(
                "行政機関等匿名加工情報を事業の用に供しようとする者であれば、個人、法人その他の団体の別を問いません。"
                "また、単独提案、共同提案のいずれも可能です。"
            ),
            Paragraph(
                "ただし、法第113条の規定により、次に掲げる①から⑥まで（欠格事由）のいずれかに該当する者は提案できません。"
            ),
            _items(disqualification_grounds()),
            Paragraph(
                "（注）代理人による提案をする場合は、その代理人の権限を証する書面を添えて提案してください。",
                role=ParagraphRole.NOTE,
            ),
        ),
    )


def _section_period(profile: OrganizationProfile, facts: SolicitationNoticeFacts) -> Section:
    blocks: list[Block] = [Paragraph(facts.period.describe())]
    closing = facts.period.closing_time
    if closing is not None and profile.submission.by_mail and profile.submission.mail_must_arrive_by_last_day:
        blocks.append(
            Paragraph(
                f"郵送・信書便による場合も、最終日の{format_time_ja(closing)}までに到着したものに限ります。",
                role=ParagraphRole.NOTE,
            )
        )
    return Section("募集期間", tuple(blocks))


_WHEN_NOTES = {
    RequiredWhen.ALWAYS: "",
    RequiredWhen.INDIVIDUAL: "（提案をする者が個人である場合）",
    RequiredWhen.CORPORATION: "（提案をする者が法人その他の団体である場合）",
    RequiredWhen.PROXY: "（代理人による提案をする場合に限ります。）",
    RequiredWhen.ON_REQUEST: "（提案に係る補足資料として別途提出をお願いする場合があります。）",
}


def _document_line(profile: OrganizationProfile, document: RequiredDocument) -> str:
    text = document.name
    if document.form is not None:
        form = profile.forms.get(document.form)
        if form is not None and form.designation and form.designation not in text:
            text += f"（{form.designation}）"
    return text + _WHEN_NOTES[document.required_when]


def _section_submission(profile: OrganizationProfile, facts: SolicitationNoticeFacts) -> Section:
    submission = profile.submission
    desk = profile.reception_desk
    proposal_docs = [d for d in profile.required_documents if d.form is DocumentKind.PROPOSAL]
    attachments = [d for d in profile.required_documents if d.form is not DocumentKind.PROPOSAL]
    blocks: list[Block] = [
        Paragraph("（1）提出書類", role=ParagraphRole.SUBHEADING),
        Paragraph("提案に当たっては、次に掲げる書類（以下「提案書類」という。）を提出してください。"),
        Paragraph("① 提案書"),
        ItemList(tuple(ListItem(_document_line(profile, d)) for d in proposal_docs), ListStyle.CHECKBOX),
        Paragraph("② 添付書類"),
        ItemList(tuple(ListItem(_document_line(profile, d)) for d in attachments), ListStyle.CHECKBOX),
        Paragraph(
            "（注）本人確認書類は、個人の場合は運転免許証、個人番号カード等の写しで提案の日に有効なもの、法人その他の"
            "団体の場合は登記事項証明書、印鑑登録証明書等で提案の日前6か月以内に作成されたものに限ります"
            "（規則第54条第4項）。氏名又は名称及び住所又は居所は、提案書の記載と一致するものとしてください。",
            role=ParagraphRole.NOTE,
        ),
    ]
    if facts.forms_download:
        blocks.append(Paragraph(f"○ 提案書及び添付書類の各様式のダウンロード：{facts.forms_download}"))
    blocks.append(Paragraph("（2）提出書類の提出方法", role=ParagraphRole.SUBHEADING))
    ways = [w for w, allowed in (("持参", submission.in_person), ("郵送・信書便", submission.by_mail)) if allowed]
    if submission.online:
        ways.append("電子情報処理組織を使用する方法")
    copies_text = f"提案書類{submission.copies}部を{desk.short_name}に提出してください。"
    blocks.append(
        Paragraph(
            f"{'又は'.join(ways)}により{copies_text}",
            placeholder=profile.is_placeholder("submission.copies"),
        )
    )
    if submission.in_person:
        hours = desk.opening_hours
        days = "平日の" if hours.weekdays_only else ""
        year_end = "（年末年始を除く。）" if hours.closed_year_end else ""
        text = f"持参による場合は、{days}{format_time_ja(hours.opens)}から{format_time_ja(hours.closes)}まで{year_end}"
        closing = facts.period.closing_time
        if closing is not None and closing < hours.closes:
            text += f"。ただし、最終日は{format_time_ja(closing)}まで"
        blocks.append(
            Paragraph(
                text + "に提出してください。",
                role=ParagraphRole.NOTE,
                placeholder=profile.is_placeholder("reception_desk.opening_hours"),
            )
        )
    if submission.by_mail:
        parts: list[str] = []
        if submission.envelope_note:
            parts.append(f"郵送・信書便による場合は、封筒の表面に「{submission.envelope_note}」と朱書きしてください。")
        if submission.mail_must_arrive_by_last_day:
            parts.append("また、締切日当日必着です（締切日までに到着しないものは受け付けません。）。")
        blocks.append(
            Paragraph(
                "".join(parts),
                role=ParagraphRole.NOTE,
                placeholder=profile.is_placeholder("submission.envelope_note")
                or profile.is_placeholder("submission.mail_must_arrive_by_last_day"),
            )
        )
    if submission.written_only:
        blocks.append(
            Paragraph(
                "提案は書面によるものに限ります。電話、口頭"
                + ("" if submission.online else "又は電子メール")
                + "による提案は受け付けません（法第112条第1項）。",
                role=ParagraphRole.NOTE,
            )
        )
    blocks.append(Paragraph("○ 提案書類の提出先"))
    blocks.extend(_address_lines(profile, include_contact=False))
    return Section("提案の方法", tuple(blocks))


def _address_lines(profile: OrganizationProfile, *, include_contact: bool) -> list[Block]:
    desk = profile.reception_desk
    lines: list[Block] = []
    if desk.postal_code:
        lines.append(
            Paragraph(f"〒{desk.postal_code}", placeholder=profile.is_placeholder("reception_desk.postal_code"))
        )
    if desk.address:
        lines.append(Paragraph(desk.address, placeholder=profile.is_placeholder("reception_desk.address")))
    lines.append(Paragraph(desk.name, placeholder=profile.is_placeholder("reception_desk.name")))
    if include_contact:
        if desk.phone:
            phone = f"電話：{desk.phone}" + (f"（内線{desk.extension}）" if desk.extension else "")
            lines.append(Paragraph(phone, placeholder=profile.is_placeholder("reception_desk.phone")))
        if desk.email:
            lines.append(
                Paragraph(f"電子メール：{desk.email}", placeholder=profile.is_placeholder("reception_desk.email"))
            )
    return lines


def _section_criteria() -> Section:
    return Section(
        "提案の審査基準",
        (
            Paragraph("提案については、次に掲げる基準（法第114条第1項各号）に適合するかどうかを審査します。"),
            _items(review_criteria()),
        ),
    )


def _section_result() -> Section:
    return Section(
        "審査結果の通知",
        (
            Paragraph(
                "提案に対する審査結果は、各提案者に個別に通知します（法第114条第2項・第3項）。"
                "提案が審査基準に適合しないと認めるときは、理由を付してその旨を通知します。"
            ),
        ),
    )


def _payment_phrase(method: PaymentMethod, stamp_label: str | None) -> str:
    """How a method reads in 「…により納付していただきます」 (規則60条; prefectural stamp regulations)."""
    if method is PaymentMethod.PREFECTURAL_STAMP:
        return stamp_label or method.label
    if method is PaymentMethod.MUNICIPAL_PAYMENT:
        return "納入通知書"
    return method.label


def _fee_paragraphs(profile: OrganizationProfile) -> list[Block]:
    fees = profile.fees
    fee_placeholder = profile.is_placeholder("fees") or any(
        profile.is_placeholder(f"fees.{name}")
        for name in ("base_yen", "per_started_hour_yen", "includes_outsourcing_cost", "legal_basis")
    )
    blocks: list[Block] = []
    if fees.charge_kind is ChargeKind.USAGE_CHARGE:
        blocks.append(
            Paragraph(
                f"利用料の額は、{profile.body_name}が定めて公表する額です（{fees.legal_basis}）。",
                placeholder=fee_placeholder,
            )
        )
    else:
        text = (
            f"手数料の額は、{_yen(fees.base_yen)}に、行政機関等匿名加工情報の作成に要する時間1時間までごとに"
            f"{_yen(fees.per_started_hour_yen)}を加えた額"
        )
        if fees.includes_outsourcing_cost:
            text += "（作成を委託する場合は、更にその委託を受けた者に対して支払う額を加えた額）"
        blocks.append(Paragraph(f"{text}です（{fees.legal_basis}）。", placeholder=fee_placeholder))
    if fees.no_refund_on_actual_hours:
        blocks.append(
            Paragraph(
                "作成に要した実際の時間が見込みと異なる場合でも、手数料の還付や追加の納付はありません。",
                role=ParagraphRole.NOTE,
            )
        )
    payment = profile.payment
    methods = "又は".join(_payment_phrase(m, payment.stamp_label) for m in payment.methods)
    how = f"手数料は、{methods}により納付していただきます"
    if payment.stamp_label and payment.affixed_to is not None:
        how += f"（{payment.stamp_label}は「{profile.forms[payment.affixed_to].title}」に貼付）"
    blocks.append(Paragraph(how + "。", placeholder=profile.is_placeholder("payment")))
    duty = profile.stamp_duty
    comparison = "以上の" if duty.comparison is ThresholdComparison.AT_LEAST else "を超える"
    blocks.append(
        Paragraph(
            f"契約額が{_yen(duty.threshold_yen)}{comparison}場合は、契約書に貼付する収入印紙（印紙税）が手数料とは"
            "別に必要です（提案者の負担）。",
            role=ParagraphRole.NOTE,
            placeholder=profile.is_placeholder("stamp_duty"),
        )
    )
    return blocks


def _section_contract(profile: OrganizationProfile) -> Section:
    application = profile.forms[DocumentKind.CONTRACT_APPLICATION].title
    blocks: list[Block] = [
        Paragraph(
            "審査基準に適合すると認めるときは、提案者に対して審査結果通知書とともに同封する"
            f"「{application}」及び契約の締結に関する書類（契約書2通）に必要事項を記入して提出することにより、"
            "行政機関等匿名加工情報の利用に関する契約を締結することができます（法第115条）。この場合、所定の手数料を"
            "納付していただきます。ただし、行政機関等匿名加工情報の利用に関する契約の締結後は、契約条件の変更は"
            "認めません。"
        ),
        Paragraph("（手数料）", role=ParagraphRole.SUBHEADING),
    ]
    blocks.extend(_fee_paragraphs(profile))
    return Section("行政機関等匿名加工情報の利用に関する契約", tuple(blocks))


def _section_notes(profile: OrganizationProfile) -> Section:
    body = profile.body_name
    notes = [
        "提案者は、提案書類の提出をもって、この募集要綱の記載内容を承諾したものとします。",
        f"{body}からの審査結果通知書等の発送料を除き、提案に係る一切の費用は提案者の負担となります。",
        "提案書類の不備や記載事項が不十分と認めるときは、説明や提案書類の訂正を求めることがあります"
        "（規則第54条第7項）。",
        f"{body}が作成・提供した行政機関等匿名加工情報の原著作権は{body}に帰属します。",
        "行政機関等匿名加工情報の利用は契約に基づくものであるため、行政不服審査法（平成26年法律第68号）の対象外と"
        "なります。",
        "提案書類は返却しません。",
    ]
    if profile.procedure.may_share_proposal_with_processor:
        notes.append(
            f"{body}が行政機関等匿名加工情報の作成を委託する場合に、提案内容の一部を受託者に提供することがあります。"
        )
    return Section("留意事項", (_items(notes, ListStyle.PARENTHESIZED),))


def _section_reuse(profile: OrganizationProfile) -> Section:
    fees = profile.fees
    reuse = _form_label(profile, DocumentKind.REUSE_PROPOSAL)
    change = (
        f"既に提供を受けた者が利用目的の変更や利用期間の延長をする場合は{_yen(fees.change_fee_yen)}"
        if fees.change_fee_yen is not None
        else ""
    )
    # Each amount with its own basis: the same fee is 令31条2項1号 (Nara 条例7条2項1号), 12,600円 is 2号.
    fee_text = f"手数料は、当初の契約の手数料と同一の額（{fees.reuse_legal_basis}）"
    if change:
        fee_text += f"、{change}（{fees.change_legal_basis}）"
    fee_text += "です。"
    return Section(
        "作成された行政機関等匿名加工情報に関する提案（法第118条）",
        (
            Paragraph(
                "法第118条第1項の規定に基づき、既に作成された行政機関等匿名加工情報について、当初の提案をした者以外の"
                "者が新たに利用する場合、既に行政機関等匿名加工情報の提供を受けた者が利用目的を変更する場合や利用期間を"
                f"延長する場合には、「{reuse}」を提出してください。提案をすることができる期間は、個人情報ファイル簿に"
                "記載された期間です（法第117条第3号）。提案の方法、審査及び契約に係る手続については、当初の提案の"
                "場合に準じます。"
            ),
            Paragraph(
                fee_text,
                placeholder=any(
                    profile.is_placeholder(f"fees.{name}")
                    for name in ("reuse_fee", "reuse_legal_basis", "change_fee_yen", "change_legal_basis")
                ),
            ),
        ),
    )


def _section_contact(profile: OrganizationProfile, facts: SolicitationNoticeFacts) -> Section:
    blocks: list[Block] = [
        Paragraph("提案の手続等についてご不明な点がございましたら、次の連絡先までお問い合わせください。"),
        Paragraph("提案書類の事前の確認や手数料の見込みについてのご相談にも応じます（法第127条）。"),
    ]
    if facts.contact_note:
        blocks.append(Paragraph(facts.contact_note))
    blocks.append(Paragraph("○ 提案に関する連絡先"))
    blocks.extend(_address_lines(profile, include_contact=True))
    return Section("提案に関する連絡先", tuple(blocks))


def build_solicitation_notice(profile: OrganizationProfile, facts: SolicitationNoticeFacts) -> Document:
    """The public notice (公示 / 募集要綱) of a solicitation (法111条, 規則53条2項), section by section.

    Sections follow the seed notices: 1 趣旨, 2 対象となる個人情報ファイル, 3 提案者の要件と法113条の欠格事由,
    4 募集期間, 5 提案の方法 (提出書類, 提出方法, 提出先), 6 審査基準 (法114条1項), 7 審査結果の通知,
    8 契約 and 手数料 (法115条, 法119条), 9 留意事項, 10 法118条の提案, 11 連絡先.
    Refuses (:class:`NoticeRefused`) an organization under the abolished 2017 rule and a notice with no file.
    Validate the period first with :func:`tokumei.law.solicitation.validate_solicitation`.
    """
    if profile.legal_regime is not LegalRegime.CURRENT_ACT:
        msg = f"{profile.name}は廃止された制度の組織のため、提案の募集の公示は作成できません。"
        raise NoticeRefused(NoticeCode.REGIME_CLOSED, msg)
    if not facts.target_files:
        msg = "公示には提案の募集の対象となる個人情報ファイルを1件以上記載してください（規則53条2項）。"
        raise NoticeRefused(NoticeCode.NO_TARGET_FILE, msg)
    form = profile.forms.get(DocumentKind.SOLICITATION_NOTICE)
    base_title = form.title if form is not None else "「行政機関等匿名加工情報」に関する提案の募集の公示"
    year = format_wareki_fiscal_year(facts.fiscal_year, as_of=facts.notice_date)
    sections = (
        _section_purpose(profile),
        _section_files(profile, facts),
        _section_proposers(),
        _section_period(profile, facts),
        _section_submission(profile, facts),
        _section_criteria(),
        _section_result(),
        _section_contract(profile),
        _section_notes(profile),
        _section_reuse(profile),
        _section_contact(profile, facts),
    )
    numbered = tuple(Section(s.heading, s.blocks, number=str(i)) for i, s in enumerate(sections, start=1))
    issuer = profile.name + (f"　{profile.head_person}" if profile.head_person else "")
    return Document(
        kind=DocumentKind.SOLICITATION_NOTICE,
        organization_id=profile.id,
        title=f"{year}{base_title}",
        sections=numbered,
        layout=DocumentLayout.NOTICE,
        date_wareki=format_wareki(facts.notice_date),
        issuer=issuer,
        number=facts.number,
        designation=form.designation if form is not None else None,
        preamble=(
            Paragraph(
                "個人情報の保護に関する法律施行規則（平成28年個人情報保護委員会規則第3号。以下「規則」という。）"
                f"第53条第2項の規定に基づき、{year}「行政機関等匿名加工情報」に関する提案の募集に関し必要な事項"
                "（提案の募集要綱）を以下のとおり公示します。"
            ),
        ),
        issuer_placeholder=profile.is_placeholder("name"),
    )


# --------------------------------------------------------------------------------------------------
# Blank official forms
# --------------------------------------------------------------------------------------------------

BLANK_FORM_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind.PROPOSAL,
    DocumentKind.PLEDGE,
    DocumentKind.POWER_OF_ATTORNEY,
)
"""The forms a paper proposer downloads beside the notice (法112条, 規則54条)."""

_BLANK_DATE = "　　　　年　　月　　日"


def _blank(lines: int = 1) -> Cell:
    return Cell("", blank_lines=lines)


def _proposer_rows(prefix: str = "") -> tuple[tuple[Cell, ...], ...]:
    return (
        (Cell(f"{prefix}氏名又は名称"), _blank()),
        (Cell(f"{prefix}住所又は居所"), _blank(2)),
        (Cell("法人その他の団体にあっては、代表者の氏名"), _blank()),
    )


def _law_citation(profile: OrganizationProfile) -> tuple[str, str, str]:
    """(the Act's name, the proposal article, the disqualification article) for the profile's regime."""
    if profile.legal_regime is LegalRegime.LEGACY_2017:
        return ("行政機関の保有する個人情報の保護に関する法律", "第44条の5第1項", "第44条の6各号")
    return ("個人情報の保護に関する法律", "第112条第1項", "第113条各号")


def _proposal_form(profile: OrganizationProfile) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """法112条2項1〜8号 as labelled blanks (別記様式第七 / Nara 第1号様式 / 2017 別記様式第一)."""
    term = _TERM[profile.legal_regime]
    act, article, _ = _law_citation(profile)
    preamble: tuple[Block, ...] = (
        Paragraph("提案をする者", role=ParagraphRole.SUBHEADING),
        Table(rows=_proposer_rows(), widths=(2, 5)),
        Paragraph(f"{act}{article}の規定に基づき、下記のとおり{term}をその用に供して行う事業に関する提案をします。"),
        Paragraph("記", role=ParagraphRole.LEAD, align=Align.CENTER),
    )
    rows: tuple[tuple[Cell, ...], ...] = (
        (
            Cell("1"),
            Cell("提案をする者の氏名又は名称及び住所又は居所並びに法人その他の団体にあっては代表者の氏名"),
            Cell("上欄のとおり"),
        ),
        (Cell(""), Cell("連絡先（担当部署、担当者の氏名、電話番号、電子メールアドレス）"), _blank(3)),
        (Cell("2"), Cell("提案に係る個人情報ファイルの名称（個人情報ファイル簿に記載された名称）"), _blank()),
        (
            Cell("3"),
            Cell(f"提案に係る{term}の本人の数（1,000人以上で、個人情報ファイルの本人の数以下）"),
            _blank(),
        ),
        (
            Cell("4"),
            Cell(
                f"提案に係る{term}の作成に用いる加工の方法を特定するに足りる事項（記録項目ごとの加工の方法。例：住所→都道府県のみ）"
            ),
            _blank(5),
        ),
        (
            Cell("5"),
            Cell(f"{term}の利用の目的及び方法その他当該{term}がその用に供される事業の内容"),
            _blank(5),
        ),
        (Cell("6"), Cell(f"{term}をその用に供して事業を行う期間"), _blank()),
        (
            Cell("7"),
            Cell(
                f"{term}の漏えいの防止その他当該{term}の適切な管理のために講ずる措置"
                "（取扱者の氏名・所属・役職、利用する場所及び環境、保管及び管理の方法）"
            ),
            _blank(5),
        ),
        (
            Cell("8"),
            Cell(f"{term}の提供の方法"),
            Cell("媒体：□CD-R　□DVD-R\n方法：□窓口での受領　□郵送", blank_lines=2),
        ),
    )
    attachments = tuple(
        ListItem(_document_line(profile, d)) for d in profile.required_documents if d.form is not DocumentKind.PROPOSAL
    )
    sections = (
        Section(
            "提案の内容",
            (Table(rows=rows, header=("", "記載事項", "記入欄"), widths=(1, 7, 8)),),
        ),
        Section("添付書類", (ItemList(attachments, ListStyle.CHECKBOX),)),
        Section(
            "備考",
            (
                _items(
                    [
                        f"提案書類は{profile.submission.copies}部提出してください。",
                        "記入欄が不足する場合は、別紙に記載して添付してください。",
                        "氏名又は名称及び住所又は居所は、本人確認書類の記載と一致させてください。",
                    ],
                    ListStyle.PARENTHESIZED,
                ),
            ),
        ),
    )
    return preamble, sections


def _pledge_form(profile: OrganizationProfile) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """The pledge of no disqualification (法112条3項1号, 規則54条6項; 様式第八 / Nara 第2号様式 / 2017 別記様式第二)."""
    act, _, grounds = _law_citation(profile)
    preamble: tuple[Block, ...] = (
        Paragraph("提案をする者", role=ParagraphRole.SUBHEADING),
        Table(rows=_proposer_rows(), widths=(2, 5)),
        Paragraph(
            f"私（法人その他の団体にあっては、当該団体及びその役員）は、{act}{grounds}に掲げる者のいずれにも該当しない"
            "ことを誓約します。"
        ),
    )
    if profile.legal_regime is LegalRegime.LEGACY_2017:
        return preamble, ()
    return preamble, (Section(f"（参考）{act}{grounds}", (_items(disqualification_grounds()),)),)


def _power_of_attorney_form(profile: OrganizationProfile) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """The proxy's authority (規則54条2項; Nara 第3号様式)."""
    term = _TERM[profile.legal_regime]
    act, article, _ = _law_citation(profile)
    preamble: tuple[Block, ...] = (
        Paragraph("代理人", role=ParagraphRole.SUBHEADING),
        Table(rows=((Cell("氏名又は名称"), _blank()), (Cell("住所又は居所"), _blank(2))), widths=(2, 5)),
        Paragraph("私は、上記の者を代理人と定め、次の権限を委任します。"),
    )
    sections = (
        Section(
            "委任事項",
            (
                Paragraph(
                    f"{profile.name}に対する{act}{article}の規定による{term}をその用に供して行う事業に関する提案並びに"
                    "これに関する書類の提出、訂正及び受領に関する一切の権限"
                ),
            ),
        ),
        Section("委任者", (Table(rows=_proposer_rows(), widths=(2, 5)),)),
    )
    return preamble, sections


@dataclass(frozen=True, slots=True)
class ChangeNotificationFacts:
    """What the organization already knows when it hands a recipient the 記載事項変更申出書 to fill in: the contract
    and its current handlers. Every field may be blank (the blank form)."""

    contract_number: str = ""
    concluded_on: date | None = None
    recipient_name: str = ""
    recipient_address: str = ""
    handlers: tuple[str, ...] = ()
    """The handlers in force, each 「氏名（所属・役職）」: the 変更前 column."""


def _change_notification_form(
    profile: OrganizationProfile, facts: ChangeNotificationFacts | None = None
) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """The recipient's notice of a minor change, above all of its handlers (Nara 要綱第2-13(1) 第7号様式: 除外・追加・
    交代, the addition and the replacement taking effect once the owning division accepts the reason; Fukuoka
    要綱第10-2(1)ア 標準様式第二). A change of the business itself (利用期間の延長, 利用目的の追加・変更) is not made
    with this form but by a proposal under 法118条1項後段."""
    f = facts or ChangeNotificationFacts()
    act = _law_citation(profile)[0]
    basis = profile.forms[DocumentKind.CHANGE_NOTIFICATION].legal_basis
    reuse = profile.forms.get(DocumentKind.REUSE_PROPOSAL)
    reuse_form = f"（{reuse.designation}）" if reuse is not None and reuse.designation else ""
    signer = (
        Table(
            rows=(
                (Cell("住所又は居所"), Cell(f.recipient_address or "")),
                (Cell("氏名又は名称"), Cell(f.recipient_name)),
            ),
            widths=(2, 5),
        )
        if f.recipient_name
        else Table(rows=_proposer_rows(), widths=(2, 5))
    )
    concluded = format_wareki(f.concluded_on) if f.concluded_on else _BLANK_DATE
    number = f.contract_number or "　　　　　　"
    before = "\n".join(f.handlers) if f.handlers else ""
    preamble: tuple[Block, ...] = (
        Paragraph("申出者", role=ParagraphRole.SUBHEADING),
        signer,
        Paragraph(
            f"{concluded}付けで締結した行政機関等匿名加工情報の利用に関する契約（契約番号 {number}）について、"
            "次のとおり記載事項の変更を申し出ます。"
        ),
    )
    sections = (
        Section(
            "1 変更の内容",
            (
                Table(
                    header=("事項", "変更前", "変更後"),
                    rows=(
                        (
                            Cell("取扱者（氏名・所属・役職）\n□除外　□追加　□交代"),
                            Cell(before) if before else _blank(3),
                            _blank(3),
                        ),
                        (Cell("その他の記載事項"), _blank(2), _blank(2)),
                    ),
                    widths=(3, 4, 4),
                ),
            ),
        ),
        Section("2 変更の理由", (Table(rows=((_blank(3),),), widths=(1,)),)),
        Section("3 変更の年月日", (Paragraph(_BLANK_DATE),)),
        Section(
            "注意",
            (
                _items(
                    [
                        f"取扱者の追加又は交代は、{profile.name}がその理由を適切と認めた後に効力を生じます"
                        f"（{basis}）。交代の場合は、交代の前に申し出てください。",
                        "利用期間の延長、利用目的の追加・変更など事業の変更に当たるものは、この申出書ではなく、"
                        f"{act}第118条第1項後段の規定による提案{reuse_form}によってください。",
                    ],
                    ListStyle.PARENTHESIZED,
                ),
            ),
        ),
    )
    return preamble, sections


def build_change_notification(profile: OrganizationProfile, facts: ChangeNotificationFacts) -> Document:
    """The 記載事項変更申出書 of ``profile`` filled with what the organization knows (the contract and the current
    handlers), to hand to a recipient: Nara 第7号様式 (要綱第2-13(1)), Fukuoka 標準様式第二 (要綱第10-2(1)ア)."""
    form = profile.forms[DocumentKind.CHANGE_NOTIFICATION]
    preamble, sections = _change_notification_form(profile, facts)
    return Document(
        kind=DocumentKind.CHANGE_NOTIFICATION,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=_BLANK_DATE,
        designation=form.designation,
        addressee=f"{profile.name}　殿",
        preamble=preamble,
    )


def build_blank_form(profile: OrganizationProfile, kind: DocumentKind) -> Document:
    """A blank official form of ``profile``, titled and numbered from ``profile.forms`` (DOMAIN.md forms table).

    Supported kinds: :data:`BLANK_FORM_KINDS` (proposal 法112条, pledge 法112条3項1号, power of attorney
    規則54条2項) and the change notification after delivery (記載事項変更申出書); another kind raises
    :class:`DocumentKindNotSupported`.
    """
    builders = {
        DocumentKind.PROPOSAL: _proposal_form,
        DocumentKind.PLEDGE: _pledge_form,
        DocumentKind.POWER_OF_ATTORNEY: _power_of_attorney_form,
        DocumentKind.CHANGE_NOTIFICATION: _change_notification_form,
    }
    builder = builders.get(kind)
    if builder is None:
        msg = f"No blank form for {kind.value!r}; supported: {', '.join(k.value for k in BLANK_FORM_KINDS)}."
        raise DocumentKindNotSupported(msg)
    form = profile.forms[kind]
    preamble, sections = builder(profile)
    return Document(
        kind=kind,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=_BLANK_DATE,
        designation=form.designation,
        addressee=f"{profile.name}　殿",
        preamble=preamble,
    )


def build_blank_forms(profile: OrganizationProfile) -> tuple[Document, ...]:
    """Every blank form of :data:`BLANK_FORM_KINDS` the profile names, in that order."""
    return tuple(build_blank_form(profile, kind) for kind in BLANK_FORM_KINDS if kind in profile.forms)
