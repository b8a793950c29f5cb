"""Render the seed notices and every profile's blank forms to DOCX and PDF, then open them and read them back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from io import BytesIO
from typing import Any

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tokumei.documents import render_docx, render_pdf
from tokumei.law.notices import (
    Document,
    NoticeTargetFile,
    SolicitationNoticeFacts,
    build_blank_forms,
    build_solicitation_notice,
)
from tokumei.law.organization import OrganizationProfile
from tokumei.law.solicitation import SolicitationPeriod
from tokumei.profiles import load_builtin_profiles

PROFILES: dict[str, OrganizationProfile] = load_builtin_profiles()
A4_POINTS = (595.28, 841.89)
STANDARD_14 = {
    "/Helvetica",
    "/Helvetica-Bold",
    "/Times-Roman",
    "/Courier",
    "/Symbol",
    "/ZapfDingbats",
}


def _kumamoto() -> Document:
    return build_solicitation_notice(
        PROFILES["kumamoto-city"],
        SolicitationNoticeFacts(
            period=SolicitationPeriod(date(2025, 12, 19), date(2026, 1, 20)),
            notice_date=date(2025, 12, 19),
            target_files=(
                NoticeTargetFile(
                    "特定健康診査等データファイル",
                    "髙齢者を含む被保険者の健診結果 <A&B>",
                    "熊本市ホームページ「個人情報ファイル簿」",
                ),
            ),
        ),
    )


def _isa() -> Document:
    return build_solicitation_notice(
        PROFILES["isa"],
        SolicitationNoticeFacts(
            period=SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13), time(17, 0)),
            notice_date=date(2026, 2, 2),
            target_files=(NoticeTargetFile("在留外国人統計ファイル", "在留資格別の記録（担当：髙橋）", "e-Gov"),),
        ),
    )


def _docx_text(data: bytes) -> str:
    word = open_docx(BytesIO(data))
    lines = [p.text for p in word.paragraphs]
    lines.extend(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _normalized(text: str) -> str:
    return "".join(text.split())


def _fonts(data: bytes) -> Iterator[DictionaryObject]:
    reader = PdfReader(BytesIO(data))
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts = resources.get_object().get("/Font")
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            yield ref.get_object()


def _descriptors(font: DictionaryObject) -> Iterator[DictionaryObject]:
    if "/FontDescriptor" in font:
        yield font["/FontDescriptor"].get_object()
    for descendant in font.get("/DescendantFonts", []):
        yield from _descriptors(descendant.get_object())


# --------------------------------------------------------------------------------------------------
# Notices
# --------------------------------------------------------------------------------------------------


def test_kumamoto_notice_docx_holds_the_seed_facts() -> None:
    # given the Kumamoto notice; when rendered to DOCX and opened with python-docx
    data = render_docx(_kumamoto())
    text = _docx_text(data)
    # then the Japanese text is there, 髙 included, with the seed's period
    assert "令和7年度「行政機関等匿名加工情報」に関する提案の募集の公示" in text
    assert "令和7年12月19日（金）から令和8年1月20日（火）まで" in text
    assert "髙齢者" in text
    assert "<A&B>" in text
    assert "熊本市総務局行政管理部法制課（情報公開窓口）" in text
    assert "拘禁刑以上" in text
    assert "デモ用の仮の値" in text


def test_isa_notice_pdf_holds_the_seed_facts() -> None:
    data = render_pdf(_isa())
    text = _normalized(_pdf_text(data))
    assert data.startswith(b"%PDF-")
    assert "令和8年2月9日（月）から令和8年3月13日（金）午後5時まで" in text
    assert "出入国在留管理庁総務課出入国情報開示係" in text
    assert "髙橋" in text
    assert "03-5363-3005" in text


def test_kumamoto_notice_pdf_holds_the_seed_facts() -> None:
    text = _normalized(_pdf_text(render_pdf(_kumamoto())))
    assert "令和7年12月19日（金）から令和8年1月20日（火）まで" in text
    assert "髙齢者" in text
    assert "<A&B>" in text
    assert "［デモ用の仮の値］" in text
    assert "-1-" in text  # page number


def test_pdf_is_a4_and_embeds_the_japanese_font() -> None:
    # given a rendered PDF
    data = render_pdf(_isa())
    reader = PdfReader(BytesIO(data))
    # then every page is A4
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.5)
    # and IPAexGothic is embedded (a subset with FontFile2); no other font carries text unembedded
    embedded = []
    for font in _fonts(data):
        descriptors = list(_descriptors(font))
        if any("/FontFile2" in d for d in descriptors):
            embedded.append(str(font["/BaseFont"]))
        else:
            assert font["/BaseFont"] in STANDARD_14, font["/BaseFont"]
    assert embedded
    assert all(name.endswith("+IPAexGothic") for name in embedded)
    assert reader.metadata is not None
    assert reader.metadata.title == "令和7年度「行政機関等匿名加工情報」に関する提案の募集の公示"


def test_docx_is_a4_with_japanese_fonts_in_the_styles() -> None:
    word = open_docx(BytesIO(render_docx(_kumamoto())))
    section = word.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    normal = word.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "MS 明朝"
    heading = word.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "MS ゴシック"
    assert heading.get(qn("w:asciiTheme")) is None
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[0] == "1　趣旨"
    assert headings[-1] == "11　提案に関する連絡先"
    assert word.core_properties.title.startswith("令和7年度")
    footer_xml = word.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml


# --------------------------------------------------------------------------------------------------
# Blank forms for every profile
# --------------------------------------------------------------------------------------------------


FORMS = [(pid, form) for pid in sorted(PROFILES) for form in build_blank_forms(PROFILES[pid])]


@pytest.mark.parametrize(("profile_id", "form"), FORMS, ids=[f"{p}-{f.kind.value}" for p, f in FORMS])
def test_blank_form_renders_to_docx(profile_id: str, form: Document) -> None:
    text = _docx_text(render_docx(form))
    assert form.title in text
    if form.designation:
        assert form.designation in text
    assert f"{PROFILES[profile_id].name}　殿" in text


@pytest.mark.parametrize(("profile_id", "form"), FORMS, ids=[f"{p}-{f.kind.value}" for p, f in FORMS])
def test_blank_form_renders_to_pdf(profile_id: str, form: Document) -> None:
    data = render_pdf(form)
    text = _normalized(_pdf_text(data))
    assert _normalized(form.title) in text
    if form.designation:
        assert _normalized(form.designation) in text
    assert any(any("/FontFile2" in d for d in _descriptors(f)) for f in _fonts(data))
    assert _normalized(PROFILES[profile_id].name) in text


def test_proposal_form_pdf_has_the_112_items() -> None:
    (proposal, *_) = build_blank_forms(PROFILES["nara-police"])
    text = _normalized(_pdf_text(render_pdf(proposal)))
    assert "第1号様式" in text
    assert "本人の数" in text
    assert "加工の方法を特定するに足りる事項" in text
    assert "□CD-R" in text
