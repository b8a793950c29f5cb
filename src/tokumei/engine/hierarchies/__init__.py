"""Generalization hierarchies: every generalizer is one ordered level chain (0 = original, last = ``*``).

Public entry points:

* :func:`generalizer_for` — the :class:`Generalizer` of a recipe column (address, date, age, postal, an ARX
  hierarchy file, numbers, or kept values);
* :meth:`Generalizer.hierarchy_table` — the chain materialized for a column's distinct values as a
  ``level_0 … level_n`` :class:`polars.DataFrame`, the shape :func:`read_arx_hierarchy` returns;
* :data:`CHAINS` — the aliases of each chain.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tokumei.engine.hierarchies.address import AddressGeneralizer, parse_addresses
    from tokumei.engine.hierarchies.base import Generalizer, Prepared, ValueGeneralizer
    from tokumei.engine.hierarchies.chains import CHAINS, SUPPRESSED, level_alias, level_index
    from tokumei.engine.hierarchies.dates import AgeGeneralizer, DateGeneralizer, age_at, parse_age, parse_date
    from tokumei.engine.hierarchies.file import HierarchyGeneralizer
    from tokumei.engine.hierarchies.numbers import NumberCoder, parse_numbers
    from tokumei.engine.hierarchies.postal import PostalGeneralizer
    from tokumei.engine.hierarchies.table import (
        level_columns,
        read_arx_hierarchy,
        validate_hierarchy,
        write_arx_hierarchy,
    )
    from tokumei.engine.recipe import ColumnRule

_LAZY: dict[str, str] = {
    "AddressGeneralizer": "tokumei.engine.hierarchies.address",
    "AgeGeneralizer": "tokumei.engine.hierarchies.dates",
    "CHAINS": "tokumei.engine.hierarchies.chains",
    "DateGeneralizer": "tokumei.engine.hierarchies.dates",
    "Generalizer": "tokumei.engine.hierarchies.base",
    "HierarchyGeneralizer": "tokumei.engine.hierarchies.file",
    "NumberCoder": "tokumei.engine.hierarchies.numbers",
    "PostalGeneralizer": "tokumei.engine.hierarchies.postal",
    "Prepared": "tokumei.engine.hierarchies.base",
    "SUPPRESSED": "tokumei.engine.hierarchies.chains",
    "ValueGeneralizer": "tokumei.engine.hierarchies.base",
    "age_at": "tokumei.engine.hierarchies.dates",
    "level_alias": "tokumei.engine.hierarchies.chains",
    "level_columns": "tokumei.engine.hierarchies.table",
    "level_index": "tokumei.engine.hierarchies.chains",
    "parse_addresses": "tokumei.engine.hierarchies.address",
    "parse_age": "tokumei.engine.hierarchies.dates",
    "parse_date": "tokumei.engine.hierarchies.dates",
    "parse_numbers": "tokumei.engine.hierarchies.numbers",
    "read_arx_hierarchy": "tokumei.engine.hierarchies.table",
    "validate_hierarchy": "tokumei.engine.hierarchies.table",
    "write_arx_hierarchy": "tokumei.engine.hierarchies.table",
}


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` on first use (the search of ARX-format hierarchies never loads the
    address tables)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "CHAINS",
    "SUPPRESSED",
    "AddressGeneralizer",
    "AgeGeneralizer",
    "DateGeneralizer",
    "Generalizer",
    "HierarchyGeneralizer",
    "NumberCoder",
    "PostalGeneralizer",
    "Prepared",
    "ValueGeneralizer",
    "age_at",
    "generalizer_for",
    "level_alias",
    "level_columns",
    "level_index",
    "parse_addresses",
    "parse_age",
    "parse_date",
    "parse_numbers",
    "read_arx_hierarchy",
    "validate_hierarchy",
    "write_arx_hierarchy",
]


def generalizer_for(rule: ColumnRule, *, hierarchy_path: Path | None = None) -> Generalizer:
    """The generalizer of a kept column. ``hierarchy_path`` is the resolved ``file`` of a ``hierarchy`` rule
    (:meth:`tokumei.engine.recipe.Recipe.hierarchy_path`)."""
    if rule.action in ("delete", "pseudonymize"):
        raise ValueError(f"a {rule.action} column has no generalizer")
    from tokumei.engine.hierarchies.address import AddressGeneralizer
    from tokumei.engine.hierarchies.base import ValueGeneralizer
    from tokumei.engine.hierarchies.dates import AgeGeneralizer, DateGeneralizer
    from tokumei.engine.hierarchies.file import HierarchyGeneralizer
    from tokumei.engine.hierarchies.numbers import NumberCoder
    from tokumei.engine.hierarchies.postal import PostalGeneralizer
    from tokumei.engine.hierarchies.table import read_arx_hierarchy

    kind = rule.generalize
    if kind == "address":
        return AddressGeneralizer()
    if kind == "date":
        return DateGeneralizer()
    if kind == "age":
        if rule.reference is None:
            raise ValueError("generalize age needs a reference date")
        return AgeGeneralizer(rule.reference, rule.top_code)
    if kind == "postal":
        return PostalGeneralizer()
    if kind == "hierarchy":
        if hierarchy_path is None:
            raise ValueError("generalize hierarchy needs the path of its file")
        return HierarchyGeneralizer(read_arx_hierarchy(hierarchy_path), name=hierarchy_path.name)
    if rule.action == "number":
        return NumberCoder(
            top_code=rule.top_code,
            bottom_code=rule.bottom_code,
            round_to=rule.round,
            band=rule.band,
            microaggregate=rule.microaggregate,
        )
    return ValueGeneralizer()
