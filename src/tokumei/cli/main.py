"""The ``tokumei`` console command (typer + rich).

``app`` is the whole command (every verb; ``tokumei --help`` lists them). The console script calls :func:`main`,
which builds only the verb being run when the first argument names one (:data:`VERBS`): typer inspects the
signature of every registered command before it runs any, and the verbs' modules import rich, Django helpers and
the like, so a one-shot ``tokumei search`` would otherwise pay ~60 ms for forty commands it does not run (measured
on the 300k benchmark file of issue 4, where the whole command is compared with pycanon's bare check).
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Sequence

import typer

VERBS: dict[str, str] = {
    "demo": "web_commands",
    "serve": "web_commands",
    "worker": "web_commands",
    "migrate": "web_commands",
    "backup": "web_commands",
    "restore": "web_commands",
    "search": "search_command",
    "profile": "engine_commands",
    "assess": "engine_commands",
    "anonymize": "engine_commands",
    "fee": "fee_command",
    "org": "admin_commands",
    "user": "admin_commands",
    "api-token": "api_commands",
    "legacy": "legacy_commands",
}
"""Each verb (command or group) of ``tokumei`` → the module under ``tokumei.cli`` whose ``register`` adds it."""

HELP = "tokumei — 行政機関等匿名加工情報の手続と匿名加工エンジン"


def version() -> None:
    """Print the version."""
    from tokumei import __version__

    typer.echo(__version__)


def build(modules: Sequence[str] | None = None) -> typer.Typer:
    """The ``tokumei`` command with the verbs of ``modules`` (all when None) and ``version``."""
    command = typer.Typer(help=HELP, no_args_is_help=True)
    # a callback keeps the verb on the command line even when only one verb is registered (typer would otherwise
    # make that verb the whole command)
    command.callback()(lambda: None)
    command.command()(version)
    for name in modules if modules is not None else dict.fromkeys(VERBS.values()):
        importlib.import_module(f"tokumei.cli.{name}").register(command)
    return command


_whole: typer.Typer | None = None


def __getattr__(name: str) -> typer.Typer:
    """``app``: the whole command, built on first use (importing this module for :func:`main` builds nothing)."""
    global _whole
    if name != "app":
        raise AttributeError(name)
    if _whole is None:
        _whole = build()
    return _whole


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: only the named verb's module when the first argument is a verb, else the whole app."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "version":
        command = build([])
    elif args and args[0] in VERBS:
        command = build([VERBS[args[0]]])
    else:
        command = __getattr__("app")
    try:
        command(args, prog_name="tokumei")
    finally:
        # the process ends next: objects moved to the permanent generation are not traversed by the collections
        # that interpreter shutdown runs — about 0.1 s of a one-shot command with Polars, numpy and pydantic
        # loaded (objects are still released; files are still flushed and closed)
        gc.freeze()
