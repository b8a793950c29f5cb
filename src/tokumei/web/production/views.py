"""Staff pages of production: request a run, follow its progress, inspect the output (second person)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tokumei.web.core.audit import Origin, record_event
from tokumei.web.register.models import PersonalInformationFile

from . import services
from .models import DeliveryPackage, ProductionRun


class RunForm(forms.Form):
    title = forms.CharField(label="作成する匿名加工情報の名称", max_length=200)
    recipe_yaml = forms.CharField(
        label="加工の方法（レシピ）",
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text="記録項目と匿名加工の方針から作った初期値です。契約で定めた加工の方法に合わせてください。",
    )


class PackageForm(forms.Form):
    medium = forms.ChoiceField(label="媒体", choices=[("cd-r", "CD-R（700MB）"), ("dvd-r", "DVD-R（4.7GB）")])
    password = forms.CharField(
        label="暗号化ZIPのパスワード（12文字以上）",
        min_length=12,
        max_length=128,
        help_text="保存されません。媒体とは別の方法（電話・別送）で提案者に伝えてください。",
    )


class InspectForm(forms.Form):
    decision = forms.ChoiceField(
        label="点検の結果",
        choices=[("approve", "適正に加工されている（承認）"), ("reject", "差し戻す")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="点検の所見", widget=forms.Textarea(attrs={"rows": 3}))


def _run(request: HttpRequest, pk: int, perm: str = "production.view_run") -> ProductionRun:
    run = ProductionRun.objects.select_related("file__organization", "requested_by").filter(pk=pk).first()
    if run is None or not request.user.has_perm("production.view_run", run):
        raise Http404
    if perm != "production.view_run" and not request.user.has_perm(perm, run):
        raise PermissionDenied("この操作を行う権限がありません。")
    return run


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_org_staff:  # type: ignore[union-attr]
        raise PermissionDenied("職員として登録されていません。")
    runs = ProductionRun.objects.filter(file__organization=request.user.organization).select_related("file")  # type: ignore[union-attr]
    return render(request, "production/list.html", {"runs": runs})


@login_required
def run_new(request: HttpRequest, file_id: int) -> HttpResponse:
    file = PersonalInformationFile.objects.select_related("organization").filter(pk=file_id).first()
    if file is None or not request.user.has_perm("register.view_file", file):
        raise Http404
    if not request.user.has_perm("production.run", file):
        raise PermissionDenied("作成を実行できるのは、ファイルを保有する主管課の担当者です。")
    initial = {"title": f"{file.name}から作成した匿名加工情報"}
    try:
        initial["recipe_yaml"] = services.default_recipe(file)
    except services.ProductionRefused as exc:
        messages.error(request, str(exc))
        return redirect("register_staff:detail", file.pk)
    form = RunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.request_run(
                file,
                title=form.cleaned_data["title"],
                recipe_yaml=form.cleaned_data["recipe_yaml"],
                actor=request.user,
                origin=Origin.of(request),  # type: ignore[arg-type]
            )
        except services.ProductionRefused as exc:
            form.add_error("recipe_yaml", str(exc))
        else:
            messages.success(request, "作成を開始しました。進捗はこの画面に表示されます。")
            return redirect("production:detail", run.pk)
    return render(request, "production/new.html", {"file": file, "form": form})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    context = {
        "run": run,
        "can_inspect": request.user.has_perm("production.inspect", run),
        "can_rerun": request.user.has_perm("production.rerun", run),
        "form": InspectForm(),
        "package_form": PackageForm(initial={"password": secrets.token_urlsafe(12)}),
        "can_deliver": request.user.has_perm("production.deliver", run),
        "packages": run.packages.all(),
        "rule62": sorted((run.report or {}).get("rule62", {}).items()),
    }
    template = "production/_progress.html" if request.headers.get("HX-Request") else "production/detail.html"
    return render(request, template, context)


@login_required
def run_output(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, "production.inspect")
    if run.state != ProductionRun.State.SUCCEEDED:
        raise Http404
    header, rows = services.read_output(run)
    record_event(
        "production.output_viewed",
        actor=request.user,
        origin=Origin.of(request),  # type: ignore[arg-type]
        organization=run.file.organization,
        target=run,
        summary=f"「{run.title}」の先頭{len(rows)}行を点検のため表示しました。",
    )
    return render(request, "production/output.html", {"run": run, "header": header, "rows": rows})


@login_required
def run_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, "production.inspect")
    form = InspectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspect(
                run,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                actor=request.user,
                origin=Origin.of(request),  # type: ignore[arg-type]
            )
        except services.ProductionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "点検の結果を記録しました。")
    return redirect("production:detail", run.pk)


@login_required
def run_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, "production.rerun")
    if request.method == "POST":
        try:
            services.recover_or_rerun(run, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        except services.ProductionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "再実行を開始しました。")
    return redirect("production:detail", run.pk)


@login_required
def run_package(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, "production.deliver")
    form = PackageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.build_delivery(
                run,
                medium=form.cleaned_data["medium"],
                password=form.cleaned_data["password"],
                actor=request.user,
                origin=Origin.of(request),  # type: ignore[arg-type]
            )
        except services.ProductionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "提供用の媒体を作成しました。パスワードは媒体とは別の方法で伝えてください。")
    elif request.method == "POST":
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("production:detail", run.pk)


@login_required
def package_download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    package = DeliveryPackage.objects.select_related("run__file__organization").filter(pk=pk).first()
    if package is None or not request.user.has_perm("production.view_run", package.run):
        raise Http404
    if not request.user.has_perm("production.deliver", package.run):
        raise PermissionDenied("提供用の媒体をダウンロードできるのは、提供を担当する職員です。")
    if name not in package.volumes and name != "SHA256":
        raise Http404
    folder = Path(package.folder)
    path = folder / name if name != "SHA256" else next(folder.glob("*-SHA256.txt"))
    record_event(
        "production.package_downloaded",
        actor=request.user,
        origin=Origin.of(request),  # type: ignore[arg-type]
        organization=package.run.file.organization,
        target=package,
        summary=f"提供用の媒体「{path.name}」をダウンロードしました。",
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
