"""The organization's own Word template (docxtpl), document numbers and the font's licence."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as new_docx

from tokumei.documents import (
    DocumentNumberError,
    NumberStyle,
    document_context,
    find_template,
    format_document_number,
    ipaex_gothic,
    render_docx,
)
from tokumei.law.notices import NoticeTargetFile, SolicitationNoticeFacts, build_solicitation_notice
from tokumei.law.organization import DocumentKind
from tokumei.law.solicitation import SolicitationPeriod
from tokumei.profiles import load_builtin_profiles

PROFILES = load_builtin_profiles()
NOTICE = build_solicitation_notice(
    PROFILES["kumamoto-city"],
    SolicitationNoticeFacts(
        period=SolicitationPeriod(date(2025, 12, 19), date(2026, 1, 20)),
        notice_date=date(2025, 12, 19),
        target_files=(NoticeTargetFile("髙齢者ファイル <A&B>", "概要", "熊本市ホームページ"),),
        number="熊法第12号",
    ),
)


def _template(tmp_path: Path) -> Path:
    word = new_docx()
    word.add_paragraph("{{ number }}　{{ date }}")
    word.add_paragraph("{{ title }}")
    word.add_paragraph("{% for s in sections %}[{{ s.title }}]{% endfor %}")
    word.add_paragraph(
        "{% for b in sections[1].blocks %}{% if b.kind == 'table' %}{{ b.rows[0][0].text }}{% endif %}{% endfor %}"
    )
    word.add_paragraph("{{ organization_name }}")
    path = tmp_path / "kumamoto-city" / "solicitation_notice.docx"
    path.parent.mkdir()
    word.save(str(path))
    return path


def test_organization_template_is_rendered_with_docxtpl(tmp_path: Path) -> None:
    # given an organization's own Word file with Jinja tags, found where find_template looks
    path = _template(tmp_path)
    found = find_template(tmp_path, "kumamoto-city", DocumentKind.SOLICITATION_NOTICE)
    assert found == path
    # when the notice is rendered through it
    data = render_docx(NOTICE, template=found, extra_context={"organization_name": "熊本市"})
    # then the tags are filled, escaped safely, and the file opens
    text = "\n".join(p.text for p in new_docx(BytesIO(data)).paragraphs)
    assert "熊法第12号　令和7年12月19日" in text
    assert "令和7年度「行政機関等匿名加工情報」に関する提案の募集の公示" in text
    assert "[1　趣旨][2　提案の対象となる個人情報ファイル]" in text
    assert "髙齢者ファイル <A&B>" in text
    assert "熊本市" in text
    # and the same template given as bytes renders the same text
    again = render_docx(NOTICE, template=path.read_bytes(), extra_context={"organization_name": "熊本市"})
    assert "\n".join(p.text for p in new_docx(BytesIO(again)).paragraphs) == text


def test_no_template_falls_back_to_the_built_in(tmp_path: Path) -> None:
    assert find_template(tmp_path, "isa", DocumentKind.SOLICITATION_NOTICE) is None


def test_document_context_is_plain_data() -> None:
    context = document_context(NOTICE)
    assert context["title"] == NOTICE.title
    assert context["has_placeholders"] is True
    assert context["placeholder_label"] == "デモ用の仮の値"
    kinds = {b["kind"] for s in context["sections"] for b in s["blocks"]}
    assert kinds == {"paragraph", "list", "table"}
    assert "令和8年1月20日（火）" in context["text"]


@pytest.mark.parametrize(
    ("prefix", "number", "year", "style", "expected"),
    [
        ("県サ", 445, None, NumberStyle.PLAIN, "県サ第445号"),
        ("県サ", 445, 2023, NumberStyle.PLAIN, "県サ第445号"),
        ("熊法", 12, 2025, NumberStyle.ERA_YEAR_PREFIX, "7熊法第12号"),
        ("総", 3, 2019, NumberStyle.ERA_YEAR_PREFIX, "元総第3号"),
        ("総", 1, 2018, NumberStyle.ERA_YEAR_PREFIX, "30総第1号"),
    ],
)
def test_format_document_number(prefix: str, number: int, year: int | None, style: NumberStyle, expected: str) -> None:
    assert format_document_number(prefix, number, year, style=style) == expected


@pytest.mark.parametrize(
    ("prefix", "number", "year", "style", "fragment"),
    [
        ("県サ", 0, None, NumberStyle.PLAIN, "1以上"),
        ("", 1, None, NumberStyle.PLAIN, "記号"),
        ("県サ第", 1, None, NumberStyle.PLAIN, "「第」を含めず"),
        ("県 サ", 1, None, NumberStyle.PLAIN, "空白"),
        ("県サ", 1, None, NumberStyle.ERA_YEAR_PREFIX, "年を指定"),
    ],
)
def test_bad_document_numbers_are_refused(
    prefix: str, number: int, year: int | None, style: NumberStyle, fragment: str
) -> None:
    with pytest.raises(DocumentNumberError) as caught:
        format_document_number(prefix, number, year, style=style)
    assert fragment in str(caught.value)
    assert caught.value.code == "document.invalid_number"


def test_font_comes_from_the_wheel_with_its_licence() -> None:
    font = ipaex_gothic()
    assert font.path.name == "ipaexg.ttf"
    assert font.path.parent.parent.name == "matplotlib_fontja"
    assert font.licence is not None
    assert "IPA Font License" in font.licence.read_text(encoding="utf-8")


def test_notice_file_of_the_package_names_the_font_licence() -> None:
    import tokumei.documents

    notice = Path(tokumei.documents.__file__).with_name("NOTICE.md").read_text(encoding="utf-8")
    assert "IPA Font License Agreement v1.0" in notice
    assert "matplotlib-fontja" in notice
