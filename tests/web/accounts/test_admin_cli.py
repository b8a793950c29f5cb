"""Administrator verbs: organizations from their profiles, users with validated passwords, deactivation and the
two-factor reset — each audited."""

from __future__ import annotations

import warnings

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tokumei.web.accounts.models import Organization, User
from tokumei.web.core.models import AuditEvent

with warnings.catch_warnings():  # importing typer trips a click DeprecationWarning (errors under our filter)
    warnings.simplefilter("ignore", DeprecationWarning)
    from typer.testing import CliRunner

    from tokumei.cli.main import app

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def test_org_sync_creates_every_profile_organization() -> None:
    result = runner.invoke(app, ["org", "sync"])
    assert result.exit_code == 0, result.output
    assert {"kumamoto-city", "isa", "nara-police", "fukuoka-police", "legacy-2017"} <= set(
        Organization.objects.values_list("profile_id", flat=True)
    )
    nara = Organization.objects.get(profile_id="nara-police")
    assert nara.departments.filter(kind="reception_desk").exists()
    again = runner.invoke(app, ["org", "sync"])  # idempotent
    assert again.exit_code == 0
    assert Organization.objects.filter(profile_id="nara-police").count() == 1


def _add(*args: str, password: str = "kousei-tanto-2026-aki\n") -> object:
    return runner.invoke(app, ["user", "add", *args, "--password-stdin"], input=password)


def test_user_add_staff_with_department_and_role() -> None:
    runner.invoke(app, ["org", "sync"])
    dept = Organization.objects.get(profile_id="kumamoto-city").departments.filter(kind="reception_desk").first()
    result = _add(
        "kumamoto-somu",
        "--role",
        "reception_desk",
        "--display-name",
        "熊本市 総務課",
        "--organization",
        "kumamoto-city",
        "--department",
        dept.code,
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="kumamoto-somu")
    assert user.is_org_staff
    assert user.department == dept
    assert user.check_password("kousei-tanto-2026-aki")
    assert AuditEvent.objects.filter(action="accounts.user_created", target_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "approver", "--display-name", "x", "--organization", "kumamoto-city"], "short\n", "パスワード"),
        (["--role", "approver", "--display-name", "x"], "kousei-tanto-2026-aki\n", "所属機関が必要"),
        (["--role", "boss", "--display-name", "x"], "kousei-tanto-2026-aki\n", "役割は"),
        (
            ["--role", "approver", "--display-name", "x", "--organization", "nowhere"],
            "kousei-tanto-2026-aki\n",
            "org sync",
        ),
        (
            ["--role", "approver", "--display-name", "x", "--organization", "kumamoto-city", "--department", "nope"],
            "kousei-tanto-2026-aki\n",
            "部署コード",
        ),
    ],
)
def test_user_add_refuses_bad_input_with_a_japanese_message(args: list[str], password: str, message: str) -> None:
    runner.invoke(app, ["org", "sync"])
    result = _add("someone", *args, password=password)
    assert result.exit_code == 1
    assert message in result.output
    assert not User.objects.filter(username="someone").exists()


def test_deactivate_and_reset_two_factor() -> None:
    runner.invoke(app, ["org", "sync"])
    _add("kumamoto-kansa", "--role", "auditor", "--display-name", "監査", "--organization", "kumamoto-city")
    user = User.objects.get(username="kumamoto-kansa")
    TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)
    listing = runner.invoke(app, ["user", "list", "--organization", "kumamoto-city"])
    assert "kumamoto-kansa" in listing.output
    assert "設定済み" in listing.output
    reset = runner.invoke(app, ["user", "reset-2fa", "kumamoto-kansa"])
    assert reset.exit_code == 0
    assert not TOTPDevice.objects.filter(user=user).exists()
    off = runner.invoke(app, ["user", "deactivate", "kumamoto-kansa"])
    assert off.exit_code == 0
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEvent.objects.filter(action="accounts.user_deactivated", target_id=str(user.pk)).exists()
    missing = runner.invoke(app, ["user", "deactivate", "nobody"])
    assert missing.exit_code == 1
