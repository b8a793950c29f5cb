"""A new organization from a YAML file only (issue 11 item 4, ADR 0011): the example 静岡県知事 profile copied into
the installation's profile directory, ``tokumei org sync``, users from ``tokumei user add``, and the whole path to
an accepted proposal submitted online — no code. Bad files are refused by name and change nothing."""

from __future__ import annotations

import shutil
import tarfile
import warnings
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tokumei.law.transitions import ProposalState
from tokumei.profiles import ProfileError
from tokumei.web.accounts.models import Organization, User
from tokumei.web.accounts.profiles import installed_profile
from tokumei.web.core.audit import Origin
from tokumei.web.core.env import read_deployment, read_profile_dir
from tokumei.web.core.models import AuditEvent
from tokumei.web.proposals import services as proposal_services
from tokumei.web.proposals.models import Proposal
from tokumei.web.solicitations.models import Solicitation

from ..proposals.conftest import attach_all, complete_input, data_file, file_with_policy  # noqa: F401

with warnings.catch_warnings():  # importing typer trips a click DeprecationWarning (errors under our filter)
    warnings.simplefilter("ignore", DeprecationWarning)
    from typer.testing import CliRunner

    from tokumei.cli.main import app

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "profiles" / "shizuoka-governor.yaml"
PASSWORD = "shizuoka-tanto-2026-haru"
ORIGIN = Origin.command("test")
runner = CliRunner()


@pytest.fixture
def profile_dir(tmp_path: Path, settings: object) -> Path:
    """The example copied, unchanged, into a fresh TOKUMEI_PROFILE_DIR."""
    directory = tmp_path / "profiles"
    directory.mkdir()
    shutil.copy(EXAMPLE, directory / EXAMPLE.name)
    settings.PROFILE_DIR = directory  # type: ignore[attr-defined]
    return directory


def _sync() -> object:
    return runner.invoke(app, ["org", "sync"])


def _add_user(username: str, role: str, display_name: str, *extra: str) -> User:
    result = runner.invoke(
        app,
        ["user", "add", username, "--role", role, "--display-name", display_name, *extra, "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    return User.objects.get(username=username)


def _example(**replacements: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


# --- the directory: DATA_DIR/profiles, or TOKUMEI_PROFILE_DIR ----------------------------------------------------


def test_profile_dir_defaults_to_data_dir_and_the_variable_overrides_it(tmp_path: Path) -> None:
    assert read_profile_dir({"DATA_DIR": str(tmp_path)}) == tmp_path.resolve() / "profiles"
    assert read_deployment({"DATA_DIR": str(tmp_path)}).profile_dir == tmp_path.resolve() / "profiles"
    other = tmp_path / "elsewhere"
    env = {"DATA_DIR": str(tmp_path), "TOKUMEI_PROFILE_DIR": str(other)}
    assert read_profile_dir(env) == other.resolve()
    assert read_deployment(env).profile_dir == other.resolve()
    assert read_profile_dir({"DATA_DIR": str(tmp_path), "TOKUMEI_PROFILE_DIR": "  "}) == tmp_path.resolve() / "profiles"


# --- the walk ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_prefecture_added_by_yaml_takes_a_proposal_online(client, profile_dir: Path, data_file: Path) -> None:  # noqa: F811
    # 1. tokumei org sync creates the organization and its departments from the file
    result = _sync()
    assert result.exit_code == 0, result.output
    assert f"この設置のプロファイル: {profile_dir}（1件）" in result.output
    assert "shizuoka-governor: 静岡県（部署 3）［この設置のプロファイル］" in result.output
    assert "kumamoto-city: 熊本市（部署 3）" in result.output  # the built-ins are synced as before
    org = Organization.objects.get(profile_id="shizuoka-governor")
    assert (org.name, org.kind) == ("静岡県知事", "prefecture")
    assert set(org.departments.values_list("code", flat=True)) == {"homu", "kenko-seisaku", "doro-kikaku"}
    assert org.profile.submission.online
    assert not Organization.objects.get(profile_id="kumamoto-city").profile.submission.online  # built-ins unchanged

    # 2. staff and a proposer, with the department codes of the YAML file
    desk = _add_user(
        "shizuoka-homu", "reception_desk", "法務課 田中", "--organization", org.profile_id, "--department", "homu"
    )
    division = _add_user(
        "shizuoka-kenko",
        "owning_division",
        "健康政策課 佐藤",
        "--organization",
        org.profile_id,
        "--department",
        "kenko-seisaku",
    )
    proposer = _add_user("demo-bunseki", "proposer", "株式会社デモ分析")

    # 3. the owning division registers a file (register services) ...
    f = file_with_policy(division, data_path=data_file)
    assert f.organization == org

    # 4. ... the desk creates a solicitation on its pages — electronic submission is offered — and publishes it
    assert client.login(username=desk.username, password=PASSWORD)
    form = client.get("/staff/solicitations/new/").content.decode()
    assert "電子申請による提出を受け付ける" in form
    today = timezone.localdate()
    response = client.post(
        "/staff/solicitations/new/",
        {
            "title": "令和8年度 行政機関等匿名加工情報に関する提案の募集",
            "files": [f.pk],
            "first_day": today.isoformat(),
            "last_day": (today + timedelta(days=40)).isoformat(),
            "notice_date": today.isoformat(),
            "in_person": "on",
            "by_mail": "on",
            "online": "on",
            "copies": 2,
        },
    )
    assert response.status_code == 302, response.content.decode()
    s = Solicitation.objects.get(organization=org)
    assert s.online
    client.post(f"/staff/solicitations/{s.pk}/publish/")
    s.refresh_from_db()
    assert s.state == "published"
    client.logout()

    # 5. a proposer drafts on the portal; the portal offers online submission, not printing
    assert client.login(username=proposer.username, password=PASSWORD)
    response = client.post("/proposals/start/", {"kind": "new", "solicitation": s.pk, "file": f.pk})
    assert response.status_code == 302
    p = Proposal.objects.get(owner=proposer)
    assert p.organization == org
    p = proposal_services.save_draft(p, complete_input(), actor=proposer, origin=ORIGIN)
    attach_all(p, proposer)
    page = client.get(f"/proposals/{p.pk}/").content.decode()
    assert "電子申請で提出する" in page
    assert "提出書類を印刷する" not in page
    assert "静岡県は電子申請による提出を受け付けています" in page
    submitted = client.post(f"/proposals/{p.pk}/submit/", follow=True).content.decode()
    p.refresh_from_db()
    assert p.state == ProposalState.RECEIVED, submitted
    assert p.channel == "online"
    assert "提出しました" in submitted
    assert "提案書類は到達しています" in submitted
    client.logout()

    # 6. the desk sees it arrive and accepts it
    assert client.login(username=desk.username, password=PASSWORD)
    assert p.reference in client.get("/staff/proposals/").content.decode()
    assert client.get(f"/staff/proposals/{p.pk}/").status_code == 200
    client.post(f"/staff/proposals/{p.pk}/accept/")
    p.refresh_from_db()
    assert p.state == ProposalState.ACCEPTED
    assert p.receipt_number
    assert AuditEvent.objects.filter(action="proposals.submitted_online", target_id=str(p.pk)).exists()


# --- refusals: nothing changes -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_file_makes_sync_refuse_everything(profile_dir: Path) -> None:
    assert _sync().exit_code == 0
    events = AuditEvent.objects.count()
    # the good file changes its name, and a second file has a wrong kind and a misspelt field
    (profile_dir / "shizuoka-governor.yaml").write_text(
        _example(**{"body_name: 静岡県": "body_name: 静岡県（変更後）"}), encoding="utf-8"
    )
    bad = profile_dir / "aichi-governor.yaml"
    bad.write_text(
        _example(
            **{
                "id: shizuoka-governor": "id: aichi-governor",
                "kind: prefecture": "kind: pref",
                "must_solicit: true ": "must_solicit: true\nmust_solict: true ",
            }
        ),
        encoding="utf-8",
    )
    result = _sync()
    assert result.exit_code == 1
    assert str(bad) in result.output
    assert "- kind: 次のいずれかを指定してください" in result.output
    assert "- must_solict: 定義されていない項目です" in result.output
    assert "何も変更していません" in result.output
    assert Organization.objects.get(profile_id="shizuoka-governor").body_name == "静岡県"
    assert not Organization.objects.filter(profile_id="aichi-governor").exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_builtin_id_is_refused(profile_dir: Path) -> None:
    clash = profile_dir / "isa.yaml"
    clash.write_text(
        _example(**{"id: shizuoka-governor": "id: isa", "name: 静岡県知事": "name: 偽の長官"}), encoding="utf-8"
    )
    result = _sync()
    assert result.exit_code == 1
    assert str(clash) in result.output
    assert "profile.duplicate_id" in result.output
    assert "同梱のプロファイルと同じ" in result.output
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_a_bad_local_file_does_not_take_the_builtin_organizations_down(profile_dir: Path) -> None:
    assert _sync().exit_code == 0
    (profile_dir / "shizuoka-governor.yaml").write_text(
        _example(**{"kind: prefecture": "kind: pref"}), encoding="utf-8"
    )
    assert installed_profile("kumamoto-city").body_name == "熊本市"
    assert Organization.objects.get(profile_id="nara-police").profile.id == "nara-police"
    with pytest.raises(ProfileError) as info:
        _ = Organization.objects.get(profile_id="shizuoka-governor").profile
    assert "shizuoka-governor.yaml" in str(info.value)


# --- tokumei org check FILE --------------------------------------------------------------------------------------


def test_org_check_prints_a_summary_of_a_good_file(profile_dir: Path) -> None:
    result = runner.invoke(app, ["org", "check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "問題はありません" in result.output
    assert "機関: 静岡県（都道府県）" in result.output
    assert "提出の方法: 持参、郵送等、電子申請（2部）［デモ用の仮の値］" in result.output
    assert "tokumei org sync" in result.output


def test_org_check_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "shizuoka-governor.yaml"
    bad.write_text(
        _example(**{"kind: prefecture": "kind: pref", "phone: 054-221-2455": "phone: 0542212455"}), encoding="utf-8"
    )
    result = runner.invoke(app, ["org", "check", str(bad)])
    assert result.exit_code == 1
    assert str(bad) in result.output
    assert "- kind:" in result.output
    assert "- reception_desk.phone: 文字列を指定してください" in result.output


# --- backup ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_installation_profiles_are_in_the_backup(settings, tmp_path: Path, monkeypatch) -> None:
    from tokumei.web.core.backup import backup

    monkeypatch.delenv("TOKUMEI_DATA_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    (settings.DATA_DIR / "profiles").mkdir(parents=True)
    shutil.copy(EXAMPLE, settings.DATA_DIR / "profiles" / EXAMPLE.name)
    backup(tmp_path / "b.tar.gz")
    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        assert "files/profiles/shizuoka-governor.yaml" in tar.getnames()
