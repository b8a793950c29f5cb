"""``tokumei legacy import FILE --org legacy-2017``: import historic cases of the abolished 2017 rule from CSV.

The same service as the staff page (:func:`tokumei.web.legacy.services.import_cases`): every problem is printed with
its line and column and nothing is imported while any remains; an import is audited (origin: command, and the user
named by ``--user`` if given). Django is imported inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from tokumei.cli.web_commands import _setup_django

console = Console(stderr=True, soft_wrap=True)  # one problem per line, never wrapped (grep, logs)
legacy_app = typer.Typer(help="旧制度（2017年の旧規則・行政機関非識別加工情報）の案件", no_args_is_help=True)


def _fail(message: str, code: int = 1) -> NoReturn:
    console.print(message, markup=False, style="red")
    raise typer.Exit(code)


@legacy_app.command("import")
def legacy_import(
    file: Annotated[Path, typer.Argument(help="取り込む CSV（UTF-8、BOM付き UTF-8 又は CP932）")],
    org: Annotated[str, typer.Option("--org", help="機関のプロファイルID（legal_regime: legacy_2017 の機関）")],
    user: Annotated[str, typer.Option(help="監査ログに記録する取込みの実施者（利用者名。省略時はコマンド）")] = "",
    check: Annotated[bool, typer.Option("--check", help="検査だけ行い、取り込まない")] = False,
) -> None:
    """過去の案件を CSV から取り込みます（すべての行が正しいときだけ、すべてを取り込みます）。"""
    _setup_django("tokumei.web.settings.prod")
    from django.utils import timezone

    from tokumei.law.legacy import LegacyImportRefused
    from tokumei.web.accounts.models import Organization, User
    from tokumei.web.core.audit import Origin
    from tokumei.web.legacy import services

    organization = Organization.objects.filter(profile_id=org).first()
    if organization is None:
        _fail(f"機関「{org}」がありません。先に tokumei org sync を実行してください。")
    actor = None
    if user:
        actor = User.objects.filter(username=user, organization=organization, is_active=True).first()
        if actor is None:
            _fail(f"利用者「{user}」は機関「{org}」の有効な利用者ではありません。")
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            data = handle.read(services.MAX_BYTES + 1)
    except OSError as exc:
        _fail(f"ファイル「{file}」を読めません: {exc.strerror or exc}")
    today = timezone.localdate()
    try:
        if check:
            parsed = services.check_cases(organization, data, today=today)
            console.print(f"検査に合格しました（{len(parsed.cases)}件、文字コード {parsed.encoding}）。", markup=False)
            return
        batch = services.import_cases(
            organization,
            data,
            file_name=file.name,
            actor=actor,
            origin=Origin.command("legacy import"),
            today=today,
        )
    except LegacyImportRefused as exc:
        lines = [f"{len(exc.problems)}件の問題があります。何も取り込んでいません。"]
        lines += [f"- {p.message} ({p.code.value})" for p in exc.problems]
        _fail("\n".join(lines))
    console.print(
        f"{organization.body_name}: 旧制度の案件を{batch.case_count}件取り込みました"
        f"（{file.name}、{size:,} バイト、文字コード {batch.encoding}）。",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(legacy_app, name="legacy")
