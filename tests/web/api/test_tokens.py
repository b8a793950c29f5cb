"""API tokens: only the SHA-256 is stored and the token is shown once; revoked, expired or unknown tokens and
inactive users get a bilingual 401; tokens are for staff only; the CLI issues, lists and revokes, audited."""

from __future__ import annotations

import hashlib
import warnings
from datetime import timedelta

import pytest
from django.utils import timezone

from tokumei.web.api import tokens
from tokumei.web.api.models import ApiToken
from tokumei.web.core.models import AuditEvent

from ..conftest import ORIGIN
from .conftest import Api

with warnings.catch_warnings():  # importing typer trips a click DeprecationWarning (errors under our filter)
    warnings.simplefilter("ignore", DeprecationWarning)
    from typer.testing import CliRunner

    from tokumei.cli.main import app

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _issue(user, **kwargs) -> tokens.IssuedToken:
    return tokens.issue_token(user, "文書管理システム", actor=None, origin=ORIGIN, **kwargs)


def test_only_the_hash_is_stored_and_the_audit_never_shows_the_token(personas) -> None:
    issued = _issue(personas["kumamoto_desk"])
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert row.token_sha256 == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret.startswith(f"tkm_{row.key_id}")
    assert len(issued.secret) > 40
    stored = [str(getattr(row, f.attname)) for f in ApiToken._meta.fields]
    assert not any(issued.secret in value for value in stored)
    event = AuditEvent.objects.get(action="api.token_issued", target_id=str(row.pk))
    assert row.key_id in event.summary
    assert issued.secret not in event.summary + str(event.details)


def test_a_valid_token_authenticates_and_records_its_last_use(personas) -> None:
    issued = _issue(personas["kumamoto_desk"])
    assert issued.token.last_used_at is None
    response = Api(issued.secret).get("/cases")
    assert response.status_code == 200, response.content
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def _assert_401(response) -> None:
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized"
    assert body["message"] == "ログイン又は有効なAPIトークンが必要です。"
    assert body["message_en"].startswith("Authentication required")


def test_revoked_expired_unknown_and_inactive_get_401(personas) -> None:
    revoked = _issue(personas["kumamoto_desk"])
    tokens.revoke_token(revoked.token, actor=None, origin=ORIGIN)
    _assert_401(Api(revoked.secret).get("/cases"))

    expired = _issue(personas["kumamoto_division"], days=1)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_401(Api(expired.secret).get("/cases"))

    _assert_401(Api("tkm_" + "x" * 43).get("/cases"))
    _assert_401(Api(None).get("/cases"))
    tampered = _issue(personas["kumamoto_approver"])
    _assert_401(Api(tampered.secret[:-1] + ("A" if tampered.secret[-1] != "A" else "B")).get("/cases"))

    inactive = _issue(personas["kumamoto_auditor"])
    assert Api(inactive.secret).get("/cases").status_code == 200
    personas["kumamoto_auditor"].is_active = False
    personas["kumamoto_auditor"].save(update_fields=["is_active"])
    _assert_401(Api(inactive.secret).get("/cases"))


def test_revocation_is_audited_and_not_repeated(personas) -> None:
    issued = _issue(personas["nara_desk"])
    tokens.revoke_token(issued.token, actor=None, origin=ORIGIN)
    assert AuditEvent.objects.filter(action="api.token_revoked", target_id=str(issued.token.pk)).count() == 1
    with pytest.raises(tokens.ApiTokenRefused, match="既に失効"):
        tokens.revoke_token(issued.token, actor=None, origin=ORIGIN)


def test_tokens_are_for_staff_only_and_for_a_bounded_period(personas) -> None:
    with pytest.raises(tokens.ApiTokenRefused, match="職員ではない"):
        _issue(personas["proposer"])
    with pytest.raises(tokens.ApiTokenRefused, match="1日から366日"):
        _issue(personas["kumamoto_desk"], days=400)
    assert not ApiToken.objects.exists()


def test_cli_issues_lists_and_revokes(personas) -> None:
    issued = runner.invoke(app, ["api-token", "issue", "kumamoto_desk", "--name", "文書管理システム", "--days", "30"])
    assert issued.exit_code == 0, issued.output
    secret = issued.stdout.strip().splitlines()[-1]
    token = ApiToken.objects.get(user=personas["kumamoto_desk"])
    assert token.token_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert Api(secret).get("/cases").status_code == 200

    listed = runner.invoke(app, ["api-token", "list"])
    assert listed.exit_code == 0
    assert token.key_id in listed.stdout
    assert secret not in listed.stdout

    revoked = runner.invoke(app, ["api-token", "revoke", token.key_id])
    assert revoked.exit_code == 0, revoked.output
    assert AuditEvent.objects.filter(action="api.token_revoked", request_path="command:api-token revoke").exists()
    _assert_401(Api(secret).get("/cases"))

    refused = runner.invoke(app, ["api-token", "issue", "proposer", "--name", "x"])
    assert refused.exit_code == 1
    assert ApiToken.objects.filter(user=personas["proposer"]).count() == 0
