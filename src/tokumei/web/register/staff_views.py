"""Staff pages of the register: list, entry, record items, determination, policy, counting, import."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tokumei.law.register import DeterminationInput, subject_count_warning
from tokumei.web.accounts.models import Department
from tokumei.web.core.audit import Origin, record_event

from . import services
from .exchange import import_register
from .forms import DeterminationForm, FileForm, ImportForm, PolicyForm, RecordItemFormSet
from .levels import GENERALIZER_LABELS, offerable_levels
from .models import PersonalInformationFile
from .queries import staff_files
from .tasks import refresh_subject_count


def _file_for(request: HttpRequest, file_id: int, perm: str = "register.view_file") -> PersonalInformationFile:
    """The file if the user may act on it; 404 for another organization's file (nothing leaked)."""
    file = PersonalInformationFile.objects.select_related("organization", "division").filter(pk=file_id).first()
    if file is None or not request.user.has_perm("register.view_file", file):
        raise Http404
    if perm != "register.view_file" and not request.user.has_perm(perm, file):
        raise PermissionDenied("この個人情報ファイルを変更できるのは、ファイルを保有する主管課の担当者です。")
    return file


def _own_divisions(request: HttpRequest) -> list[Department]:
    user = request.user
    return [d for d in Department.objects.filter(pk=user.department_id, kind=Department.Kind.OWNING_DIVISION)]  # type: ignore[union-attr]


def _problems_to_form(form: object, exc: services.RegisterRefusal) -> None:
    for p in exc.problems:
        field = p.field if p.field in form.fields else None  # type: ignore[attr-defined]
        form.add_error(field, p.message)  # type: ignore[attr-defined]


@login_required
def file_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_org_staff:  # type: ignore[union-attr]
        raise PermissionDenied("職員として登録されていません。")
    files = staff_files(request.user.organization, request.user)  # type: ignore[union-attr]
    return render(
        request, "register/staff_list.html", {"files": files, "can_add": request.user.has_perm("register.add_file")}
    )


@login_required
def file_detail(request: HttpRequest, file_id: int) -> HttpResponse:
    file = _file_for(request, file_id)
    record_event(
        "register.file_viewed",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        organization=file.organization,
        target=file,
        summary=f"個人情報ファイル「{file.name}」を閲覧しました。",
    )
    return render(
        request,
        "register/staff_detail.html",
        {
            "file": file,
            "items": file.record_items.order_by("position"),
            "determinations": file.determinations.select_related("decided_by"),
            "policies": file.policies.select_related("set_by"),
            "datasets": file.datasets.all(),
            "count_warning": subject_count_warning(file.subject_count),
            "can_change": request.user.has_perm("register.change_file", file),
            "generalizer_labels": GENERALIZER_LABELS,
        },
    )


@login_required
def file_edit(request: HttpRequest, file_id: int | None = None) -> HttpResponse:
    if file_id is None:
        if not request.user.has_perm("register.add_file"):
            raise PermissionDenied("個人情報ファイルを登録できるのは主管課の担当者です。")
        file = PersonalInformationFile(organization=request.user.organization)  # type: ignore[union-attr]
    else:
        file = _file_for(request, file_id, "register.change_file")
    form = FileForm(request.POST or None, instance=file, divisions=_own_divisions(request))
    if request.method == "POST" and form.is_valid():
        saved = services.save_file(form.save(commit=False), actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        messages.success(request, f"「{saved.name}」を保存しました。")
        return redirect("register_staff:detail", saved.pk)
    return render(request, "register/staff_edit.html", {"form": form, "file": file})


@login_required
def record_items_edit(request: HttpRequest, file_id: int) -> HttpResponse:
    file = _file_for(request, file_id, "register.change_file")
    initial = [
        {
            "name": r.name,
            "description": r.description,
            "source_column": r.source_column,
            "classification": r.classification,
            "classification_confirmed": r.classification_confirmed,
            "generalizer": r.generalizer,
            "offered_levels": ",".join(r.offered_levels),
            "withheld": r.withheld,
            "withheld_reason": r.withheld_reason,
        }
        for r in file.record_items.order_by("position")
    ]
    formset = RecordItemFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        items = [
            services.RecordItemInput(
                name=d["name"],
                description=d["description"],
                source_column=d["source_column"],
                classification=d["classification"],
                classification_confirmed=d["classification_confirmed"],
                generalizer=d["generalizer"],
                offered_levels=[x.strip() for x in d["offered_levels"].split(",") if x.strip()],
                withheld=d["withheld"],
                withheld_reason=d["withheld_reason"],
            )
            for d in formset.cleaned_data
            if d and d.get("name", "").strip()
        ]
        try:
            services.replace_record_items(file, items, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        except services.RegisterRefusal as exc:
            return render(
                request,
                "register/staff_items.html",
                {"file": file, "formset": formset, "problems": exc.problems, "levels": _levels_help()},
            )
        messages.success(request, "記録項目を保存しました。")
        return redirect("register_staff:detail", file.pk)
    return render(request, "register/staff_items.html", {"file": file, "formset": formset, "levels": _levels_help()})


def _levels_help() -> list[tuple[str, str, str]]:
    return [(key, label, ", ".join(offerable_levels(key))) for key, label in GENERALIZER_LABELS.items()]


@login_required
def determination_edit(request: HttpRequest, file_id: int) -> HttpResponse:
    file = _file_for(request, file_id, "register.change_file")
    current = file.current_determination
    initial = {}
    if current is not None:
        initial = {f: getattr(current, f) for f in DeterminationForm.base_fields}
    form = DeterminationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answer = DeterminationInput(**form.cleaned_data)
        try:
            services.determine_proposal_target(file, answer, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        except services.RegisterRefusal as exc:
            _problems_to_form(form, exc)
        else:
            messages.success(request, "提案募集の対象についての判断を記録しました。")
            return redirect("register_staff:detail", file.pk)
    return render(request, "register/staff_determination.html", {"file": file, "form": form})


@login_required
def policy_edit(request: HttpRequest, file_id: int) -> HttpResponse:
    file = _file_for(request, file_id, "register.change_file")
    current = file.current_policy
    initial = {}
    if current is not None:
        initial = {
            "k": current.k,
            "l_diversity": current.l_diversity,
            "sensitive_columns": ",".join(current.sensitive_columns),
            "max_suppression": current.max_suppression,
            "rare_threshold": current.rare_threshold,
            "person_key": current.person_key,
            "note": current.note,
        }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        policy = services.PolicyInput(
            k=d["k"],
            l_diversity=d["l_diversity"],
            sensitive_columns=[c.strip() for c in d["sensitive_columns"].split(",") if c.strip()],
            max_suppression=Decimal(d["max_suppression"]),
            rare_threshold=d["rare_threshold"],
            person_key=d["person_key"].strip(),
            note=d["note"],
        )
        try:
            services.set_policy(file, policy, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
        except services.RegisterRefusal as exc:
            _problems_to_form(form, exc)
        else:
            messages.success(request, "匿名加工の方針を保存しました。")
            return redirect("register_staff:detail", file.pk)
    return render(request, "register/staff_policy.html", {"file": file, "form": form})


@login_required
def count_subjects(request: HttpRequest, file_id: int) -> HttpResponse:
    file = _file_for(request, file_id, "register.change_file")
    if request.method != "POST":
        return redirect("register_staff:detail", file.pk)
    result = refresh_subject_count.enqueue(file.pk, request.user.pk)
    messages.info(request, f"本人の数の確認を開始しました（ジョブ {result.id}）。完了するとこの画面に反映されます。")
    return redirect("register_staff:detail", file.pk)


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("register.import_files"):
        raise PermissionDenied("個人情報ファイル簿を取り込めるのは主管課の担当者です。")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        data = upload.read(5 * 1024 * 1024 + 1)
        result = import_register(
            name=upload.name,
            data=data,
            organization=request.user.organization,  # type: ignore[union-attr]
            user=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
            dry_run=not form.cleaned_data["commit"],
        )
        if result.ok and form.cleaned_data["commit"]:
            messages.success(request, f"取り込みました（新規 {result.created} 件、更新 {result.updated} 件）。")
            return redirect("register_staff:list")
    return render(request, "register/staff_import.html", {"form": form, "result": result})
