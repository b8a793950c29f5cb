"""API token verbs: ``tokumei api-token issue|list|revoke``.

A token lets a staff member's system (e.g. the organization's document-management system) call the staff API as
that member: the same organization, roles and department apply. The token is printed once, when issued; only its
SHA-256 is kept. Every issue and revocation is audited (origin: command). Django is imported inside each command.
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from tokumei.cli.web_commands import _setup_django

console = Console(stderr=True)
api_token_app = typer.Typer(help="APIトークン（文書管理システム等の接続用）の管理", no_args_is_help=True)


def _fail(message: str) -> NoReturn:
    console.print(f"[red]{message}[/red]")
    raise typer.Exit(1)


@api_token_app.command("issue")
def token_issue(
    username: Annotated[str, typer.Argument(help="トークンを使う職員の利用者名")],
    name: Annotated[str, typer.Option(help="用途（接続するシステムの名称など）")],
    days: Annotated[int, typer.Option(help="有効期間（日、1〜366）")] = 90,
) -> None:
    """職員のAPIトークンを発行します。トークンはこの一度だけ表示されます（保存されるのは SHA-256 のみ）。"""
    _setup_django("tokumei.web.settings.prod")
    from django.utils import timezone

    from tokumei.web.accounts.models import User
    from tokumei.web.api.tokens import ApiTokenRefused, issue_token
    from tokumei.web.core.audit import Origin

    user = User.objects.select_related("organization").filter(username=username).first()
    if user is None:
        _fail(f"利用者「{username}」がいません。")
    try:
        issued = issue_token(user, name, days=days, actor=None, origin=Origin.command("api-token issue"))
    except ApiTokenRefused as exc:
        _fail(str(exc))
    console.print(
        f"APIトークン {issued.token.key_id} を発行しました（{user.username}、有効期限 "
        f"{timezone.localtime(issued.token.expires_at):%Y-%m-%d %H:%M}）。"
        "次の行のトークンは再表示できません。安全な場所に保管してください。"
    )
    typer.echo(issued.secret)


@api_token_app.command("list")
def token_list(username: Annotated[str, typer.Option(help="利用者名で絞り込む")] = "") -> None:
    """APIトークンの一覧（識別子、利用者、用途、有効期限、最終利用、状態）。トークン自体は表示しません。"""
    _setup_django("tokumei.web.settings.prod")
    from django.utils import timezone

    from tokumei.web.api.models import ApiToken

    rows = ApiToken.objects.select_related("user__organization")
    if username:
        rows = rows.filter(user__username=username)
    table = Table(title="APIトークン")
    for col in ("識別子", "利用者", "機関", "用途", "有効期限", "最終利用", "状態"):
        table.add_column(col)
    for t in rows:
        table.add_row(
            t.key_id,
            t.user.username,
            t.user.organization.profile_id if t.user.organization else "",
            t.name,
            f"{timezone.localtime(t.expires_at):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(t.last_used_at):%Y-%m-%d %H:%M}" if t.last_used_at else "（未使用）",
            t.status_label,
        )
    Console().print(table)


@api_token_app.command("revoke")
def token_revoke(key_id: Annotated[str, typer.Argument(help="トークンの識別子（一覧の先頭8文字）")]) -> None:
    """APIトークンを直ちに失効させます（次の呼出しから 401 になります）。"""
    _setup_django("tokumei.web.settings.prod")
    from tokumei.web.api.models import ApiToken
    from tokumei.web.api.tokens import ApiTokenRefused, revoke_token
    from tokumei.web.core.audit import Origin

    token = ApiToken.objects.filter(key_id=key_id.strip()).first()
    if token is None:
        _fail(f"識別子「{key_id}」のAPIトークンはありません（tokumei api-token list で確認してください）。")
    try:
        revoke_token(token, actor=None, origin=Origin.command("api-token revoke"))
    except ApiTokenRefused as exc:
        _fail(str(exc))
    console.print(f"APIトークン {token.key_id} を失効させました。")


def register(app: typer.Typer) -> None:
    app.add_typer(api_token_app, name="api-token")
