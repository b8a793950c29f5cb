"""The proposer's pages on the portal: drafts, the live pre-check, attachments, printing, online submission and
corrections. Views parse input, call one service, and render."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tokumei.documents import render_pdf
from tokumei.law.intake import ProposalKind, Severity
from tokumei.law.proposal_forms import build_filled_forms
from tokumei.law.transitions import InvalidTransition, ProposalState
from tokumei.web.accounts.roles import Role
from tokumei.web.accounts.services import create_user
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.document_templates import render_organization_docx
from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile
from tokumei.web.solicitations.models import Solicitation

from . import queries, services, uploads
from .forms import AttachmentForm, ProposalForm, SignupForm
from .models import Attachment, Proposal


@dataclass(frozen=True)
class Refusal:
    """A refusal of the live pre-check shown like a pre-check problem (the template reads ``code`` and ``message``)."""

    field: str
    message: str
    code: str = services.ProposalRefused.code


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _own(request: HttpRequest, pk: int) -> Proposal:
    p = Proposal.objects.select_related("organization", "file", "dataset", "solicitation").filter(pk=pk).first()
    if p is None or not request.user.has_perm("proposals.view_own", p):
        raise Http404
    return p


def signup(request: HttpRequest) -> HttpResponse:
    """A proposer account (individuals and corporations alike); staff accounts are made by administrators."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from tokumei.web.accounts.models import User

        d = form.cleaned_data
        if User.objects.filter(username=d["username"]).exists():
            form.add_error("username", "このログインIDは使われています。別のIDにしてください。")
        else:
            with transaction.atomic():
                user = create_user(
                    username=d["username"],
                    password=d["password"],
                    display_name=d["display_name"],
                    roles=[Role.PROPOSER],
                    email=d["email"],
                    origin=Origin.of(request),
                )
                record_event(
                    "proposals.proposer_registered",
                    actor=user,
                    origin=Origin.of(request),
                    target=user,
                    summary=f"提案者アカウント {user.username} を登録しました。",
                )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("proposals:mine")
    return render(request, "proposals/signup.html", {"form": form})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "proposals/mine.html",
        {
            "proposals": queries.proposer_proposals(request.user),  # type: ignore[arg-type]
            "targets": queries.open_targets(today),
            "datasets": queries.open_datasets(today),
        },
    )


@login_required
def start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("proposals:mine")
    kind = ProposalKind(request.POST.get("kind", "new"))
    try:
        if kind is ProposalKind.NEW:
            s = Solicitation.objects.filter(pk=request.POST.get("solicitation")).first()
            f = PersonalInformationFile.objects.filter(pk=request.POST.get("file")).first()
            p = services.start_draft(
                owner=request.user,
                kind=kind,
                solicitation=s,
                file=f,
                origin=Origin.of(request),  # type: ignore[arg-type]
            )
        else:
            d = AnonymizedDataset.objects.filter(pk=request.POST.get("dataset")).first()
            p = services.start_draft(owner=request.user, kind=kind, dataset=d, origin=Origin.of(request))  # type: ignore[arg-type]
    except services.ProposalRefused as exc:
        for m in exc.problems:
            messages.error(request, m)
        return redirect("proposals:mine")
    return redirect("proposals:edit", p.pk)


def refused_on(form: ProposalForm, exc: services.ProposalRefused) -> None:
    """A refusal shown on the field it concerns (the contract number, the 法人番号, …), else above the form."""
    for message in exc.problems:
        form.add_error(exc.field if exc.field in form.fields else None, message)


def _precheck_context(p: Proposal, refused: services.ProposalRefused | None = None) -> dict[str, object]:
    today = timezone.localdate()
    problems = queries.precheck_problems(p, today)
    shown = [Refusal(refused.field or "", m) for m in refused.problems] if refused else []
    if refused is not None and refused.field == "contract_number":  # the refusal says more than "missing"
        problems = tuple(x for x in problems if x.field != "contract_reference")
    return {
        "problems": [*shown, *(x for x in problems if x.severity == Severity.ERROR)],
        "notes": [x for x in problems if x.severity != Severity.ERROR],
        "p": p,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = _own(request, pk)
    context = _precheck_context(p)
    context.update(
        {
            "attachments": queries.live_attachments(p),
            "corrections": p.corrections.all(),
            "editable": queries.editable_by_proposer(p),
            "online": p.organization.profile.submission.online,
            "submission": p.organization.profile.submission,
            "desk": p.organization.profile.reception_desk,
        }
    )
    return render(request, "proposals/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    p = _own(request, pk)
    if not queries.editable_by_proposer(p):
        messages.error(request, f"この提案は「{ProposalState(p.state).label}」のため変更できません。")
        return redirect("proposals:detail", p.pk)
    initial = ProposalForm.initial_from(services.input_of(p), p.file)
    form = ProposalForm(request.POST or None, initial=initial, kind=p.kind, file=p.file)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(p, form.to_input(), actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        except services.ProposalRefused as exc:
            refused_on(form, exc)
        else:
            messages.success(request, "保存しました。下の事前確認の結果を確かめてください。")
            return redirect("proposals:edit", p.pk)
    context = _precheck_context(p)
    context["form"] = form
    return render(request, "proposals/edit.html", context)


@login_required
def precheck(request: HttpRequest, pk: int) -> HttpResponse:
    """The live pre-check (htmx): the form as typed, checked without saving (Nara 要綱第2-3)."""
    p = _own(request, pk)
    refused = None
    if request.method == "POST" and queries.editable_by_proposer(p):
        form = ProposalForm(request.POST, kind=p.kind, file=p.file)
        if form.is_valid():
            try:
                services._apply(p, form.to_input())  # in memory only: nothing is saved
            except services.ProposalRefused as exc:  # e.g. an unknown contract number: shown, not a server error
                refused = exc
    return render(request, "proposals/_precheck.html", _precheck_context(p, refused))


@login_required
def attachments(request: HttpRequest, pk: int) -> HttpResponse:
    p = _own(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
        meta = services.AttachmentInput(
            kind=d["kind"],
            holder=d["holder"] or "proposer",
            document_type=d["document_type"],
            issued_on=d["issued_on"],
            valid_until=d["valid_until"],
            name_on_document=d["name_on_document"],
            address_on_document=d["address_on_document"],
            front_side_only=d["front_side_only"],
            alternative_reason=d["alternative_reason"],
        )
        try:
            services.add_attachments(p, files, meta, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        except (uploads.UploadRefused, services.ProposalRefused) as exc:
            form.add_error("files" if isinstance(exc, uploads.UploadRefused) else None, str(exc))
        else:
            messages.success(request, "書類を登録しました。")
            return redirect("proposals:attachments", p.pk)
    context = _precheck_context(p)
    context.update(
        {"form": form, "attachments": queries.live_attachments(p), "editable": queries.editable_by_proposer(p)}
    )
    return render(request, "proposals/attachments.html", context)


@login_required
def remove_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    p = _own(request, pk)
    a = Attachment.objects.filter(pk=attachment_id, proposal=p, removed_at__isnull=True).first()
    if a is None:
        raise Http404
    if request.method == "POST":
        try:
            services.remove_attachment(a, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        except services.ProposalRefused as exc:
            messages.error(request, str(exc))
    return redirect("proposals:attachments", p.pk)


@login_required
def download_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    p = _own(request, pk)
    a = Attachment.objects.filter(pk=attachment_id, proposal=p).exclude(stored_name="").first()
    if a is None:
        raise Http404
    return attachment_response(a)


def attachment_response(a: Attachment) -> HttpResponse:
    path = uploads.path_for(a.proposal.organization_id, a.proposal_id, a.stored_name)
    if not path.exists():
        raise Http404
    response = FileResponse(
        io.BytesIO(uploads.read_stored(path)),
        content_type=a.content_type,
        as_attachment=True,
        filename=a.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def forms_of(p: Proposal) -> list:
    return list(build_filled_forms(p.organization.profile, queries.print_facts(p, timezone.localdate())))


@login_required
def print_forms(request: HttpRequest, pk: int) -> HttpResponse:
    p = _own(request, pk)
    documents = forms_of(p)
    context = _precheck_context(p)
    context.update(
        {
            "documents": [(i, d) for i, d in enumerate(documents)],
            "submission": p.organization.profile.submission,
            "desk": p.organization.profile.reception_desk,
        }
    )
    return render(request, "proposals/print.html", context)


@login_required
def print_file(request: HttpRequest, pk: int, index: int, fmt: str) -> HttpResponse:
    p = _own(request, pk)
    documents = forms_of(p)
    if fmt not in CONTENT_TYPES or not 0 <= index < len(documents):
        raise Http404
    document = documents[index]
    data = render_pdf(document) if fmt == "pdf" else render_organization_docx(document)
    record_event(
        "proposals.forms_printed",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} の「{document.title}」を{fmt.upper()}で出力しました。",
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{p.reference}-{index + 1}-{document.kind.value}.{fmt}"'
    return response


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    p = _own(request, pk)
    if request.method == "POST":
        try:
            if p.state == ProposalState.CORRECTION_REQUESTED and not p.organization.profile.submission.online:
                services.resubmit_correction(p, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
                messages.success(request, "訂正した内容を提出しました。窓口での確認をお待ちください。")
            else:
                services.submit_online(p, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
                messages.success(request, "提出しました。窓口での確認をお待ちください。")
        except services.ProposalRefused as exc:
            for m in exc.problems:
                messages.error(request, m)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
    return redirect("proposals:detail", p.pk)


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    p = _own(request, pk)
    if request.method == "POST":
        try:
            services.withdraw(p, request.POST.get("reason", ""), actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
            messages.success(request, "提案を取り下げました。")
        except InvalidTransition as exc:
            messages.error(request, str(exc))
    return redirect("proposals:detail", p.pk)
