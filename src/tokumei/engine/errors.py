"""Errors raised by the engine: stable English codes, Japanese messages for users.

Two families (STYLE.md habit 6): bad input (:class:`InputError`, :class:`RecipeError`, :class:`HierarchyError`,
:class:`UnparseableValuesError`) and programmer misuse (plain ``TypeError``/``ValueError``). Targets that the data
does not meet are not errors: they are reported (``report["rule62"]``) and the CLI exits 1. Each error carries a
code from :class:`ErrorCode`; ``docs/engine.md`` lists them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class ErrorCode(enum.StrEnum):
    """Stable codes; the text of a message may change, the code does not."""

    # recipe
    RECIPE_SYNTAX = "recipe_syntax"
    RECIPE_VERSION = "recipe_version"
    RECIPE_INVALID = "recipe_invalid"
    RECIPE_UNKNOWN_KEY = "recipe_unknown_key"
    RECIPE_MISSING_KEY = "recipe_missing_key"
    RECIPE_BAD_VALUE = "recipe_bad_value"
    RECIPE_BAD_LEVEL = "recipe_bad_level"
    RECIPE_CONFLICT = "recipe_conflict"
    RECIPE_COLUMN_MISSING = "recipe_column_missing"
    RECIPE_HIERARCHY_FILE = "recipe_hierarchy_file"
    # input
    INPUT_NOT_FOUND = "input_not_found"
    INPUT_FORMAT = "input_format"
    INPUT_ENCODING = "input_encoding"
    INPUT_SEPARATOR = "input_separator"
    INPUT_EMPTY = "input_empty"
    INPUT_DUPLICATE_HEADER = "input_duplicate_header"
    INPUT_SQL = "input_sql"
    # data
    UNPARSEABLE_VALUES = "unparseable_values"
    # hierarchy files
    HIERARCHY_FORMAT = "hierarchy_format"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located precisely enough to fix it.

    ``where`` is a path such as ``columns.生年月日.level`` or ``row 12, column 住所``; ``received`` is the value
    given (never personal data: for cell problems it is omitted), ``allowed`` what would have been accepted.
    """

    code: ErrorCode
    where: str
    message: str
    message_en: str
    received: Any = None
    allowed: Any = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": str(self.code), "where": self.where, "message": self.message}
        out["message_en"] = self.message_en
        if self.received is not None:
            out["received"] = self.received
        if self.allowed is not None:
            out["allowed"] = self.allowed
        return out


@dataclass
class EngineError(Exception):
    """Base of every error the engine raises on bad input. ``str()`` is the Japanese message."""

    code: ErrorCode
    message: str
    message_en: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        lines = [self.message]
        lines.extend(f"- {p.where}: {p.message}" for p in self.problems)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "message": self.message,
            "message_en": self.message_en,
            "problems": [p.as_dict() for p in self.problems],
        }


class InputError(EngineError):
    """The input file cannot be read as a table (missing, wrong encoding, no separator …)."""


class RecipeError(EngineError):
    """The recipe is invalid; ``problems`` lists every problem found, each naming the column."""


class UnparseableValuesError(EngineError):
    """Too many non-blank values could not be parsed (more than 1 % of a column, or any with ``strict``)."""


class HierarchyError(EngineError):
    """An ARX-format hierarchy file is malformed or does not cover the data."""
