"""Write use cases of production: request a run, run it (the background job), recover a stale run, inspect."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tokumei.delivery import decrypt_file, encrypt_file, key_from_text
from tokumei.engine import compile_recipe, parse_recipe
from tokumei.engine.errors import EngineError
from tokumei.engine.hierarchies.chains import CHAINS
from tokumei.engine.io import read_table, write_csv
from tokumei.law.contracts import check_delivered_subjects
from tokumei.law.processing import ItemSpec, PolicySpec, compile_recipe_document
from tokumei.web.accounts.models import User
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.register.exchange import desk_label
from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile

from .models import STEPS, ProductionRun

STALE_AFTER = timedelta(minutes=10)
#: Default period in which 118条 proposals may be made on a new dataset when the division sets none (法117条3号).
DEFAULT_REUSE_PERIOD = timedelta(days=365)


class ProductionRefused(Exception):
    pass


def datasets_dir() -> Path:
    path = Path(settings.DATA_DIR) / "datasets"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _key() -> bytes:
    if not settings.DATA_KEY:
        msg = (
            "TOKUMEI_DATA_KEY が設定されていないため、作成した匿名加工情報を暗号化して保存できません"
            "（docs/security.md）。"
        )
        raise ProductionRefused(msg)
    return key_from_text(settings.DATA_KEY)


def default_recipe(file: PersonalInformationFile) -> str:
    """A recipe from the register: every offered item at its coarsest offered level (the safe starting point),
    under the file's policy."""
    policy = file.current_policy
    if policy is None:
        msg = "匿名加工の方針が設定されていません。先に方針（k 等）を設定してください。"
        raise ProductionRefused(msg)
    items = tuple(
        ItemSpec(r.name, r.source_column, r.classification, r.generalizer, tuple(r.offered_levels), r.withheld)
        for r in file.record_items.order_by("position")
    )
    spec = PolicySpec(
        policy.k,
        policy.l_diversity,
        tuple(policy.sensitive_columns),
        float(policy.max_suppression),
        policy.rare_threshold,
        policy.person_key,
    )
    choices = {i.name: (_coarsest(i) if i.offered_levels and not i.withheld else None) for i in items}
    document = compile_recipe_document(items, spec, choices, sample_subjects=None, reference=timezone.localdate())
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _coarsest(item: ItemSpec) -> str:
    chain = CHAINS.get(item.generalizer, ())
    return max(item.offered_levels, key=lambda level: chain.index(level) if level in chain else -1)


def check_recipe(file: PersonalInformationFile, recipe_yaml: str) -> list[str]:
    """Problems with a recipe for this file (Japanese); the engine validates the shape, the register the content."""
    try:
        document = yaml.safe_load(recipe_yaml)
        recipe = parse_recipe(document)
    except yaml.YAMLError as exc:
        return [f"レシピを YAML として読めません: {exc}"]
    except EngineError as exc:
        return [str(exc)]
    problems = []
    for item in file.record_items.filter(withheld=True):
        column = item.source_column or item.name
        rule = recipe.columns.get(column)
        if rule is not None and getattr(rule, "action", "delete") != "delete":
            problems.append(f"記録項目「{item.name}」は不開示情報を含むため作成できません（法60条3項）。")
    return problems


@transaction.atomic
def request_run(
    file: PersonalInformationFile,
    *,
    title: str,
    recipe_yaml: str,
    actor: User,
    origin: Origin,
    expected_subjects: int | None = None,
) -> ProductionRun:
    problems = check_recipe(file, recipe_yaml)
    if problems:
        raise ProductionRefused("\n".join(problems))
    run = ProductionRun.objects.create(
        file=file, title=title, recipe_yaml=recipe_yaml, requested_by=actor, expected_subjects=expected_subjects
    )
    record_event(
        "production.requested",
        actor=actor,
        origin=origin,
        organization=file.organization,
        target=run,
        summary=f"「{file.name}」から「{title}」の作成を依頼しました。",
    )
    from .tasks import execute_production

    transaction.on_commit(lambda: execute_production.enqueue(run.pk))
    return run


def _progress(run_id: int) -> Any:
    step = {"n": 0}

    def say(message: str) -> None:
        step["n"] += 1
        ProductionRun.objects.filter(pk=run_id).update(
            progress_step=min(step["n"], STEPS), progress_message=message[:200], heartbeat_at=timezone.now()
        )

    return say


def execute(run_id: int) -> ProductionRun:
    """The job: read the data, apply the recipe, verify 規則62条, encrypt the output. Never leaves partial output:
    the dataset is written under a temporary name and renamed only when complete."""
    with transaction.atomic():
        run = ProductionRun.objects.select_for_update(of=("self",)).select_related("file__organization").get(pk=run_id)
        if run.state not in (ProductionRun.State.QUEUED,):
            return run
        run.state = ProductionRun.State.RUNNING
        run.attempt += 1
        run.started_at = run.heartbeat_at = timezone.now()
        run.error = ""
        run.save()
    file = run.file
    origin = Origin.command("production")
    _sweep_interrupted(run, origin)
    say = _progress(run.pk)
    try:
        key = _key()
        say("データを読み込んでいます / reading the data")
        if file.source_kind == PersonalInformationFile.SourceKind.SQL:
            frame, _ = read_table(file.source_database_url, query=file.source_query)
        else:
            frame, _ = read_table(Path(file.source_path))
        recipe = parse_recipe(yaml.safe_load(run.recipe_yaml))
        result = compile_recipe(recipe, columns=frame.columns).run(frame, progress=say)
        del frame  # the source rows are not needed any more
        report = result.report
        if not result.ok:
            failed = "、".join(result.failed_items)
            raise ProductionRefused(
                f"規則62条の{failed}号を満たさないため、作成を中止しました。加工の方法を見直してください。"
            )
        say("暗号化して保存しています / encrypting")
        target = datasets_dir() / f"run-{run.pk}-{run.attempt}.enc"
        work = _work_dir(run)
        work.mkdir(mode=0o700)
        try:
            plain = work / "data.csv"
            write_csv(result.data, plain)
            digest = hashlib.sha256(plain.read_bytes()).hexdigest()
            encrypt_file(plain, target, key)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        items = list(result.data.columns)
        rows, subjects = report["rows_out"], report["subjects_out"]
        del result  # pseudonym mappings and removed values lived only inside the run
        selected = min(recipe.sample.subjects, report["subjects_in"]) if recipe.sample else subjects
        problem = check_delivered_subjects(run.expected_subjects, selected, subjects) if run.expected_subjects else None
        if problem:
            target.unlink(missing_ok=True)  # an output that cannot be delivered is not kept
            raise ProductionRefused(problem)
    except (EngineError, ProductionRefused, ValueError, OSError) as exc:
        _fail(
            run.pk,
            str(exc).split("\n")[0] if isinstance(exc, EngineError) else str(exc),
            report=locals().get("report"),
            origin=origin,
        )
        return ProductionRun.objects.get(pk=run.pk)
    with transaction.atomic():
        run = ProductionRun.objects.select_for_update().get(pk=run.pk)
        run.state = ProductionRun.State.SUCCEEDED
        run.finished_at = run.secrets_destroyed_at = timezone.now()
        run.report, run.rows_out, run.subjects_out, run.information_items = report, rows, subjects, items
        run.output_name, run.output_sha256 = target.name, digest
        run.progress_step, run.progress_message = STEPS, "完了 / done"
        run.save()
        record_event(
            "production.succeeded",
            actor=run.requested_by,
            origin=origin,
            organization=file.organization,
            target=run,
            summary=f"「{run.title}」を作成しました（本人の数 {subjects:,}、{rows:,} レコード、暗号化して保存）。",
            details={"rows": rows, "subjects": subjects, "sha256": digest, "attempt": run.attempt},
        )
        record_event(
            "production.secrets_destroyed",
            actor=run.requested_by,
            origin=origin,
            organization=file.organization,
            target=run,
            summary="削除情報及び加工の方法に関する情報（仮IDの対応表等）は作成中のメモリにのみ存在し、作成の終了とともに消去しました。",
        )
    return run


def _work_dir(run: ProductionRun) -> Path:
    """Where one run writes its plain output before encrypting it: one folder per run, so that the next attempt
    can find and remove what a killed attempt left (a process killed with SIGKILL runs no cleanup)."""
    return datasets_dir() / f"run-{run.pk}.work"


def _sweep_interrupted(run: ProductionRun, origin: Origin) -> None:
    """Remove what an interrupted earlier attempt of ``run`` left on disk: its plain work folder and any
    half-encrypted ``.part`` file. Neither was ever renamed into place, so no record refers to them."""
    leftovers = [p for p in (_work_dir(run),) if p.exists()]
    leftovers += list(datasets_dir().glob(f"run-{run.pk}-*.enc.part"))
    if not leftovers:
        return
    for path in leftovers:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    record_event(
        "production.leftovers_removed",
        actor=run.requested_by,
        origin=origin,
        organization=run.file.organization,
        target=run,
        summary=f"中断した前回の作成が残した一時ファイル {len(leftovers)} 件（平文の作業ファイルを含む）を"
        "消去しました。",
        details={"names": sorted(p.name for p in leftovers)},
    )


def _fail(run_id: int, message: str, *, report: dict[str, Any] | None, origin: Origin) -> None:
    with transaction.atomic():
        run = ProductionRun.objects.select_for_update(of=("self",)).select_related("file__organization").get(pk=run_id)
        run.state = ProductionRun.State.FAILED
        run.error = message
        run.finished_at = timezone.now()
        if report:
            run.report = report
        run.save()
        record_event(
            "production.failed",
            actor=run.requested_by,
            origin=origin,
            organization=run.file.organization,
            target=run,
            summary=f"「{run.title}」の作成に失敗しました: {message[:300]}",
        )


@transaction.atomic
def recover_or_rerun(run: ProductionRun, *, actor: User, origin: Origin) -> ProductionRun:
    """A failed run (or one whose worker died: no heartbeat for 10 minutes) is queued again; any output of an
    interrupted attempt was never renamed into place, so nothing partial exists."""
    locked = ProductionRun.objects.select_for_update().get(pk=run.pk)
    stale = (
        locked.state == ProductionRun.State.RUNNING
        and locked.heartbeat_at is not None
        and timezone.now() - locked.heartbeat_at > STALE_AFTER
    )
    if locked.state not in (ProductionRun.State.FAILED, ProductionRun.State.REJECTED) and not stale:
        msg = f"「{locked.get_state_display()}」の作成は再実行できません。"
        raise ProductionRefused(msg)
    locked.state = ProductionRun.State.QUEUED
    locked.progress_step, locked.progress_message = 0, ""
    locked.save()
    record_event(
        "production.requeued",
        actor=actor,
        origin=origin,
        organization=run.file.organization,
        target=locked,
        summary=f"「{locked.title}」を再実行します（{'中断' if stale else '失敗・差戻し'}のため）。",
    )
    from .tasks import execute_production

    transaction.on_commit(lambda: execute_production.enqueue(locked.pk))
    return locked


def read_output(run: ProductionRun, limit: int = 20) -> tuple[list[str], list[list[str]]]:
    """The first rows of the created (anonymized) dataset, decrypted in a temporary file for the inspector."""
    import csv

    with tempfile.TemporaryDirectory(dir=datasets_dir()) as tmp:
        plain = Path(tmp) / "data.csv"
        decrypt_file(datasets_dir() / run.output_name, plain, _key())
        with plain.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, [])
            rows = [row for _, row in zip(range(limit), reader, strict=False)]
    return header, rows


@transaction.atomic
def inspect(
    run: ProductionRun,
    *,
    approve: bool,
    note: str,
    actor: User,
    origin: Origin,
    proposal_office: str | None = None,
    proposal_period: tuple[date, date] | None = None,
) -> ProductionRun:
    """The second person's inspection before delivery (Fukuoka 第9-1(1)); approval records the dataset in the
    register (法117条: 本人の数, 情報の項目, the office receiving 118条 proposals, the period)."""
    locked = ProductionRun.objects.select_for_update(of=("self",)).select_related("file__organization").get(pk=run.pk)
    if locked.state != ProductionRun.State.SUCCEEDED:
        msg = f"「{locked.get_state_display()}」の作成は点検できません。"
        raise ProductionRefused(msg)
    if locked.requested_by_id == actor.pk:
        msg = "作成を依頼した職員とは別の職員が点検してください（提供する前の確認）。"
        raise ProductionRefused(msg)
    if not note.strip():
        msg = "点検の所見を記入してください。"
        raise ProductionRefused(msg)
    from tokumei.web.contracts.models import DutyAcknowledgement

    contract_ids = list(locked.contracts.values_list("pk", flat=True))
    if contract_ids and not DutyAcknowledgement.objects.filter(contract_id__in=contract_ids, user=actor).exists():
        msg = "点検の前に、従事者の義務（法122条）の確認を記録してください（契約の画面）。"
        raise ProductionRefused(msg)
    if proposal_period is not None and proposal_period[1] < proposal_period[0]:
        msg = "提案をすることができる期間の末日が初日より前です。"
        raise ProductionRefused(msg)
    locked.inspected_by, locked.inspected_at, locked.inspection_note = actor, timezone.now(), note
    if approve:
        today = timezone.localdate()
        locked.dataset = AnonymizedDataset.objects.create(
            file=locked.file,
            title=locked.title,
            subject_count=locked.subjects_out or 0,
            information_items=locked.information_items,
            proposal_office=proposal_office or desk_label(locked.file.organization),
            proposal_period_first_day=proposal_period[0] if proposal_period else today,
            proposal_period_last_day=proposal_period[1] if proposal_period else today + DEFAULT_REUSE_PERIOD,
            created_on=today,
        )
        locked.state = ProductionRun.State.APPROVED
    else:
        locked.state = ProductionRun.State.REJECTED
    locked.save()
    record_event(
        "production.inspected",
        actor=actor,
        origin=origin,
        organization=locked.file.organization,
        target=locked,
        summary=f"「{locked.title}」を点検し、{'承認' if approve else '差し戻し'}しました。",
        details={"approved": approve},
    )
    if approve:
        record_event(
            "register.dataset_recorded",
            actor=actor,
            origin=origin,
            organization=locked.file.organization,
            target=locked.file,
            summary=f"個人情報ファイル簿に行政機関等匿名加工情報「{locked.title}」を記載しました（法117条）。",
        )
    return locked


NOTICE_TEXT = (
    "この媒体に記録された情報は、個人情報の保護に関する法律に基づく行政機関等匿名加工情報です。\n"
    "利用契約で定めた目的・方法・期間の範囲内で利用し、第三者に提供しないでください。\n"
    "本人を識別するために他の情報と照合すること（法第45条の趣旨）、及び削除情報等を取得することは禁止されています。\n"
    "利用期間の終了後は、媒体を返却し、複製したデータを復元できない方法で消去してください。\n"
    "暗号化ZIP（AES-256）です。Windows では 7-Zip（無料）で開けます。パスワードは別の方法でお知らせします。\n"
)


def _data_dictionary(run: ProductionRun) -> str:
    recipe = yaml.safe_load(run.recipe_yaml) or {}
    lines = ["データ項目の説明（項目名: 加工の方法）", ""]
    for item in run.information_items:
        rule = (recipe.get("columns") or {}).get(item)
        lines.append(f"{item}: {rule if isinstance(rule, str) else yaml.safe_dump(rule, allow_unicode=True).strip()}")
    lines += ["", f"本人の数: {run.subjects_out}", f"レコード数: {run.rows_out}"]
    return "\n".join(lines)


@transaction.atomic
def build_delivery(
    run: ProductionRun, *, medium: str, password: str, actor: User, origin: Origin, encoding: str = "utf-8-sig"
) -> Any:
    """Build the encrypted package of an inspected dataset: CSV (UTF-8 with BOM, or CP932 with a report of the
    characters it cannot hold) and Parquet, the data dictionary and the notice, in AES-256 ZIP volumes sized for the
    medium, with SHA-256 manifests (法121条2項)."""
    if encoding not in ("utf-8-sig", "cp932"):
        msg = "CSV の文字コードは UTF-8（BOM付き）又は CP932（Shift_JIS）から選んでください。"
        raise ProductionRefused(msg)
    import polars as pl

    from tokumei.delivery import build_package

    from .models import DeliveryPackage

    if run.state != ProductionRun.State.APPROVED:
        msg = "点検で承認された匿名加工情報だけを提供用の媒体にできます。"
        raise ProductionRefused(msg)
    folder = Path(settings.DATA_DIR) / "deliveries" / f"run-{run.pk}-{timezone.now():%Y%m%d%H%M%S}"
    with tempfile.TemporaryDirectory(dir=datasets_dir()) as tmp:
        plain = Path(tmp) / "data.csv"
        decrypt_file(datasets_dir() / run.output_name, plain, _key())
        frame = pl.read_csv(plain, infer_schema=False)
        files: dict[str, Path] = {}
        unencodable = 0
        if encoding == "cp932":
            from tokumei.delivery import report_text, to_cp932

            data, problems = to_cp932(plain.read_text(encoding="utf-8"))
            unencodable = len(problems)
            files["data.csv"] = Path(tmp) / "data_cp932.csv"
            files["data.csv"].write_bytes(data)
            files["CP932で表せない文字.txt"] = Path(tmp) / "cp932_report.txt"
            files["CP932で表せない文字.txt"].write_text(report_text(problems), encoding="utf-8")
        else:
            files["data.csv"] = Path(tmp) / "data_utf8bom.csv"
            files["data.csv"].write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
        parquet = Path(tmp) / "data.parquet"
        frame.write_parquet(parquet)
        files["data.parquet"] = parquet
        from tokumei.delivery import PackageError

        try:
            result = build_package(
                files,
                folder,
                password=password,
                medium=medium,
                notice_text=NOTICE_TEXT,
                data_dictionary=_data_dictionary(run),
                stem=f"tokumei-{run.pk}",
            )
        except PackageError as exc:
            raise ProductionRefused(str(exc)) from None
    package = DeliveryPackage.objects.create(
        run=run,
        medium=medium,
        folder=str(folder),
        volumes=result.volume_checksums,
        manifest=result.manifest,
        built_by=actor,
        encoding=encoding,
        unencodable_count=unencodable,
    )
    record_event(
        "production.package_built",
        actor=actor,
        origin=origin,
        organization=run.file.organization,
        target=package,
        summary=f"「{run.title}」の提供用の媒体（{medium.upper()}、{len(result.volumes)}枚、CSV {encoding}"
        + (f"、CP932で表せない文字 {unencodable}件" if unencodable else "")
        + "）を作成しました。",
        details={"volumes": result.volume_checksums},
    )
    return package
