"""The ``tokumei`` console script builds only the verb it runs; ``tokumei --help`` still lists every verb."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

with warnings.catch_warnings():  # importing typer trips a click DeprecationWarning (errors under our filter)
    warnings.simplefilter("ignore", DeprecationWarning)
    import typer

    from tokumei.cli.main import VERBS, build, main


def _verbs(command: typer.Typer) -> set[str]:
    group = typer.main.get_command(command)
    assert isinstance(group, typer.core.TyperGroup)
    return set(group.commands)


def test_every_verb_of_the_whole_command_is_dispatched_to_its_module() -> None:
    from tokumei.cli.main import app

    assert _verbs(app) == {*VERBS, "version"}
    for verb, module in VERBS.items():
        assert verb in _verbs(build([module])), verb


@pytest.mark.parametrize("verb", sorted({*VERBS, "version"}))
def test_each_verb_keeps_its_name_on_the_command_line(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([verb, "--help"])

    assert exit_.value.code == 0
    assert f"Usage: tokumei {verb}" in capsys.readouterr().out


def test_no_verb_prints_every_verb(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])

    out = capsys.readouterr().out
    assert all(verb in out for verb in VERBS)


def test_search_loads_nothing_of_the_other_verbs() -> None:
    code = (
        "import sys\n"
        "from tokumei.cli.main import main\n"
        "try:\n"
        "    main(['search', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('tokumei.cli.admin_commands', 'tokumei.cli.web_commands', 'tokumei.cli.engine_commands')"
        " if m in sys.modules]\n"
        "print(loaded, file=sys.stderr)\n"
    )

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert "Usage: tokumei search" in result.stdout


def test_an_unknown_verb_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tokumei.cli", "serach"], capture_output=True, text=True, check=False, timeout=60
    )

    assert result.returncode == 2
    assert "serach" in result.stderr
