"""``tokumei fee``: the fee (手数料) or usage charge (利用料) of a case, for officials (issue 8).

Computed by :mod:`tokumei.law.fees` from an organization profile — built-in, or the installation's own in
``DATA_DIR/profiles`` / ``TOKUMEI_PROFILE_DIR`` (ADR 0011); no Django, no engine::

    tokumei fee --org nara-police --kind new --hours 4.5            # 21,000 + 5 × 3,950 = 40,750
    tokumei fee --org nara-police --kind new --item extraction_design=1 --item inspection=0.5 --outsourcing 80000
    tokumei fee --org fukuoka-police --kind reuse --original-fee 40750
    tokumei fee --org kumamoto-city --kind change --json

Exit status: 0 computed, 2 refused (the message says why and what to pass instead).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def fee(
    org: Annotated[str, typer.Option("--org", help="Organization profile id (e.g. nara-police).")],
    kind: Annotated[str, typer.Option("--kind", help="new (法112条), reuse (法118条前段) or change (法118条後段).")],
    hours: Annotated[
        str | None, typer.Option("--hours", help="Estimated hours in total (e.g. 4.5); rounded up per started hour.")
    ] = None,
    item: Annotated[
        list[str] | None,
        typer.Option(
            "--item",
            help="Itemized hours KIND=H (repeatable): extraction_design, extraction_run, processing_design, "
            "processing_run, inspection, outsourcing_paperwork.",
        ),
    ] = None,
    outsourcing: Annotated[int, typer.Option("--outsourcing", help="Yen paid to the processor (new only).")] = 0,
    third_parties: Annotated[
        int, typer.Option("--third-parties", help="Third parties given an opinion opportunity (2017 rule only).")
    ] = 0,
    original_fee: Annotated[
        int | None, typer.Option("--original-fee", help="The original contract's fee in yen (reuse only).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the breakdown as JSON.")] = False,
) -> None:
    """手数料（利用料）の額と内訳を計算します（法119条、令31条、各組織の条例）。"""
    from tokumei.law.fees import FeeRefused, WorkEstimate, WorkItem, WorkItemKind, compute_fee, parse_hours
    from tokumei.law.intake import ProposalKind
    from tokumei.profiles import ProfileError, load_all_profiles
    from tokumei.web.core.env import read_profile_dir  # a plain module: no Django

    try:
        profiles = load_all_profiles(read_profile_dir())
    except ProfileError as exc:
        raise _fail(str(exc)) from None
    profile = profiles.get(org)
    if profile is None:
        raise _fail(
            f"組織「{org}」のプロファイルはありません。次のいずれかを指定してください: {', '.join(sorted(profiles))}。"
        )
    try:
        proposal_kind = ProposalKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in ProposalKind)
        raise _fail(f"--kind は次のいずれかを指定してください: {allowed}（受け取った値: {kind}）。") from None
    try:
        estimate: WorkEstimate | None = None
        if hours is not None and item:
            raise _fail("--hours（合計）と --item（内訳）は同時に指定できません。どちらか一方にしてください。")
        if hours is not None:
            estimate = WorkEstimate.of_total(parse_hours(hours))
        elif item:
            items = []
            for entry in item:
                name, sep, value = entry.partition("=")
                try:
                    work_kind = WorkItemKind(name.strip())
                except ValueError:
                    allowed = ", ".join(k.value for k in WorkItemKind if k is not WorkItemKind.UNITEMIZED)
                    raise _fail(
                        f"--item の種類は次のいずれかを指定してください: {allowed}（受け取った値: {entry}）。"
                    ) from None
                if not sep:
                    raise _fail(f"--item は 種類=時間 の形で指定してください（受け取った値: {entry}）。")
                items.append(WorkItem(work_kind, parse_hours(value)))
            estimate = WorkEstimate(tuple(items))
        breakdown = compute_fee(
            profile,
            proposal_kind,
            estimate=estimate,
            outsourcing_yen=outsourcing,
            third_parties=third_parties,
            original_fee_yen=original_fee,
        )
    except FeeRefused as exc:
        raise _fail(f"{exc}（{exc.code.value}）") from None
    if as_json:
        typer.echo(json.dumps(breakdown.as_dict(), ensure_ascii=False))
        return
    typer.echo(f"{profile.name}　{proposal_kind.label}")
    for line in breakdown.lines:
        detail = f"　（{line.detail}）" if line.detail else ""
        typer.echo(f"  {line.label}: {line.amount_yen:,}円{detail}")
    typer.echo(f"根拠: {breakdown.legal_basis}")
    if breakdown.placeholder:
        typer.echo(f"注意: {', '.join(breakdown.placeholder_fields)} はデモ用の仮の値です。")


def register(app: typer.Typer) -> None:
    """Add the ``fee`` verb to the ``tokumei`` command."""
    app.command(name="fee")(fee)
