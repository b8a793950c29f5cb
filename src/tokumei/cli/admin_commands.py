"""Administrator verbs: ``tokumei org sync|check`` and ``tokumei user add|list|deactivate|reset-2fa``.

Organizations come from their profiles: the built-in YAML files under ``tokumei/law/profiles/`` and the
installation's own ``DATA_DIR/profiles/<id>.yaml`` (or ``TOKUMEI_PROFILE_DIR``; ADR 0011). ``org check FILE``
validates one file without touching the database; ``org sync`` creates or updates each organization and its
departments, or changes nothing when any file is bad. Staff and proposer accounts are created here with Django's
password validators; every change is audited like any other (origin: command). Django is imported inside each
command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tokumei.cli.web_commands import _setup_django

console = Console(stderr=True)
org_app = typer.Typer(help="機関（プロファイル）の管理", no_args_is_help=True)
user_app = typer.Typer(help="利用者の管理", no_args_is_help=True)


def _fail(message: str) -> None:
    # soft_wrap: file paths in profile errors stay on one line (copyable); escape: a message is not markup
    console.print(f"[red]{escape(message)}[/red]", soft_wrap=True)
    raise typer.Exit(1)


@org_app.command("sync")
def org_sync() -> None:
    """同梱のプロファイルと、この設置のプロファイル（DATA_DIR/profiles/ 又は TOKUMEI_PROFILE_DIR）から機関と部署を
    作成・更新します（どれか1つのファイルにでも誤りがあれば何も変えません）。"""
    _setup_django("tokumei.web.settings.prod")
    from django.conf import settings
    from django.db import transaction

    from tokumei.profiles import ProfileError, load_builtin_profiles, local_profile_files
    from tokumei.web.accounts.profiles import installed_profiles
    from tokumei.web.accounts.services import ensure_role_groups, sync_organization
    from tokumei.web.core.audit import Origin

    local_dir = Path(settings.PROFILE_DIR)
    try:
        profiles = installed_profiles()
        local_count = len(local_profile_files(local_dir))
    except ProfileError as exc:
        _fail(f"{exc}\nプロファイルに誤りがあるため、機関と部署は何も変更していません。")
    builtin_ids = set(load_builtin_profiles())
    console.print(f"この設置のプロファイル: {escape(str(local_dir))}（{local_count}件）", soft_wrap=True)
    origin = Origin.command("org sync")
    with transaction.atomic():
        ensure_role_groups()
        for profile in profiles.values():
            org = sync_organization(profile, origin=origin)
            where = "" if profile.id in builtin_ids else "［この設置のプロファイル］"
            line = f"{profile.id}: {org.body_name}（部署 {org.departments.count()}）{where}"
            console.print(escape(line), soft_wrap=True)


@org_app.command("check")
def org_check(
    file: Annotated[Path, typer.Argument(help="検査するプロファイル（YAML。ファイル名は id と同じ）")],
) -> None:
    """1つのプロファイル（YAML）を検査します。誤りはすべて項目名とともに表示します（データベースは変えません）。"""
    from tokumei.profiles import ProfileError, load_local_profile
    from tokumei.web.core.env import read_profile_dir

    try:
        profile = load_local_profile(file)
    except ProfileError as exc:
        _fail(str(exc))
    sub = profile.submission
    channels = [
        label
        for label, allowed in (("持参", sub.in_person), ("郵送等", sub.by_mail), ("電子申請", sub.online))
        if allowed
    ]
    out = Console(soft_wrap=True)
    out.print(f"問題はありません: {escape(str(file))}")
    rows = [
        ("id", profile.id, "id"),
        ("名称（行政機関の長等）", profile.name, "name"),
        ("機関", f"{profile.body_name}（{profile.kind.label}）", "body_name"),
        ("提案窓口", f"{profile.reception_desk.name}（部署コード {profile.reception_desk.code}）", "reception_desk"),
        ("主管課", "、".join(f"{d.name}（{d.code}）" for d in profile.owning_divisions), "owning_divisions"),
        ("提出の方法", "、".join(channels) + f"（{sub.copies}部）", "submission.online"),
        (
            "手数料",
            f"{profile.fees.base_yen:,}円 + 1時間までごとに{profile.fees.per_started_hour_yen:,}円",
            "fees.base_yen",
        ),
    ]
    for label, value, path in rows:
        mark = f"［{profile.placeholder_label(path)}］" if profile.is_placeholder(path) else ""
        out.print(f"  {label}: {escape(value)}{mark}")
    out.print(
        f"  デモ用の仮の値: {len(profile.placeholders)}項目（本番では実際の値を書き、placeholders から消してください）"
    )
    target = read_profile_dir()
    if file.resolve().parent == target:
        out.print("tokumei org sync を実行すると、機関と部署に反映します。")
    else:
        out.print(
            f"反映するには、{escape(str(target))} に置いて tokumei org sync を実行してください"
            "（置き場所は TOKUMEI_PROFILE_DIR で変えられます）。"
        )


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="利用者名（ログイン名）")],
    role: Annotated[
        list[str],
        typer.Option(help="役割: reception_desk, owning_division, approver, auditor, proposer（複数指定可）"),
    ],
    display_name: Annotated[str, typer.Option(help="表示名（氏名・部署名など）")],
    organization: Annotated[str, typer.Option(help="所属機関のプロファイルID（職員のみ）")] = "",
    department: Annotated[str, typer.Option(help="部署コード（プロファイルの code）")] = "",
    email: Annotated[str, typer.Option(help="メールアドレス")] = "",
    password_stdin: Annotated[bool, typer.Option(help="パスワードを標準入力の1行目から読む")] = False,
) -> None:
    """利用者を登録します。パスワードは対話入力（または --password-stdin）で、Django の検証規則で確認します。"""
    _setup_django("tokumei.web.settings.prod")
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from tokumei.web.accounts.models import Department, Organization, User
    from tokumei.web.accounts.roles import Role
    from tokumei.web.accounts.services import create_user
    from tokumei.web.core.audit import Origin

    try:
        roles = [Role(r) for r in role]
    except ValueError:
        _fail(f"役割は {', '.join(r.value for r in Role)} のいずれかです: {', '.join(role)}")
    if User.objects.filter(username=username).exists():
        _fail(f"利用者名「{username}」は既に使われています。")
    org = None
    if organization:
        org = Organization.objects.filter(profile_id=organization).first()
        if org is None:
            _fail(f"機関「{organization}」がありません。先に tokumei org sync を実行してください。")
    dept = None
    if department:
        dept = Department.objects.filter(organization=org, code=department).first() if org else None
        if dept is None:
            _fail(f"部署コード「{department}」は機関「{organization}」にありません。")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("パスワード", hide_input=True, confirmation_prompt="パスワード（確認）")
    try:
        validate_password(password, User(username=username, display_name=display_name, email=email))
    except ValidationError as exc:
        _fail("パスワードが条件を満たしません: " + " ".join(exc.messages))
    try:
        user = create_user(
            username=username,
            password=password,
            display_name=display_name,
            roles=roles,
            organization=org,
            department=dept,
            email=email,
            origin=Origin.command("user add"),
        )
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"登録しました: {user.username}（{'、'.join(user.role_labels)}）")


@user_app.command("list")
def user_list(organization: Annotated[str, typer.Option(help="機関のプロファイルIDで絞り込む")] = "") -> None:
    """利用者の一覧（役割、所属、二要素認証の有無、有効/無効）。"""
    _setup_django("tokumei.web.settings.prod")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tokumei.web.accounts.models import User

    users = User.objects.select_related("organization", "department").order_by("organization", "username")
    if organization:
        users = users.filter(organization__profile_id=organization)
    with_device = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    table = Table(title="利用者")
    for col in ("利用者名", "機関", "部署", "役割", "二要素認証", "状態"):
        table.add_column(col)
    for u in users:
        table.add_row(
            u.username,
            u.organization.profile_id if u.organization else "（外部）",
            u.department.name if u.department else "",
            "、".join(u.role_labels),
            "設定済み" if u.pk in with_device else "",
            "有効" if u.is_active else "無効",
        )
    Console().print(table)


@user_app.command("deactivate")
def user_deactivate(username: Annotated[str, typer.Argument(help="利用者名")]) -> None:
    """利用者を無効にします（記録は残し、ログインできなくします）。"""
    _setup_django("tokumei.web.settings.prod")
    from tokumei.web.accounts.models import User
    from tokumei.web.accounts.services import deactivate_user
    from tokumei.web.core.audit import Origin

    user = User.objects.filter(username=username).first()
    if user is None:
        _fail(f"利用者「{username}」がいません。")
    deactivate_user(user, origin=Origin.command("user deactivate"))
    console.print(f"無効にしました: {username}")


@user_app.command("reset-2fa")
def user_reset_two_factor(username: Annotated[str, typer.Argument(help="利用者名")]) -> None:
    """端末をなくした利用者の二要素認証を解除します（次回ログイン後に設定し直せます）。"""
    _setup_django("tokumei.web.settings.prod")
    from tokumei.web.accounts.models import User
    from tokumei.web.accounts.two_factor import reset_for
    from tokumei.web.core.audit import Origin

    user = User.objects.filter(username=username).first()
    if user is None:
        _fail(f"利用者「{username}」がいません。")
    count = reset_for(user, origin=Origin.command("user reset-2fa"))
    console.print(
        f"二要素認証を解除しました: {username}" if count else f"{username} には二要素認証が設定されていません。"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")
    app.add_typer(user_app, name="user")
