"""The ``tokumei`` console command (typer + rich)."""

from __future__ import annotations

import typer

from tokumei.cli import (
    admin_commands,
    api_commands,
    engine_commands,
    fee_command,
    legacy_commands,
    search_command,
    web_commands,
)

app = typer.Typer(help="tokumei — 行政機関等匿名加工情報の手続と匿名加工エンジン", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print the version."""
    from tokumei import __version__

    typer.echo(__version__)


web_commands.register(app)
search_command.register(app)
engine_commands.register(app)
fee_command.register(app)
admin_commands.register(app)
api_commands.register(app)
legacy_commands.register(app)
