"""Web verbs of the ``tokumei`` command: ``demo``, ``serve``, ``worker``, ``migrate``.

Django is imported lazily, inside each command, so the engine-only install (no ``web`` extra) keeps working
and says what to install when a web verb is used.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)


def _setup_django(default_settings: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings)
    try:
        import django
    except ImportError:
        console.print(
            "[red]Web機能には追加パッケージが必要です: pip install 'tokumei[web]'[/red] "
            "(the web verbs need the 'web' extra)."
        )
        raise typer.Exit(2) from None
    django.setup()


def _wait_until_up(url: str, timeout_s: float, proc: subprocess.Popen[bytes]) -> bool:
    import urllib.error  # here, not at the top: every ``tokumei`` command imports this module (13 ms)
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - loopback URL we built
                return bool(resp.status == 200)
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    return False


def _print_logins(host: str, port: int, logins: list[tuple[str, str, str, str]], password: str) -> None:
    out = Console()
    out.print(
        f"\n[bold]tokumei デモ[/bold]  公開ポータル: http://{host}:{port}/   職員ログイン: http://{host}:{port}/staff/login/"
    )
    table = Table(title=f"デモ用ログイン（パスワードはすべて {password}）")
    table.add_column("利用者名")
    table.add_column("機関")
    table.add_column("部署")
    table.add_column("役割")
    for row in logins:
        table.add_row(*row)
    out.print(table)
    out.print("停止するには Ctrl+C を押してください。\n")


def demo(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the web server.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Start the web server and worker after loading.")] = True,
) -> None:
    """デモ: SQLiteを準備し、デモデータを一度だけ投入し、Webサーバとバックグラウンドジョブを起動します。"""
    _setup_django("tokumei.web.settings.dev")
    from django.conf import settings
    from django.core.management import call_command

    from tokumei.web.demo import DEMO_PASSWORD, demo_logins, load_demo

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    console.print(f"データディレクトリ: {settings.DATA_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    loaded = load_demo()
    console.print("デモデータを投入しました。" if loaded else "デモデータは投入済みです（再利用します）。")
    logins = demo_logins()
    if not serve:
        _print_logins(host, port, logins, DEMO_PASSWORD)
        return
    from tokumei.web.core.audit import Origin
    from tokumei.web.production.demo import queue_main_job

    job = queue_main_job(Origin.command("demo"))
    if job is not None:
        console.print(
            f"匿名加工情報の作成をワーカーに依頼しました（進捗: http://{host}:{port}/staff/production/{job.pk}/）。"
        )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    manage = [sys.executable, "-m", "django"]
    web = subprocess.Popen([*manage, "runserver", "--noreload", f"{host}:{port}"], env=env)  # noqa: S603
    worker = subprocess.Popen([*manage, "db_worker", "--interval", "1"], env=env)  # noqa: S603
    try:
        if not _wait_until_up(f"http://{host}:{port}/", 120, web):
            console.print("[red]Webサーバが起動しませんでした。ポートが使用中でないか確認してください。[/red]")
            raise typer.Exit(1)
        _print_logins(host, port, logins, DEMO_PASSWORD)
        while web.poll() is None and worker.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        console.print("停止しています…")
    finally:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.terminate()
        for proc in (web, worker):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads of the WSGI server.")] = 8,
) -> None:
    """本番用Webサーバ（waitress）を起動します。SECRET_KEY と DATABASE_URL を設定してください。"""
    _setup_django("tokumei.web.settings.prod")
    from django.core.management import call_command
    from waitress import serve as waitress_serve

    from tokumei.web.wsgi import application

    call_command("collectstatic", interactive=False, verbosity=0)
    console.print(f"tokumei: http://{host}:{port}/")
    waitress_serve(application, host=host, port=port, threads=threads)


def worker() -> None:
    """バックグラウンドジョブ（匿名加工の実行など）を処理するワーカーを起動します。"""
    _setup_django("tokumei.web.settings.prod")
    from django.core.management import call_command

    call_command("db_worker")


def migrate() -> None:
    """データベースを最新の構造に更新します。"""
    _setup_django("tokumei.web.settings.prod")
    from django.core.management import call_command

    call_command("migrate", interactive=False)


def backup(
    target: Annotated[str, typer.Argument(help="Archive to write (.tar.gz; encrypted when TOKUMEI_DATA_KEY is set).")],
) -> None:
    """データベースとファイルをバックアップします（SHA-256 のチェックサム付き）。"""
    _setup_django("tokumei.web.settings.prod")
    from pathlib import Path

    from tokumei.web.core.backup import backup as do_backup

    summary = do_backup(Path(target))
    console.print(
        f"バックアップしました: {summary.path}（{summary.objects:,} 件のデータ、{summary.files:,} 個のファイル、"
        f"{'暗号化あり' if summary.encrypted else '暗号化なし: TOKUMEI_DATA_KEY を設定すると暗号化します'}）"
    )


def restore(
    source: Annotated[str, typer.Argument(help="Archive written by `tokumei backup`.")],
) -> None:
    """バックアップを空のデータベースに復元します（先に tokumei migrate を実行してください）。"""
    _setup_django("tokumei.web.settings.prod")
    from pathlib import Path

    from tokumei.web.core.backup import BackupError
    from tokumei.web.core.backup import restore as do_restore

    try:
        summary = do_restore(Path(source))
    except BackupError as exc:
        console.print(f"[red]{exc}[/red] ({exc.code})")
        raise typer.Exit(1) from None
    console.print(f"復元しました: {summary.objects:,} 件のデータ、{summary.files:,} 個のファイル。")


def register(app: typer.Typer) -> None:
    for fn in (demo, serve, worker, migrate, backup, restore):
        app.command()(fn)
