"""A production job killed for real (issue 12 §4): the worker process receives SIGKILL while the plain output is on
disk and before it is encrypted and recorded. Nothing deliverable exists afterwards, the run can be recovered once
its heartbeat is stale, the rerun removes what the killed attempt left (its plain work folder) and succeeds.

Runs separate Python processes on their own SQLite database under a temporary DATA_DIR (a kill cannot be simulated
inside the test process)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SETUP_AND_KILL = textwrap.dedent(
    """
    import os, random, signal, sys
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from tokumei.profiles import load_builtin_profiles
    from tokumei.web.accounts.models import Department
    from tokumei.web.accounts.roles import Role
    from tokumei.web.accounts.services import create_user, ensure_role_groups, sync_organization
    from tokumei.web.core.audit import Origin
    from tokumei.web.production import services
    from tokumei.web.production.models import ProductionRun
    from tokumei.web.register.models import PersonalInformationFile

    origin = Origin.command("test")
    ensure_role_groups()
    org = sync_organization(load_builtin_profiles()["kumamoto-city"], origin=origin)
    division = org.departments.filter(kind=Department.Kind.OWNING_DIVISION).first()
    user = create_user(username="div", password="x" * 16, display_name="主管課", roles=[Role.OWNING_DIVISION],
                       organization=org, department=division, origin=origin)
    rng = random.Random(3)
    source = os.path.join(os.environ["DATA_DIR"], "source.csv")
    with open(source, "w", encoding="utf-8") as out:
        out.write("氏名,性別,年齢\\n")
        for i in range(3000):
            out.write(f"山田{i},{rng.choice(['男', '女'])},{rng.randint(20, 79)}\\n")
    f = PersonalInformationFile.objects.create(organization=org, division=division, name="検診ファイル",
                                               purpose="検診", source_kind="path", source_path=source)
    recipe = "version: 1\\ncolumns:\\n  氏名: delete\\n  性別: {keep: quasi}\\n  年齢: {band: 20}\\nprivacy: {k: 5}\\n"
    run = ProductionRun.objects.create(file=f, title="検診（匿名加工）", recipe_yaml=recipe, requested_by=user)
    print(run.pk, flush=True)
    real_write = services.write_csv

    def write_then_die(frame, path, *args, **kwargs):
        real_write(frame, path, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # the worker dies: no finally, no rollback handler, no cleanup

    services.write_csv = write_then_die
    services.execute(run.pk)
    """
)

RECOVER = textwrap.dedent(
    """
    import sys
    from datetime import timedelta
    import django
    django.setup()
    from django.utils import timezone
    from tokumei.web.core.audit import Origin
    from tokumei.web.production import services
    from tokumei.web.production.models import ProductionRun

    run = ProductionRun.objects.get(pk=int(sys.argv[1]))
    assert run.state == ProductionRun.State.RUNNING, run.state
    try:
        services.recover_or_rerun(run, actor=run.requested_by, origin=Origin.command("test"))
    except services.ProductionRefused as exc:
        print("refused:", exc)
    else:
        raise SystemExit("a run whose worker may still be alive must not be re-queued")
    # ten minutes pass without a heartbeat: the worker is taken for dead
    ProductionRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    services.recover_or_rerun(run, actor=run.requested_by, origin=Origin.command("test"))
    run = services.execute(run.pk)
    print(run.state, run.attempt, run.output_name)
    """
)


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TOKUMEI_DATA_KEY"}},
        "DJANGO_SETTINGS_MODULE": "tokumei.web.settings.dev",
        "DATA_DIR": str(data_dir),
    }


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_production_job_leaves_nothing_deliverable_and_reruns(tmp_path: Path) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", SETUP_AND_KILL], env=_env(tmp_path), capture_output=True, timeout=300, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    run_id = int(killed.stdout.decode().split()[0])
    datasets = tmp_path / "datasets"
    # what the killed attempt left: a plain work folder, never an encrypted dataset under its final name
    assert list(datasets.glob("run-*.work/data.csv")), sorted(p.name for p in datasets.iterdir())
    assert not list(datasets.glob("*.enc"))
    db = sqlite3.connect(tmp_path / "tokumei.sqlite3")
    assert db.execute("SELECT state, output_name FROM production_productionrun WHERE id=?", (run_id,)).fetchone() == (
        "running",
        "",
    )
    assert db.execute("SELECT count(*) FROM register_anonymizeddataset").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM core_auditevent WHERE action='production.succeeded'").fetchone() == (0,)
    db.close()

    recovered = subprocess.run(
        [sys.executable, "-c", RECOVER, str(run_id)],
        env=_env(tmp_path),
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert recovered.returncode == 0, recovered.stderr.decode()[-2000:]
    out = recovered.stdout.decode()
    assert "refused:" in out
    assert "再実行できません" in out
    assert f"succeeded 2 run-{run_id}-2.enc" in out
    # the rerun removed the plain leftovers of the killed attempt; only the encrypted dataset remains
    assert sorted(p.name for p in datasets.iterdir()) == [f"run-{run_id}-2.enc"]
    assert not (datasets / f"run-{run_id}-2.enc").read_bytes().startswith("性別".encode())
    db = sqlite3.connect(tmp_path / "tokumei.sqlite3")
    actions = [a for (a,) in db.execute("SELECT action FROM core_auditevent ORDER BY id")]
    assert actions.count("production.requeued") == 1
    assert "production.leftovers_removed" in actions
    assert actions.index("production.leftovers_removed") < actions.index("production.succeeded")
