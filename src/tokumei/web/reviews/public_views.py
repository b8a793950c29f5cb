"""The proposer's portal page of a decision: the notice and, for an approval, the contract application and the two
unsigned contract copies, as DOCX/PDF (every download audited)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Review
from .views import document_response


def _decision(request: HttpRequest, proposal_id: int) -> Review:
    review = Review.objects.select_related("organization", "proposal").filter(proposal_id=proposal_id).first()
    if review is None or not request.user.has_perm("reviews.view_decision", review):
        raise Http404
    return review


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    review = _decision(request, pk)
    return render(
        request,
        "reviews/decision.html",
        {"review": review, "p": review.proposal, "documents": review.documents.all()},
    )


@login_required
def decision_document(request: HttpRequest, pk: int, document_id: int, fmt: str) -> HttpResponse:
    review = _decision(request, pk)
    document = review.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document_response(request, document, fmt)
