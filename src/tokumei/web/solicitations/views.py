"""Staff pages of solicitations. Views parse input, call one service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tokumei.law.solicitation import SolicitationRefused
from tokumei.law.transitions import InvalidTransition
from tokumei.web.core.audit import Origin
from tokumei.web.core.document_numbers import DocumentNumberRefused, DuplicateDocumentNumber

from . import services
from .forms import SolicitationForm
from .models import Solicitation
from .queries import staff_solicitations, yearly_duty_warnings


def _get(request: HttpRequest, pk: int, perm: str = "solicitations.view") -> Solicitation:
    s = Solicitation.objects.select_related("organization").filter(pk=pk).first()
    if s is None or not request.user.has_perm("solicitations.view", s):
        raise Http404
    if perm != "solicitations.view" and not request.user.has_perm(perm, s):
        raise PermissionDenied("提案の募集を作成・公示できるのは、この機関で募集を担当する部署の職員です。")
    return s


@login_required
def solicitation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_org_staff:  # type: ignore[union-attr]
        raise PermissionDenied("職員として登録されていません。")
    org = user.organization  # type: ignore[union-attr]
    return render(
        request,
        "solicitations/staff_list.html",
        {
            "solicitations": staff_solicitations(org),
            "warnings": yearly_duty_warnings(org, timezone.localdate()),
            "can_add": user.has_perm("solicitations.add"),
        },
    )


def _input(form: SolicitationForm) -> services.SolicitationInput:
    d = form.cleaned_data
    return services.SolicitationInput(
        title=d["title"],
        first_day=d["first_day"],
        last_day=d["last_day"],
        closing_time=d["closing_time"],
        notice_date=d["notice_date"],
        notice_number=d["notice_number"],
        in_person=d["in_person"],
        by_mail=d["by_mail"],
        online=d.get("online", False),
        copies=d["copies"],
        note=d["note"],
        file_ids=[f.pk for f in d["files"]],
    )


@login_required
def solicitation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    if pk is None:
        if not user.has_perm("solicitations.add"):
            raise PermissionDenied("提案の募集を作成できるのは、この機関で募集を担当する部署の職員です。")
        solicitation, org = None, user.organization  # type: ignore[union-attr]
        initial = {"copies": org.profile.submission.copies}
    else:
        solicitation = _get(request, pk, "solicitations.manage")
        org = solicitation.organization
        initial = {
            "title": solicitation.title,
            "files": list(solicitation.files.all()),
            "first_day": solicitation.first_day,
            "last_day": solicitation.last_day,
            "closing_time": solicitation.closing_time,
            "notice_date": solicitation.notice_date,
            "notice_number": solicitation.notice_number,
            "in_person": solicitation.in_person,
            "by_mail": solicitation.by_mail,
            "online": solicitation.online,
            "copies": solicitation.copies,
            "note": solicitation.note,
        }
    form = SolicitationForm(request.POST or None, initial=initial, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            saved, check = services.save_draft(
                org,
                _input(form),
                actor=user,
                origin=Origin.of(request),
                solicitation=solicitation,  # type: ignore[arg-type]
            )
        except SolicitationRefused as exc:
            for p in exc.problems:
                form.add_error(p.field if p.field in form.fields else None, p.message)
        except DuplicateDocumentNumber as exc:
            form.add_error("notice_number", str(exc))
        except (ValueError, services.SolicitationNotEditable) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "下書きを保存しました。" + ("公示の前に、下の指摘を直してください。" if not check.ok else "")
            )
            return redirect("solicitations:detail", saved.pk)
    return render(request, "solicitations/staff_edit.html", {"form": form, "solicitation": solicitation})


@login_required
def solicitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(request, pk)
    check = services.check(s.organization, services._input_of(s), publishing=s.state == "draft")
    return render(
        request,
        "solicitations/staff_detail.html",
        {
            "s": s,
            "check": check,
            "targets": s.targets.select_related("file"),
            "can_manage": request.user.has_perm("solicitations.manage", s),
            "period_over": services.period_is_over(s, timezone.now()),
        },
    )


@login_required
def solicitation_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    s = _get(request, pk, "solicitations.manage")
    if request.method != "POST":
        return redirect("solicitations:detail", s.pk)
    actions = {"publish": services.publish, "close": services.close, "archive": services.archive}
    if action not in actions:
        raise Http404
    try:
        actions[action](s, actor=request.user, origin=Origin.of(request))  # type: ignore[operator]
    except SolicitationRefused as exc:
        for p in exc.problems:
            messages.error(request, p.message)
    except (InvalidTransition, services.SolicitationNotOver, DocumentNumberRefused) as exc:
        messages.error(request, str(exc))
    else:
        labels = {"publish": "公示しました。", "close": "締め切りました。", "archive": "保存済みにしました。"}
        messages.success(request, labels[action])
    return redirect("solicitations:detail", s.pk)
