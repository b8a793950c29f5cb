"""The recipe: what to do with each column, and the privacy targets (version 1).

A recipe is a YAML or JSON document::

    version: 1
    columns:
      氏名: delete                                   # 規則62条1号
      個人番号: delete                               # 2号
      管理番号: pseudonymize                         # 3号
      生年月日: {generalize: age, level: band10, reference: 2026-04-01}
      住所: {generalize: address, level: prefecture}
      郵便番号: {generalize: postal, level: digits3}
      年収: {top_code: 20000000, role: sensitive}
      世帯人数: {top_code: 6}
      性別: {keep: quasi}
      傷病名: {keep: sensitive}
    privacy: {k: 5, l: 2, max_suppression: 0.02}

Construction validates the shape and reports **every** problem at once (:class:`RecipeError`), each naming the
column, the value received and what is allowed. Checking against a real file (columns present, hierarchy files
readable, levels within the file's depth) is a separate step: :meth:`Recipe.check`.

Quasi-identifiers are exactly the columns with ``generalize``, ``top_code``/``bottom_code``/``round``/``band``/
``microaggregate``, ``suppress_rare`` or ``keep: quasi``, unless ``role`` says ``sensitive`` or ``other``.
A column the recipe does not name is dropped (deny by default).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

from tokumei.engine.errors import ErrorCode, Problem, RecipeError
from tokumei.engine.hierarchies.chains import CHAINS, allowed_levels, level_alias, level_index

__all__ = ["ColumnRule", "Privacy", "Recipe", "Sample", "load_recipe", "parse_recipe"]

Role = Literal["quasi", "sensitive", "other"]
Action = Literal["delete", "pseudonymize", "keep", "generalize", "number", "suppress_rare"]
GeneralizeKind = Literal["address", "date", "age", "postal", "hierarchy"]

ROLES: tuple[str, ...] = ("quasi", "sensitive", "other")
KINDS: tuple[str, ...] = ("address", "date", "age", "postal", "hierarchy")
NUMBER_KEYS: tuple[str, ...] = ("top_code", "bottom_code", "round", "band", "microaggregate")
RULE_KEYS: tuple[str, ...] = (
    "delete",
    "pseudonymize",
    "keep",
    "generalize",
    "level",
    "reference",
    "file",
    *NUMBER_KEYS,
    "suppress_rare",
    "role",
)
TOP_KEYS: tuple[str, ...] = ("version", "columns", "privacy", "person_key", "sample")
PRIVACY_KEYS: tuple[str, ...] = ("k", "l", "t", "max_suppression", "rare")
SAMPLE_KEYS: tuple[str, ...] = ("subjects", "seed")
SHORTHANDS: tuple[str, ...] = ("delete", "pseudonymize")

_FORMS = (
    "delete / pseudonymize / {keep: quasi|sensitive|other} / {generalize: address|date|age|postal|hierarchy, "
    "level: …} / {top_code|bottom_code|round|band|microaggregate: 数値} / {suppress_rare: N}"
)


class ColumnRule(BaseModel):
    """What to do with one column. Build it through :class:`Recipe`; the ``action`` is derived from the keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Action
    keep: Role | None = None
    generalize: GeneralizeKind | None = None
    level: int | str | None = None
    reference: dt.date | None = None
    file: str | None = None
    top_code: int | float | None = None
    bottom_code: int | float | None = None
    round: int | float | None = None
    band: int | float | None = None
    microaggregate: int | None = None
    suppress_rare: int | None = None
    role: Role | None = None

    @property
    def effective_role(self) -> Role | None:
        """``quasi``, ``sensitive`` or ``other`` for kept columns; ``None`` for deleted or pseudonymized ones."""
        if self.action in ("delete", "pseudonymize"):
            return None
        if self.action == "keep":
            return self.keep
        return self.role or "quasi"

    @property
    def is_quasi(self) -> bool:
        return self.effective_role == "quasi"

    @property
    def chain_kind(self) -> str | None:
        """The level chain this column uses (``address`` … ``hierarchy``, or ``value``), ``None`` if removed."""
        if self.action in ("delete", "pseudonymize"):
            return None
        return self.generalize or "value"

    def level_index(self, depth: int | None = None) -> int:
        """The chain index of the recipe's level (0 when no level is given)."""
        kind = self.chain_kind
        if kind is None or self.level is None:
            return 0
        idx = level_index(kind, self.level, depth)
        if idx is None:  # validated at construction; only a hierarchy depth can still reject it
            raise ValueError(f"level {self.level!r} is not valid for {kind}")
        return idx

    def to_document(self, *, dates_as_text: bool = True) -> str | dict[str, Any]:
        """The compact recipe form of this rule (``delete``, or a mapping without unset keys)."""
        if self.action in SHORTHANDS:
            return self.action
        out: dict[str, Any] = {}
        for key in RULE_KEYS:
            value = getattr(self, key, None)
            if key in SHORTHANDS or value is None:
                continue
            out[key] = value.isoformat() if isinstance(value, dt.date) and dates_as_text else value
        return out


class Privacy(BaseModel):
    """The targets: ``k`` (subjects per equivalence class), distinct ``l`` per sensitive column, optional ``t``
    (t-closeness), ``max_suppression`` (fraction of records that may be removed) and ``rare`` (the file's policy
    for the rarest value allowed, 規則62条4号; defaults to ``k``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int
    l: int | None = None  # noqa: E741 — the name of the model
    t: float | None = None
    max_suppression: float = 0.0
    rare: int | None = None

    @property
    def rare_threshold(self) -> int:
        return self.rare if self.rare is not None else self.k


class Sample(BaseModel):
    """``sample: {subjects: N}``: keep a random subset of N subjects (``seed`` makes it reproducible)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subjects: int
    seed: int | None = None


class Recipe(BaseModel):
    """A validated recipe. Construct with :func:`parse_recipe` / :func:`load_recipe` or ``Recipe.model_validate``;
    all three raise :class:`RecipeError` listing every problem."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    columns: dict[str, ColumnRule]
    privacy: Privacy
    person_key: str | None = None
    sample: Sample | None = None

    _base_dir: Path | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _validate_document(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("columns"), Mapping):
            cols = data["columns"]
            if cols and all(isinstance(v, ColumnRule) for v in cols.values()):
                return data  # already built (model_copy / internal construction)
        return _normalize_document(data)

    # -- views ------------------------------------------------------------------------------------------------
    @property
    def base_dir(self) -> Path | None:
        """Directory that relative ``file:`` paths are resolved against (the recipe file's directory)."""
        return self._base_dir

    def with_base_dir(self, base_dir: Path | str | None) -> Recipe:
        new = self.model_copy()
        new._base_dir = Path(base_dir) if base_dir is not None else None
        return new

    @property
    def quasi_identifiers(self) -> list[str]:
        """Quasi-identifier columns, in recipe order."""
        return [name for name, rule in self.columns.items() if rule.is_quasi]

    @property
    def sensitive_columns(self) -> list[str]:
        return [name for name, rule in self.columns.items() if rule.effective_role == "sensitive"]

    @property
    def kept_columns(self) -> list[str]:
        """Columns present in the output (everything but ``delete``)."""
        return [name for name, rule in self.columns.items() if rule.action != "delete"]

    def hierarchy_path(self, column: str) -> Path:
        rule = self.columns[column]
        if rule.file is None:
            raise ValueError(f"column {column!r} has no hierarchy file")
        path = Path(rule.file)
        if not path.is_absolute() and self._base_dir is not None:
            path = self._base_dir / path
        return path

    # -- checking against data ----------------------------------------------------------------------------------
    def check(self, columns: Iterable[str]) -> None:
        """Check the recipe against a file's column names and its hierarchy files; raise :class:`RecipeError`
        listing every problem (missing columns name the columns that do exist)."""
        from tokumei.engine.errors import EngineError
        from tokumei.engine.hierarchies.table import read_arx_hierarchy

        available = list(columns)
        present = set(available)
        shown = ", ".join(available[:40]) + (" …" if len(available) > 40 else "")
        problems: list[Problem] = []
        for name in self.columns:
            if name not in present:
                problems.append(
                    Problem(
                        ErrorCode.RECIPE_COLUMN_MISSING,
                        f"columns.{name}",
                        f"列「{name}」はファイルにありません。ファイルの列: {shown}。",
                        f"column {name!r} is not in the file; the file has: {shown}.",
                        received=name,
                        allowed=available,
                    )
                )
        if self.person_key is not None and self.person_key not in present:
            problems.append(
                Problem(
                    ErrorCode.RECIPE_COLUMN_MISSING,
                    "person_key",
                    f"person_key の列「{self.person_key}」はファイルにありません。ファイルの列: {shown}。",
                    f"person_key column {self.person_key!r} is not in the file; the file has: {shown}.",
                    received=self.person_key,
                    allowed=available,
                )
            )
        for name, rule in self.columns.items():
            if rule.generalize != "hierarchy":
                continue
            path = self.hierarchy_path(name)
            try:
                table = read_arx_hierarchy(path)
            except EngineError as exc:
                problems.append(
                    Problem(
                        ErrorCode.RECIPE_HIERARCHY_FILE,
                        f"columns.{name}.file",
                        f"列「{name}」の階層ファイル「{rule.file}」を読めません: {exc.message}",
                        f"column {name!r}: cannot read hierarchy file {rule.file!r}: {exc.message_en}",
                        received=rule.file,
                    )
                )
                continue
            depth = table.width
            if rule.level is not None and level_index("hierarchy", rule.level, depth) is None:
                problems.append(
                    Problem(
                        ErrorCode.RECIPE_BAD_LEVEL,
                        f"columns.{name}.level",
                        f"列「{name}」: level「{rule.level}」は階層ファイル「{rule.file}」にありません。"
                        f"指定できる値: {allowed_levels('hierarchy', depth)}。",
                        f"column {name!r}: level {rule.level!r} is outside hierarchy {rule.file!r}; "
                        f"allowed: 0..{depth - 1}.",
                        received=rule.level,
                        allowed=list(range(depth)),
                    )
                )
        if problems:
            raise RecipeError(
                ErrorCode.RECIPE_INVALID,
                f"レシピがファイルと合いません（{len(problems)} 件）。",
                f"the recipe does not fit the file ({len(problems)} problem(s)).",
                problems,
            )

    # -- writing --------------------------------------------------------------------------------------------------
    def with_levels(self, levels: Mapping[str, int]) -> Recipe:
        """A copy with new generalization levels (chain indexes), written with an alias where the original rule
        used an alias (so ``search --out`` keeps the user's style)."""
        cols = dict(self.columns)
        for name, idx in levels.items():
            rule = cols[name]
            kind = rule.chain_kind
            if kind is None:
                raise ValueError(f"column {name!r} is not generalized")
            value: int | str
            if isinstance(rule.level, str) and kind != "hierarchy" and not rule.level.strip().isdigit():
                value = level_alias(kind, idx)
            else:
                value = idx
            cols[name] = rule.model_copy(update={"level": value})
        new = self.model_copy(update={"columns": cols})
        new._base_dir = self._base_dir
        return new

    def to_document(self, *, dates_as_text: bool = True) -> dict[str, Any]:
        """The recipe as plain data (JSON-ready unless ``dates_as_text`` is false)."""
        doc: dict[str, Any] = {"version": self.version}
        if self.person_key is not None:
            doc["person_key"] = self.person_key
        doc["columns"] = {name: rule.to_document(dates_as_text=dates_as_text) for name, rule in self.columns.items()}
        doc["privacy"] = self.privacy.model_dump(exclude_none=True)
        if self.sample is not None:
            doc["sample"] = self.sample.model_dump(exclude_none=True)
        return doc

    def to_yaml(self) -> str:
        text: str = yaml.safe_dump(
            self.to_document(dates_as_text=False), allow_unicode=True, sort_keys=False, width=120
        )
        return text


def parse_recipe(data: Any, *, base_dir: Path | str | None = None) -> Recipe:
    """Validate a recipe document (a mapping as read from YAML/JSON)."""
    return Recipe.model_validate(data).with_base_dir(base_dir)


def load_recipe(source: Path | str, *, text: str | None = None) -> Recipe:
    """Read a recipe file (YAML or JSON); relative hierarchy paths resolve against its directory."""
    path = Path(source)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise RecipeError(
                ErrorCode.RECIPE_SYNTAX,
                f"レシピファイル「{path}」が見つかりません。パスを確認してください。",
                f"recipe file {str(path)!r} not found.",
            ) from None
        except UnicodeDecodeError:
            raise RecipeError(
                ErrorCode.RECIPE_SYNTAX,
                f"レシピファイル「{path}」は UTF-8 ではありません。UTF-8 で保存してください。",
                f"recipe file {str(path)!r} is not UTF-8.",
            ) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise RecipeError(
            ErrorCode.RECIPE_SYNTAX,
            f"レシピ「{path.name}」を YAML/JSON として読めません: {exc}",
            f"recipe {path.name!r} is not valid YAML/JSON: {exc}",
        ) from None
    return parse_recipe(data, base_dir=path.parent)


# ----------------------------------------------------------------------------------------------------------------
# Validation: collect every problem, then hand a normalized document to pydantic.


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        code: ErrorCode,
        where: str,
        ja: str,
        en: str,
        received: Any = None,
        allowed: Any = None,
    ) -> None:
        self.problems.append(Problem(code, where, ja, en, _jsonable(received), allowed))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return repr(value)


def _where_ja(column: str | None, key: str) -> str:
    return f"列「{column}」の {key}" if column is not None else key


def _int(c: _Collector, value: Any, where: str, label: str, *, minimum: int, column: str | None = None) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        c.add(
            ErrorCode.RECIPE_BAD_VALUE,
            where,
            f"{_where_ja(column, label)} は {minimum} 以上の整数にしてください（受け取った値: {value!r}）。",
            f"{where} must be an integer >= {minimum}; received {value!r}.",
            received=value,
            allowed=f"integer >= {minimum}",
        )
        return None
    return value


def _number(
    c: _Collector,
    value: Any,
    where: str,
    label: str,
    *,
    positive: bool = False,
    column: str | None = None,
    low: float | None = None,
    high: float | None = None,
) -> int | float | None:
    ok = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
    if ok and positive and value <= 0:
        ok = False
    if ok and low is not None and value < low:
        ok = False
    if ok and high is not None and value > high:
        ok = False
    if not ok:
        if low is not None and high is not None:
            allowed = f" {low:g} 以上 {high:g} 以下の数"
        else:
            allowed = "正の数" if positive else "数"
        c.add(
            ErrorCode.RECIPE_BAD_VALUE,
            where,
            f"{_where_ja(column, label)} は{allowed}にしてください（受け取った値: {value!r}）。",
            f"{where} must be a {'positive ' if positive else ''}number"
            + (f" in [{low}, {high}]" if low is not None else "")
            + f"; received {value!r}.",
            received=value,
            allowed=allowed,
        )
        return None
    return cast(int | float, value)


def _place(column: str | None, where: str) -> str:
    return f"列「{column}」" if column is not None else (where or "レシピ")


def _unknown_keys(
    c: _Collector, mapping: Mapping[Any, Any], allowed: Sequence[str], where: str, column: str | None = None
) -> None:
    for key in mapping:
        if key not in allowed:
            c.add(
                ErrorCode.RECIPE_UNKNOWN_KEY,
                f"{where}.{key}" if where else str(key),
                f"{_place(column, where)}: 「{key}」は使えないキーです。使えるキー: {', '.join(allowed)}。",
                f"unknown key {key!r} in {where or 'recipe'}; allowed: {', '.join(allowed)}.",
                received=str(key),
                allowed=list(allowed),
            )


def _normalize_document(data: Any) -> dict[str, Any]:
    c = _Collector()
    if not isinstance(data, Mapping):
        raise RecipeError(
            ErrorCode.RECIPE_SYNTAX,
            "レシピはキーと値の組（YAML のマッピング）で書いてください（version, columns, privacy …）。",
            "a recipe must be a mapping (version, columns, privacy …).",
            [
                Problem(
                    ErrorCode.RECIPE_SYNTAX,
                    "recipe",
                    "レシピ全体がマッピングではありません。",
                    "the recipe is not a mapping.",
                    received=type(data).__name__,
                    allowed="mapping",
                )
            ],
        )
    _unknown_keys(c, data, TOP_KEYS, "")
    out: dict[str, Any] = {}

    version = data.get("version")
    if version != 1 or isinstance(version, bool):
        c.add(
            ErrorCode.RECIPE_VERSION,
            "version",
            f"version は 1 にしてください（受け取った値: {version!r}）。このバージョンの tokumei は version 1 "
            "のレシピを読みます。",
            f"version must be 1; received {version!r}.",
            received=version,
            allowed=[1],
        )
    out["version"] = 1

    columns = data.get("columns")
    rules: dict[str, dict[str, Any]] = {}
    if not isinstance(columns, Mapping) or not columns:
        c.add(
            ErrorCode.RECIPE_MISSING_KEY,
            "columns",
            "columns に、列名ごとの処理（delete, pseudonymize, keep, generalize …）を 1 つ以上書いてください。",
            "columns must map at least one column name to a rule.",
            received=_jsonable(columns),
            allowed="mapping of column name to rule",
        )
    else:
        for name, raw in columns.items():
            rule = _normalize_rule(c, str(name), raw)
            if rule is not None:
                rules[str(name)] = rule
    out["columns"] = rules

    privacy = data.get("privacy")
    out["privacy"] = _normalize_privacy(c, privacy)

    person_key = data.get("person_key")
    if person_key is not None:
        if not isinstance(person_key, str) or not person_key:
            c.add(
                ErrorCode.RECIPE_BAD_VALUE,
                "person_key",
                f"person_key には本人を表す列の名前を書いてください（受け取った値: {person_key!r}）。",
                f"person_key must be a column name; received {person_key!r}.",
                received=person_key,
                allowed="column name",
            )
        else:
            out["person_key"] = person_key
            if isinstance(columns, Mapping) and person_key not in columns:
                c.add(
                    ErrorCode.RECIPE_CONFLICT,
                    "person_key",
                    f"person_key の列「{person_key}」を columns にも書いてください（delete か pseudonymize）。",
                    f"person_key column {person_key!r} must also appear in columns (delete or pseudonymize).",
                    received=person_key,
                )
            elif person_key in rules and rules[person_key]["action"] not in ("delete", "pseudonymize"):
                c.add(
                    ErrorCode.RECIPE_CONFLICT,
                    f"columns.{person_key}",
                    f"person_key の列「{person_key}」は本人を結び付ける符号です。delete か pseudonymize に"
                    "してください。",
                    f"person_key column {person_key!r} must be delete or pseudonymize.",
                    received=rules[person_key]["action"],
                    allowed=["delete", "pseudonymize"],
                )

    sample = data.get("sample")
    if sample is not None:
        if not isinstance(sample, Mapping):
            c.add(
                ErrorCode.RECIPE_BAD_VALUE,
                "sample",
                f"sample は {{subjects: N}} の形で書いてください（受け取った値: {sample!r}）。",
                f"sample must be {{subjects: N}}; received {sample!r}.",
                received=sample,
                allowed="{subjects: N, seed: S}",
            )
        else:
            _unknown_keys(c, sample, SAMPLE_KEYS, "sample")
            subjects = _int(c, sample.get("subjects"), "sample.subjects", "sample.subjects", minimum=1)
            seed = sample.get("seed")
            if seed is not None:
                seed = _int(c, seed, "sample.seed", "sample.seed", minimum=0)
            out["sample"] = {"subjects": subjects, "seed": seed}

    if c.problems:
        raise RecipeError(
            ErrorCode.RECIPE_INVALID,
            f"レシピに {len(c.problems)} 件の問題があります。すべて直してから実行してください。",
            f"the recipe has {len(c.problems)} problem(s).",
            c.problems,
        )
    return out


def _normalize_privacy(c: _Collector, privacy: Any) -> dict[str, Any]:
    if not isinstance(privacy, Mapping):
        c.add(
            ErrorCode.RECIPE_MISSING_KEY,
            "privacy",
            "privacy に目標を書いてください（例: {k: 5, l: 2, max_suppression: 0.02}）。k は必須です。",
            "privacy must give the targets, at least k (e.g. {k: 5, l: 2, max_suppression: 0.02}).",
            received=_jsonable(privacy),
            allowed="{k, l, t, max_suppression, rare}",
        )
        return {"k": 1}
    _unknown_keys(c, privacy, PRIVACY_KEYS, "privacy")
    out: dict[str, Any] = {}
    if "k" not in privacy:
        c.add(
            ErrorCode.RECIPE_MISSING_KEY,
            "privacy.k",
            "privacy.k（同じ組合せを持つ本人の最小数）を書いてください。",
            "privacy.k is required.",
            allowed="integer >= 1",
        )
        out["k"] = 1
    else:
        out["k"] = _int(c, privacy["k"], "privacy.k", "privacy.k", minimum=1) or 1
    if privacy.get("l") is not None:
        out["l"] = _int(c, privacy["l"], "privacy.l", "privacy.l", minimum=1)
    if privacy.get("t") is not None:
        out["t"] = _number(c, privacy["t"], "privacy.t", "privacy.t", low=0.0, high=1.0)
    if privacy.get("max_suppression") is not None:
        ms = _number(
            c, privacy["max_suppression"], "privacy.max_suppression", "privacy.max_suppression", low=0.0, high=1.0
        )
        out["max_suppression"] = 0.0 if ms is None else float(ms)
    if privacy.get("rare") is not None:
        out["rare"] = _int(c, privacy["rare"], "privacy.rare", "privacy.rare", minimum=1)
    return out


def _normalize_rule(c: _Collector, name: str, raw: Any) -> dict[str, Any] | None:
    where = f"columns.{name}"
    if isinstance(raw, str):
        if raw in SHORTHANDS:
            return {"action": raw}
        c.add(
            ErrorCode.RECIPE_BAD_VALUE,
            where,
            f"列「{name}」: 「{raw}」は処理として使えません。使える形: {_FORMS}。",
            f"column {name!r}: {raw!r} is not a rule; allowed: {_FORMS}.",
            received=raw,
            allowed=_FORMS,
        )
        return None
    if not isinstance(raw, Mapping) or not raw:
        c.add(
            ErrorCode.RECIPE_BAD_VALUE,
            where,
            f"列「{name}」: 処理が書かれていません。使える形: {_FORMS}。",
            f"column {name!r}: no rule given; allowed: {_FORMS}.",
            received=_jsonable(raw),
            allowed=_FORMS,
        )
        return None
    before = len(c.problems)
    _unknown_keys(c, raw, RULE_KEYS, where, column=name)
    keys = {k for k in raw if k in RULE_KEYS}
    rule: dict[str, Any] = {}

    def conflict(ja: str, en: str, received: Any) -> None:
        c.add(ErrorCode.RECIPE_CONFLICT, where, f"列「{name}」: {ja}", f"column {name!r}: {en}", received=received)

    # which action?
    number_keys = [k for k in NUMBER_KEYS if k in keys]
    actions = []
    for flag in SHORTHANDS:
        if flag in keys:
            if raw[flag] is not True:
                c.add(
                    ErrorCode.RECIPE_BAD_VALUE,
                    f"{where}.{flag}",
                    f"列「{name}」: {flag} は true にするか、「{name}: {flag}」と書いてください"
                    f"（受け取った値: {raw[flag]!r}）。",
                    f"column {name!r}: {flag} must be true; received {raw[flag]!r}.",
                    received=raw[flag],
                    allowed=[True],
                )
            actions.append(flag)
    if "keep" in keys:
        actions.append("keep")
    if "generalize" in keys:
        actions.append("generalize")
    if number_keys and "generalize" not in keys:
        actions.append("number")
    if not actions:
        if "suppress_rare" in keys:
            actions.append("suppress_rare")
        else:
            c.add(
                ErrorCode.RECIPE_MISSING_KEY,
                where,
                f"列「{name}」: 処理（delete, pseudonymize, keep, generalize, top_code …）が書かれていません。"
                f"使える形: {_FORMS}。",
                f"column {name!r}: no action key; allowed: {_FORMS}.",
                received=_jsonable(raw),
                allowed=_FORMS,
            )
            return None
    if len(actions) > 1:
        conflict(
            f"{' と '.join(actions)} は同時に指定できません。1 つにしてください。",
            f"{' and '.join(actions)} cannot be combined.",
            actions,
        )
    action = actions[0]
    rule["action"] = action
    if action in SHORTHANDS:
        extra = sorted(keys - {action})
        if extra:
            conflict(
                f"{action} には他のキー（{', '.join(extra)}）を付けられません。",
                f"{action} takes no other keys ({', '.join(extra)}).",
                extra,
            )
        return rule if len(c.problems) == before else None

    # keep
    if "keep" in keys:
        value = raw["keep"]
        if value not in ROLES:
            c.add(
                ErrorCode.RECIPE_BAD_VALUE,
                f"{where}.keep",
                f"列「{name}」: keep に「{value}」は指定できません。指定できる値: quasi, sensitive, other。",
                f"column {name!r}: keep must be quasi, sensitive or other; received {value!r}.",
                received=value,
                allowed=list(ROLES),
            )
        else:
            rule["keep"] = value
        if "role" in keys:
            conflict(
                "keep と role は同時に指定できません（keep の値が役割です）。",
                "keep already states the role; remove role.",
                raw.get("role"),
            )
    if "role" in keys and "keep" not in keys:
        value = raw["role"]
        if value not in ROLES:
            c.add(
                ErrorCode.RECIPE_BAD_VALUE,
                f"{where}.role",
                f"列「{name}」: role に「{value}」は指定できません。指定できる値: quasi, sensitive, other。",
                f"column {name!r}: role must be quasi, sensitive or other; received {value!r}.",
                received=value,
                allowed=list(ROLES),
            )
        else:
            rule["role"] = value

    # generalize
    kind: str | None = None
    if "generalize" in keys:
        value = raw["generalize"]
        if value not in KINDS:
            c.add(
                ErrorCode.RECIPE_BAD_VALUE,
                f"{where}.generalize",
                f"列「{name}」: generalize に「{value}」は指定できません。指定できる値: {', '.join(KINDS)}。",
                f"column {name!r}: generalize must be one of {', '.join(KINDS)}; received {value!r}.",
                received=value,
                allowed=list(KINDS),
            )
        else:
            kind = value
            rule["generalize"] = value
            if "level" not in keys:
                c.add(
                    ErrorCode.RECIPE_MISSING_KEY,
                    f"{where}.level",
                    f"列「{name}」: level を書いてください。指定できる値: {allowed_levels(value)}。",
                    f"column {name!r}: level is required for generalize {value}.",
                    allowed=allowed_levels(value),
                )
    chain_kind = kind if kind is not None else ("value" if "generalize" not in keys else None)
    if "level" in keys and chain_kind is not None:
        level = raw["level"]
        ok = isinstance(level, int | str) and not isinstance(level, bool)
        if ok and level_index(chain_kind, level) is None:
            ok = False
        if not ok:
            allowed = (
                list(range(10_000))
                if chain_kind == "hierarchy"
                else [*CHAINS[chain_kind], *range(len(CHAINS[chain_kind]))]
            )
            c.add(
                ErrorCode.RECIPE_BAD_LEVEL,
                f"{where}.level",
                f"列「{name}」: level に「{level}」は指定できません。指定できる値: {allowed_levels(chain_kind)}。",
                f"column {name!r}: level {level!r} is not valid for {chain_kind}; allowed: "
                f"{', '.join(CHAINS.get(chain_kind, ('0', '1', '…')))}.",
                received=level,
                allowed=allowed if chain_kind != "hierarchy" else "integer >= 0",
            )
        else:
            rule["level"] = level
    if kind == "age":
        if "reference" not in keys:
            c.add(
                ErrorCode.RECIPE_MISSING_KEY,
                f"{where}.reference",
                f"列「{name}」: 年齢を計算する基準日 reference を書いてください（例: 2026-04-01）。",
                f"column {name!r}: generalize age needs reference (a date, e.g. 2026-04-01).",
                allowed="YYYY-MM-DD",
            )
        else:
            ref = _date(raw["reference"])
            if ref is None:
                c.add(
                    ErrorCode.RECIPE_BAD_VALUE,
                    f"{where}.reference",
                    f"列「{name}」: reference は YYYY-MM-DD の日付にしてください"
                    f"（受け取った値: {raw['reference']!r}）。",
                    f"column {name!r}: reference must be a date YYYY-MM-DD; received {raw['reference']!r}.",
                    received=raw["reference"],
                    allowed="YYYY-MM-DD",
                )
            else:
                rule["reference"] = ref
    elif "reference" in keys:
        conflict(
            "reference は generalize: age のときだけ指定できます。",
            "reference is only for generalize: age.",
            raw["reference"],
        )
    if kind == "hierarchy":
        f = raw.get("file")
        if not isinstance(f, str) or not f.strip():
            c.add(
                ErrorCode.RECIPE_MISSING_KEY,
                f"{where}.file",
                f"列「{name}」: generalize: hierarchy には階層ファイル file（ARX 形式の CSV、レシピからの相対パス）"
                f"を書いてください（受け取った値: {f!r}）。",
                f"column {name!r}: generalize hierarchy needs file (an ARX-format CSV); received {f!r}.",
                received=f,
                allowed="path to a ;-separated CSV",
            )
        else:
            rule["file"] = f
    elif "file" in keys:
        conflict("file は generalize: hierarchy のときだけ指定できます。", "file is only for hierarchy.", raw["file"])

    # numbers
    if number_keys and kind is not None and kind != "age":
        conflict(
            f"{', '.join(number_keys)} は数値の列（または generalize: age の top_code）にだけ使えます。",
            f"{', '.join(number_keys)} only apply to numbers (or top_code with generalize age).",
            number_keys,
        )
    if kind == "age":
        bad = [k for k in number_keys if k != "top_code"]
        if bad:
            conflict(
                f"generalize: age と一緒に使えるのは top_code だけです（{', '.join(bad)} は使えません）。",
                f"only top_code combines with generalize age ({', '.join(bad)} given).",
                bad,
            )
    for key in number_keys:
        v: int | float | None
        if key == "microaggregate":
            v = _int(c, raw[key], f"{where}.{key}", key, minimum=2, column=name)
        else:
            v = _number(c, raw[key], f"{where}.{key}", key, positive=key in ("round", "band"), column=name)
        if v is not None:
            rule[key] = v
    if "round" in rule and "band" in rule:
        conflict(
            "round と band は同時に指定できません。どちらか 1 つにしてください。", "round and band conflict.", None
        )
    if "microaggregate" in rule and ("round" in rule or "band" in rule):
        conflict(
            "microaggregate と round/band は同時に指定できません。",
            "microaggregate conflicts with round/band.",
            None,
        )
    if "top_code" in rule and "bottom_code" in rule and rule["bottom_code"] >= rule["top_code"]:
        conflict(
            f"bottom_code（{rule['bottom_code']}）は top_code（{rule['top_code']}）より小さくしてください。",
            "bottom_code must be below top_code.",
            {"bottom_code": rule["bottom_code"], "top_code": rule["top_code"]},
        )
    if "suppress_rare" in keys:
        v = _int(c, raw["suppress_rare"], f"{where}.suppress_rare", "suppress_rare", minimum=1, column=name)
        if v is not None:
            rule["suppress_rare"] = v
    if len(c.problems) != before:
        return None
    return rule


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
