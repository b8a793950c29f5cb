"""The public portal (no login): what later stages publish — the register, solicitation notices, created
datasets — and the organizations served by this installation with their reception desks (法127条: help
would-be proposers find the files and the desk)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tokumei.web.accounts.models import Organization
from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile
from tokumei.web.solicitations.queries import open_solicitations


def home(request: HttpRequest) -> HttpResponse:
    organizations = list(Organization.objects.all())
    context = {
        "organizations": organizations,
        "target_count": PersonalInformationFile.objects.published().proposal_targets().count(),
        "dataset_count": AnonymizedDataset.objects.filter(file__published=True).count(),
        "open_count": open_solicitations(timezone.localdate()).count(),
    }
    return render(request, "portal/home.html", context)
