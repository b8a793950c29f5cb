"""The filled official forms of a proposal and the cover sheet to print them with (paper submission).

Where the profile allows no online submission (all five seeds: 「持参又は郵送・信書便」), the proposer prints the
proposal on the organization's form — 別記様式第七 (新規, 法112条) or 第十二 (法118条) under the national rule,
Nara 第1号・第8号様式 — with the pledge (様式第八 / Nara 第2号様式) and, for a proxy, the power of attorney (Nara
第3号様式), plus a cover sheet carrying the portal's reference number so the desk can match the paper with the draft.
The layout follows :mod:`tokumei.law.notices` (the blank forms); here the blanks are filled.

Pure: no I/O, no clock (the date printed is passed in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tokumei.law.calendar import format_wareki
from tokumei.law.intake import Handler, Party, ProposalKind
from tokumei.law.notices import (
    Align,
    Block,
    Cell,
    Document,
    DocumentLayout,
    ItemList,
    ListItem,
    ListStyle,
    Paragraph,
    ParagraphRole,
    Section,
    Table,
    disqualification_grounds,
)
from tokumei.law.organization import DocumentKind, OrganizationProfile
from tokumei.law.solicitation import SolicitationPeriod

__all__ = ["ProposalPrintFacts", "build_cover_sheet", "build_filled_forms", "proposal_form_kind"]

_TERM = "行政機関等匿名加工情報"


@dataclass(frozen=True, slots=True)
class ProposalPrintFacts:
    """What the printed forms show, as text (built by the web layer from the proposal)."""

    reference: str
    kind: ProposalKind
    proposal_date: date | None
    proposer: Party
    phone: str
    email: str
    department: str
    person_in_charge: str
    joint: tuple[Party, ...]
    proxy: Party | None
    target_name: str
    """Item 2 (the file's name) for a new proposal; the created dataset (item 4) for a 法118条 proposal."""
    subject_count_text: str
    processing_lines: tuple[str, ...]
    contract_reference: str
    purpose: str
    method: str
    business: str
    use_period_text: str
    handlers: tuple[Handler, ...]
    place_of_use: str
    environment: str
    storage_management: str
    delivery_text: str
    attachments: tuple[str, ...]
    period: SolicitationPeriod | None


def proposal_form_kind(kind: ProposalKind) -> DocumentKind:
    """様式第七 for a new proposal (規則54条1項), 様式第十二 for a 法118条 proposal (規則64条1項)."""
    return DocumentKind.PROPOSAL if kind is ProposalKind.NEW else DocumentKind.REUSE_PROPOSAL


def _date_text(day: date | None) -> str:
    return format_wareki(day) if day is not None else "　　　　年　　月　　日"


def _party_table(party: Party) -> Table:
    rows = [(Cell("氏名又は名称"), Cell(party.name)), (Cell("住所又は居所"), Cell(party.address))]
    if party.kind.is_body:
        rows.append((Cell("代表者の氏名"), Cell(party.representative)))
    return Table(rows=tuple(rows), widths=(2, 5))


def _proposal(profile: OrganizationProfile, facts: ProposalPrintFacts) -> Document:
    kind = proposal_form_kind(facts.kind)
    form = profile.form(kind)
    article = "第112条第1項" if facts.kind is ProposalKind.NEW else "第118条第1項"
    preamble: list[Block] = [
        Paragraph("提案をする者", role=ParagraphRole.SUBHEADING),
        _party_table(facts.proposer),
    ]
    for i, party in enumerate(facts.joint):
        preamble += [Paragraph(f"共同提案者{i + 1}", role=ParagraphRole.SUBHEADING), _party_table(party)]
    if facts.proxy is not None:
        preamble += [Paragraph("代理人", role=ParagraphRole.SUBHEADING), _party_table(facts.proxy)]
    preamble += [
        Paragraph(
            f"個人情報の保護に関する法律{article}の規定に基づき、下記のとおり{_TERM}をその用に供して行う事業に関する"
            "提案をします。"
        ),
        Paragraph("記", role=ParagraphRole.LEAD, align=Align.CENTER),
    ]
    contact = "\n".join(
        x
        for x in (
            f"担当部署: {facts.department}" if facts.department else "",
            f"担当者: {facts.person_in_charge}" if facts.person_in_charge else "",
            f"電話番号: {facts.phone}",
            f"電子メールアドレス: {facts.email}",
        )
        if x
    )
    handlers = "\n".join(f"{h.name}（{h.post}・{h.title}）" for h in facts.handlers)
    safety = (
        f"取扱者: \n{handlers}\n利用する場所: {facts.place_of_use}\n利用する環境: {facts.environment}\n"
        f"保管及び管理の方法: {facts.storage_management}"
    )
    rows: list[tuple[Cell, ...]] = [
        (Cell("1"), Cell("提案をする者の氏名又は名称及び住所又は居所並びに代表者の氏名"), Cell("上欄のとおり")),
        (Cell(""), Cell("連絡先"), Cell(contact)),
    ]
    if facts.kind is ProposalKind.NEW:
        rows += [
            (Cell("2"), Cell("提案に係る個人情報ファイルの名称"), Cell(facts.target_name)),
            (Cell("3"), Cell(f"提案に係る{_TERM}の本人の数"), Cell(facts.subject_count_text)),
            (Cell("4"), Cell("加工の方法を特定するに足りる事項"), Cell("\n".join(facts.processing_lines))),
        ]
    else:
        item4 = f"作成済みの{_TERM}: {facts.target_name}"
        if facts.kind is ProposalKind.CHANGE:
            item4 += f"\n変更しようとする契約: {facts.contract_reference}"
        rows.append((Cell("4"), Cell(f"提案に係る{_TERM}を特定する事項"), Cell(item4)))
    rows += [
        (
            Cell("5"),
            Cell("利用の目的及び方法その他事業の内容"),
            Cell(f"利用の目的: {facts.purpose}\n利用の方法: {facts.method}\n事業の内容: {facts.business}"),
        ),
        (Cell("6"), Cell("事業の用に供しようとする期間"), Cell(facts.use_period_text)),
        (Cell("7"), Cell("漏えいの防止その他の適切な管理のために講ずる措置"), Cell(safety)),
        (Cell("8"), Cell("提供の方法"), Cell(facts.delivery_text)),
    ]
    sections = (
        Section("提案の内容", (Table(rows=tuple(rows), header=("", "記載事項", "記載内容"), widths=(1, 6, 9)),)),
        Section(
            "添付書類",
            (ItemList(tuple(ListItem(a, marker="☑") for a in facts.attachments), ListStyle.CHECKBOX),),
        ),
    )
    return Document(
        kind=kind,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=_date_text(facts.proposal_date),
        designation=form.designation,
        addressee=f"{profile.name}　殿",
        preamble=tuple(preamble),
        number=f"受付参照番号 {facts.reference}",
    )


def _pledge(profile: OrganizationProfile, facts: ProposalPrintFacts) -> Document:
    form = profile.form(DocumentKind.PLEDGE)
    parties: list[Block] = [Paragraph("提案をする者", role=ParagraphRole.SUBHEADING), _party_table(facts.proposer)]
    for i, party in enumerate(facts.joint):  # each joint proposer is a proposer and pledges too (法112条3項1号)
        parties += [Paragraph(f"共同提案者{i + 1}", role=ParagraphRole.SUBHEADING), _party_table(party)]
    we = "私たち" if facts.joint else "私"
    preamble: tuple[Block, ...] = (
        *parties,
        Paragraph(
            f"{we}（法人その他の団体にあっては、当該団体及びその役員）は、個人情報の保護に関する法律第113条各号に掲げる"
            "者のいずれにも該当しないことを誓約します。"
        ),
    )
    items = tuple(ListItem(g) for g in disqualification_grounds())
    return Document(
        kind=DocumentKind.PLEDGE,
        organization_id=profile.id,
        title=form.title,
        sections=(Section("（参考）個人情報の保護に関する法律第113条各号", (ItemList(items),)),),
        layout=DocumentLayout.FORM,
        date_wareki=_date_text(facts.proposal_date),
        designation=form.designation,
        addressee=f"{profile.name}　殿",
        preamble=preamble,
    )


def _power_of_attorney(profile: OrganizationProfile, facts: ProposalPrintFacts, proxy: Party) -> Document:
    form = profile.form(DocumentKind.POWER_OF_ATTORNEY)
    preamble: tuple[Block, ...] = (
        Paragraph("代理人", role=ParagraphRole.SUBHEADING),
        _party_table(proxy),
        Paragraph(f"{'私たち' if facts.joint else '私'}は、上記の者を代理人と定め、次の権限を委任します。"),
    )
    sections = (
        Section(
            "委任事項",
            (
                Paragraph(
                    f"{profile.name}に対する{_TERM}をその用に供して行う事業に関する提案"
                    f"（受付参照番号 {facts.reference}）"
                    "並びにこれに関する書類の提出、訂正及び受領に関する一切の権限"
                ),
            ),
        ),
        Section("委任者", (_party_table(facts.proposer), *(_party_table(party) for party in facts.joint))),
    )
    return Document(
        kind=DocumentKind.POWER_OF_ATTORNEY,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=_date_text(facts.proposal_date),
        designation=form.designation,
        addressee=f"{profile.name}　殿",
        preamble=preamble,
    )


def build_cover_sheet(profile: OrganizationProfile, facts: ProposalPrintFacts) -> Document:
    """The cover sheet: reference number, where and how to submit (profile.submission), what is enclosed."""
    desk = profile.reception_desk
    submission = profile.submission
    how = []
    if submission.in_person:
        how.append(f"持参: {desk.opening_hours.describe()}")
    if submission.by_mail:
        arrive = "（募集期間の末日までに必着）" if submission.mail_must_arrive_by_last_day else ""
        how.append(f"郵送又は信書便{arrive}")
        if submission.envelope_note:
            how.append(f"封筒の表に「{submission.envelope_note}」と朱書きしてください。")
    how.append(f"提出部数: {submission.copies}部（正本1部と写し）" if submission.copies > 1 else "提出部数: 1部")
    rows = (
        (Cell("受付参照番号"), Cell(facts.reference)),
        (Cell("提案の種類"), Cell(facts.kind.label)),
        (Cell("提案をする者"), Cell(facts.proposer.name)),
        (Cell("対象"), Cell(facts.target_name)),
        (Cell("提案をすることができる期間"), Cell(facts.period.describe() if facts.period else "（定めなし）")),
        (
            Cell("提出先"),
            Cell(
                "\n".join(
                    x for x in (desk.name, f"〒{desk.postal_code}" if desk.postal_code else "", desk.address or "") if x
                )
            ),
        ),
    )
    enclosed = tuple(ListItem(text) for text in ("提案書", "誓約書", *facts.attachments))
    sections = (
        Section("提案書類の送付", (Table(rows=rows, widths=(2, 5)),)),
        Section("提出の方法", (ItemList(tuple(ListItem(x) for x in how), ListStyle.BULLET),)),
        Section("同封する書類", (ItemList(enclosed, ListStyle.CHECKBOX),)),
        Section(
            "ご注意",
            (
                Paragraph(
                    "ポータルの事前確認は書類の形式的な確認です。事前確認を通ったことは、提案が審査基準に適合することや、"
                    "提案が承認されることを意味しません（審査は受付の後に行います）。"
                ),
                Paragraph("提出された書類は返却しません。この表紙を提案書類の一番上に付けてください。"),
            ),
        ),
    )
    return Document(
        kind=DocumentKind.PROPOSAL,
        organization_id=profile.id,
        title="行政機関等匿名加工情報に関する提案書類　送付書",
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=_date_text(facts.proposal_date),
        addressee=f"{profile.name}　殿（{desk.short_name}）",
    )


def build_filled_forms(profile: OrganizationProfile, facts: ProposalPrintFacts) -> tuple[Document, ...]:
    """Cover sheet, proposal, pledge and (for a proxy) the power of attorney, filled from ``facts``."""
    documents = [build_cover_sheet(profile, facts), _proposal(profile, facts), _pledge(profile, facts)]
    if facts.proxy is not None and DocumentKind.POWER_OF_ATTORNEY in profile.forms:
        documents.append(_power_of_attorney(profile, facts, facts.proxy))
    return tuple(documents)
