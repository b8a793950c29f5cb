"""The detail levels an organization can offer per record item, named by the engine's level chains
(`tokumei.engine.hierarchies.chains.CHAINS`) and labelled in Japanese for the register and the proposal form.

A record item offers a subset of its chain's levels (never the suppressed level ``*``: "not wanted" is always
available and simply leaves the item out of the dataset).
"""

from __future__ import annotations

from tokumei.engine.hierarchies.chains import CHAINS, SUPPRESSED

GENERALIZER_LABELS: dict[str, str] = {
    "address": "住所",
    "date": "日付",
    "age": "年齢（生年月日から算出）",
    "postal": "郵便番号",
    "value": "そのまま（または提供しない）",
}

LEVEL_LABELS: dict[str, dict[str, str]] = {
    "address": {
        "original": "記録のまま（番地等まで）",
        "ward": "市区町村（政令指定都市の区まで）",
        "municipality": "市町村",
        "prefecture": "都道府県",
        "region": "地方（8区分）",
    },
    "date": {"day": "年月日", "month": "年月", "year": "年"},
    "age": {"years": "年齢（1歳刻み）", "band5": "5歳階級", "band10": "10歳階級", "band20": "20歳階級"},
    "postal": {"digits7": "7桁", "digits5": "上5桁", "digits3": "上3桁"},
    "value": {"value": "記録のまま"},
}


def offerable_levels(generalizer: str) -> list[str]:
    """The levels of a chain that may be offered (every level but the fully suppressed one)."""
    return [level for level in CHAINS.get(generalizer, ()) if level != SUPPRESSED]


def level_label(generalizer: str, level: str) -> str:
    return LEVEL_LABELS.get(generalizer, {}).get(level, level)


def check_offered_levels(generalizer: str, levels: list[str]) -> list[str]:
    """Problems (Japanese) with a list of offered levels; empty when valid."""
    allowed = offerable_levels(generalizer)
    if not allowed:
        return [f"加工の種類「{generalizer}」は選択肢にありません（選択肢: {'、'.join(GENERALIZER_LABELS)}）。"]
    return [
        f"詳細度「{level}」は「{GENERALIZER_LABELS[generalizer]}」では選べません（選択肢: {'、'.join(allowed)}）。"
        for level in levels
        if level not in allowed
    ]
