"""tokumei.engine — the anonymization engine on Polars (never imports Django, web, law or cli).

Typical use::

    from tokumei.engine import read_table, load_recipe, compile_recipe

    frame, source = read_table("jumin.csv")            # text columns; CP932/UTF-8 and separator detected
    recipe = load_recipe("recipe.yaml")                # RecipeError lists every problem at once
    plan = compile_recipe(recipe, columns=frame.columns)
    print(plan.explain())
    result = plan.run(frame)                           # Result(data, report); result.ok = 規則62条 1–5 hold

For the lattice search: :meth:`Plan.generalizers` gives each quasi-identifier's :class:`Generalizer` (an ordered
level chain; :meth:`Generalizer.hierarchy_table` materializes it), and :mod:`tokumei.engine.privacy` /
:mod:`tokumei.engine.risk` evaluate frequency tables.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tokumei.engine.codes import DETECTORS, column_code_matches, is_driver_licence, is_my_number, matching_codes
    from tokumei.engine.errors import (
        EngineError,
        ErrorCode,
        HierarchyError,
        InputError,
        Problem,
        RecipeError,
        UnparseableValuesError,
    )
    from tokumei.engine.hierarchies import (
        CHAINS,
        SUPPRESSED,
        Generalizer,
        Prepared,
        generalizer_for,
        level_columns,
        read_arx_hierarchy,
        write_arx_hierarchy,
    )
    from tokumei.engine.io import TableSource, read_table, write_csv
    from tokumei.engine.pipeline import REPORT_KEYS, Plan, Result, assess, compile_recipe, with_targets
    from tokumei.engine.privacy import (
        COUNT,
        SUBJECTS,
        class_size_histogram,
        frequency_table,
        k_anonymity,
        l_diversity,
        plan_suppression,
        suppression_limit,
        t_closeness,
    )
    from tokumei.engine.profile import Profile, profile_frame, starting_recipe
    from tokumei.engine.recipe import ColumnRule, Privacy, Recipe, load_recipe, parse_recipe
    from tokumei.engine.risk import information_loss, risk_metrics, uniques
    from tokumei.engine.transforms import pseudonymize
    from tokumei.engine.verify import verify_rule62

_LAZY: dict[str, str] = {
    "CHAINS": "tokumei.engine.hierarchies",
    "COUNT": "tokumei.engine.privacy",
    "ColumnRule": "tokumei.engine.recipe",
    "DETECTORS": "tokumei.engine.codes",
    "EngineError": "tokumei.engine.errors",
    "ErrorCode": "tokumei.engine.errors",
    "Generalizer": "tokumei.engine.hierarchies",
    "HierarchyError": "tokumei.engine.errors",
    "InputError": "tokumei.engine.errors",
    "Plan": "tokumei.engine.pipeline",
    "Prepared": "tokumei.engine.hierarchies",
    "Privacy": "tokumei.engine.recipe",
    "Problem": "tokumei.engine.errors",
    "Profile": "tokumei.engine.profile",
    "REPORT_KEYS": "tokumei.engine.pipeline",
    "Recipe": "tokumei.engine.recipe",
    "RecipeError": "tokumei.engine.errors",
    "Result": "tokumei.engine.pipeline",
    "SUBJECTS": "tokumei.engine.privacy",
    "SUPPRESSED": "tokumei.engine.hierarchies",
    "TableSource": "tokumei.engine.io",
    "UnparseableValuesError": "tokumei.engine.errors",
    "assess": "tokumei.engine.pipeline",
    "class_size_histogram": "tokumei.engine.privacy",
    "column_code_matches": "tokumei.engine.codes",
    "compile_recipe": "tokumei.engine.pipeline",
    "frequency_table": "tokumei.engine.privacy",
    "generalizer_for": "tokumei.engine.hierarchies",
    "information_loss": "tokumei.engine.risk",
    "is_driver_licence": "tokumei.engine.codes",
    "is_my_number": "tokumei.engine.codes",
    "k_anonymity": "tokumei.engine.privacy",
    "l_diversity": "tokumei.engine.privacy",
    "level_columns": "tokumei.engine.hierarchies",
    "load_recipe": "tokumei.engine.recipe",
    "matching_codes": "tokumei.engine.codes",
    "parse_recipe": "tokumei.engine.recipe",
    "plan_suppression": "tokumei.engine.privacy",
    "profile_frame": "tokumei.engine.profile",
    "pseudonymize": "tokumei.engine.transforms",
    "read_arx_hierarchy": "tokumei.engine.hierarchies",
    "read_table": "tokumei.engine.io",
    "risk_metrics": "tokumei.engine.risk",
    "starting_recipe": "tokumei.engine.profile",
    "suppression_limit": "tokumei.engine.privacy",
    "t_closeness": "tokumei.engine.privacy",
    "uniques": "tokumei.engine.risk",
    "verify_rule62": "tokumei.engine.verify",
    "with_targets": "tokumei.engine.pipeline",
    "write_arx_hierarchy": "tokumei.engine.hierarchies",
    "write_csv": "tokumei.engine.io",
}


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first use, so that ``import tokumei.engine.search`` (the
    ``tokumei search`` command) does not pay for the profile, pipeline and verification modules."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CHAINS",
    "COUNT",
    "DETECTORS",
    "REPORT_KEYS",
    "SUBJECTS",
    "SUPPRESSED",
    "ColumnRule",
    "EngineError",
    "ErrorCode",
    "Generalizer",
    "HierarchyError",
    "InputError",
    "Plan",
    "Prepared",
    "Privacy",
    "Problem",
    "Profile",
    "Recipe",
    "RecipeError",
    "Result",
    "TableSource",
    "UnparseableValuesError",
    "assess",
    "class_size_histogram",
    "column_code_matches",
    "compile_recipe",
    "frequency_table",
    "generalizer_for",
    "information_loss",
    "is_driver_licence",
    "is_my_number",
    "k_anonymity",
    "l_diversity",
    "level_columns",
    "load_recipe",
    "matching_codes",
    "parse_recipe",
    "plan_suppression",
    "profile_frame",
    "pseudonymize",
    "read_arx_hierarchy",
    "read_table",
    "risk_metrics",
    "starting_recipe",
    "suppression_limit",
    "t_closeness",
    "uniques",
    "verify_rule62",
    "with_targets",
    "write_arx_hierarchy",
    "write_csv",
]
