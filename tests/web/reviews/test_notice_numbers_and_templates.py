"""The decision notice's 文書番号 from the organization's sequence, and the organization's own Word template."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.urls import reverse

from tokumei.law.transitions import ReviewState
from tokumei.web.reviews import services
from tokumei.web.reviews.models import DecisionDocument, Review

from ..conftest import ORIGIN
from .conftest import accepted_proposal

pytestmark = pytest.mark.django_db

REASON = [{"criterion": "c3", "reason": "特定の個人を識別できるレコードが残るため（規則62条5号）。"}]


def _rejected(personas, kumamoto_target) -> Review:
    """A Kumamoto review signed off as "does not meet" (the steps before are tested in test_services.py)."""
    proposal = accepted_proposal(personas, kumamoto_target, "kumamoto")
    review = services.start_review(proposal, actor=personas["kumamoto_division"], origin=ORIGIN)
    Review.objects.filter(pk=review.pk).update(state=ReviewState.REJECTED, failed=REASON)
    review.refresh_from_db()
    return review


def _notify(review: Review, personas, number: str = "", day: date = date(2026, 1, 15)) -> Review:
    return services.issue_notice(
        review, services.NoticeInput(day, number=number), actor=personas["kumamoto_division"], origin=ORIGIN
    )


def _docx_text(document: DecisionDocument) -> str:
    word = docx.Document(io.BytesIO(document.docx_content()))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def test_blank_numbers_are_allotted_in_order_and_printed(personas, kumamoto_target) -> None:
    first = _notify(_rejected(personas, kumamoto_target), personas)
    second = _notify(_rejected(personas, kumamoto_target), personas)
    assert (first.notice_number, second.notice_number) == ("匿審否第1号", "匿審否第2号")
    notice = second.documents.get(kind=DecisionDocument.Kind.REJECTION_NOTICE)
    assert "匿審否第2号" in _docx_text(notice)
    # a notice of the next fiscal year starts again at 1
    later = _notify(_rejected(personas, kumamoto_target), personas, day=date(2026, 4, 1))
    assert later.notice_number == "匿審否第1号"


def test_typed_number_is_kept_but_a_duplicate_is_refused(personas, kumamoto_target) -> None:
    typed = _notify(_rejected(personas, kumamoto_target), personas, number="熊政第7号")
    assert typed.notice_number == "熊政第7号"
    other = _rejected(personas, kumamoto_target)
    with pytest.raises(services.ReviewServiceRefused) as info:
        _notify(other, personas, number="熊政第7号")
    assert (
        f"「熊政第7号」は既に「{typed.proposal.reference}の審査結果通知書」に付けられています" in info.value.problems[0]
    )
    other.refresh_from_db()
    assert other.state == ReviewState.REJECTED  # nothing was issued
    assert not other.documents.exists()


def _template(*paragraphs: str) -> bytes:
    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def test_decision_notice_docx_uses_the_organizations_own_template(
    client, personas, kumamoto_target, settings, tmp_path
) -> None:
    # given Kumamoto City's own Word template for the rejection notice
    settings.DOCUMENT_TEMPLATES_DIR = tmp_path
    (tmp_path / "kumamoto-city").mkdir()
    (tmp_path / "kumamoto-city" / "rejection_notice.docx").write_bytes(
        _template("熊本市独自の審査結果通知書", "{{ number }}", "{{ addressee }}")
    )
    review = _notify(_rejected(personas, kumamoto_target), personas)
    notice = review.documents.get(kind=DecisionDocument.Kind.REJECTION_NOTICE)
    # when staff download it
    client.force_login(personas["kumamoto_division"])
    url = reverse("reviews:document", args=[review.pk, notice.pk, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    # then it is the template filled in; the PDF stays built in
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert paragraphs[:2] == ["熊本市独自の審査結果通知書", "匿審否第1号"]
    assert paragraphs[2]  # the addressee (the proposer)
    assert notice.pdf_content().startswith(b"%PDF")
