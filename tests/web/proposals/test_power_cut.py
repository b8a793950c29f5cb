"""A power-cut style kill during an upload (issue 12 §4): the process dies (SIGKILL, no cleanup) after the file is
written and before the transaction commits. The database keeps no attachment record; the proposal is as before.

Runs a separate Python process on its own SQLite database under a temporary DATA_DIR (a kill cannot be simulated
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

SCRIPT = textwrap.dedent(
    """
    import os, signal
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from tokumei.profiles import load_builtin_profiles
    from tokumei.web.accounts.roles import Role
    from tokumei.web.accounts.services import create_user, ensure_role_groups, sync_organization
    from tokumei.web.core.audit import Origin
    from tokumei.web.proposals import services, uploads
    from tokumei.web.proposals.models import Proposal

    origin = Origin.command("test")
    ensure_role_groups()
    org = sync_organization(load_builtin_profiles()["kumamoto-city"], origin=origin)
    owner = create_user(username="p", password="x" * 16, display_name="提案者", roles=[Role.PROPOSER], origin=origin)
    p = Proposal.objects.create(organization=org, reference="P-POWERCUT", kind="new", owner=owner,
                                proposer_kind="corporation", proposer_name="株式会社停電")
    real_store = uploads.store

    def store_then_power_cut(*args, **kwargs):
        result = real_store(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # no except/finally runs, no commit
        return result

    uploads.store = store_then_power_cut
    services.add_attachments(p, [("plan.pdf", b"%PDF-1.4 plan")], services.AttachmentInput("business_contribution"),
                             actor=owner, origin=origin)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_kill_during_upload_leaves_no_attachment_record(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "tokumei.web.settings.dev",
        "DATA_DIR": str(tmp_path),
    }
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, timeout=300, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    db = sqlite3.connect(tmp_path / "tokumei.sqlite3")
    assert db.execute("SELECT count(*) FROM proposals_proposal WHERE reference='P-POWERCUT'").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM proposals_attachment").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM core_auditevent WHERE action='proposals.attachment_added'").fetchone() == (
        0,
    )
    # the file written before the kill is at most an orphan file, never a record: nothing refers to it
    written = list((tmp_path / "uploads").rglob("*.pdf")) if (tmp_path / "uploads").exists() else []
    assert all(not path.name.endswith(".part") for path in written)
