"""`tokumei fee`: the breakdown for officials, without Django (issue 8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _fee(*args: str) -> tuple[int, str, str]:
    # a subprocess, as the other CLI tests: importing typer in-process trips click's DeprecationWarning (errors here)
    result = subprocess.run(
        [sys.executable, "-m", "tokumei.cli", "fee", *args], capture_output=True, text=True, check=False, timeout=120
    )
    return result.returncode, result.stdout, result.stderr


def test_nara_issue_case_json() -> None:
    code, out, _ = _fee("--org", "nara-police", "--kind", "new", "--hours", "4.5", "--json")
    assert code == 0
    report = json.loads(out)
    assert {k: report[k] for k in ("total", "base", "hourly", "outsourcing")} == {
        "total": 40_750,
        "base": 21_000,
        "hourly": 19_750,
        "outsourcing": 0,
    }
    assert list(report)[:4] == ["total", "base", "hourly", "outsourcing"]
    assert report["started_hours"] == 5
    assert report["hours"] == "4.5"


def test_human_output_lists_the_lines_and_basis() -> None:
    code, out, _ = _fee("--org", "fukuoka-police", "--kind", "new", "--hours", "2.25", "--outsourcing", "150000")
    assert code == 0
    assert "作成の委託先に対して支払う額: 150,000円" in out
    assert "手数料の額（合計）: 182,850円" in out
    assert "福岡県個人情報の保護に関する法律施行条例" in out


def test_itemized_hours_are_summed_then_rounded_up() -> None:
    code, out, _ = _fee(
        "--org", "isa", "--kind", "new", "--item", "extraction_design=0.5", "--item", "inspection=0.5", "--json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["started_hours"] == 1
    assert report["total"] == 21_000 + 3_950
    assert [w["kind"] for w in report["work"]] == ["extraction_design", "inspection"]


def test_reuse_and_change() -> None:
    code, out, _ = _fee("--org", "fukuoka-police", "--kind", "reuse", "--original-fee", "40750", "--json")
    assert code == 0
    assert json.loads(out)["total"] == 40_750
    code, out, _ = _fee("--org", "nara-police", "--kind", "change", "--json")
    assert code == 0
    assert json.loads(out)["total"] == 12_600


def test_legacy_third_parties() -> None:
    code, out, _ = _fee("--org", "legacy-2017", "--kind", "new", "--hours", "3", "--third-parties", "2", "--json")
    assert code == 0
    assert json.loads(out)["third_party"] == 420


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--org", "nowhere", "--kind", "new", "--hours", "1"), "nara-police"),
        (("--org", "isa", "--kind", "renew", "--hours", "1"), "new, reuse, change"),
        (("--org", "isa", "--kind", "reuse"), "fee.original_fee_required"),
        (("--org", "isa", "--kind", "new"), "fee.estimate_required"),
        (("--org", "isa", "--kind", "new", "--hours", "-1"), "fee.negative_hours"),
        (("--org", "isa", "--kind", "new", "--hours", "1", "--third-parties", "1"), "fee.third_party_not_applicable"),
        (("--org", "isa", "--kind", "new", "--item", "coffee=1"), "extraction_design"),
        (("--org", "isa", "--kind", "new", "--hours", "1", "--item", "inspection=1"), "同時に指定できません"),
    ],
)
def test_refusals_exit_2_with_a_message(args: tuple[str, ...], fragment: str) -> None:
    code, _, err = _fee(*args)
    assert code == 2
    assert fragment in err


def test_runs_without_django(tmp_path: Path) -> None:
    # given an interpreter where `import django` fails (a stub package that raises ImportError)
    stub = tmp_path / "django"
    stub.mkdir()
    (stub / "__init__.py").write_text("raise ImportError('django is not installed')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # when the fee verb runs
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tokumei.cli",
            "fee",
            "--org",
            "nara-police",
            "--kind",
            "new",
            "--hours",
            "4.5",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    # then it works, and Django really was unavailable
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 40_750
    probe = subprocess.run(
        [sys.executable, "-c", "import django"], capture_output=True, text=True, check=False, env=env, timeout=60
    )
    assert probe.returncode != 0
