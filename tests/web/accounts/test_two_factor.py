"""Optional TOTP two-factor login for staff (issue 12 §6): set-up, the code step after the password, wrong codes
audited and locked out, removal, the administrator's reset, and the organization-wide requirement."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tokumei.web.accounts.two_factor import reset_for
from tokumei.web.core.models import AuditEvent

from ..conftest import ORIGIN, PASSWORD

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _login(username: str = "kumamoto_desk") -> Client:
    c = Client()
    r = c.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert r.status_code == 302
    return c


def _enrol(c: Client) -> TOTPDevice:
    page = c.post(reverse("accounts:two_factor"), {"action": "start"})
    body = page.content.decode()
    assert "認証アプリへの登録" in body
    assert "data:image/svg+xml;base64," in body
    device = TOTPDevice.objects.get(user__username="kumamoto_desk", confirmed=False)
    r = c.post(reverse("accounts:two_factor"), {"action": "confirm", "token": _code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_setting_up_shows_a_qr_code_and_needs_a_correct_code(personas) -> None:
    c = _login()
    c.post(reverse("accounts:two_factor"), {"action": "start"})
    device = TOTPDevice.objects.get(user__username="kumamoto_desk")
    bad = "000000" if _code(device) != "000000" else "111111"
    wrong = c.post(reverse("accounts:two_factor"), {"action": "confirm", "token": bad})
    assert "確認コードが正しくありません" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    letters = c.post(reverse("accounts:two_factor"), {"action": "confirm", "token": "12ab56"})
    assert "確認コードは6桁の数字です" in letters.content.decode()
    device.throttling_failure_count = 0  # past django-otp's delay after the wrong code
    device.save()
    done = c.post(reverse("accounts:two_factor"), {"action": "confirm", "token": _code(device)})
    assert done.status_code == 302
    page = c.get(reverse("accounts:two_factor")).content.decode()
    assert "設定済み" in page
    assert "手入力用のキー" not in page  # the secret is never shown again
    assert AuditEvent.objects.filter(action="auth.otp_device_confirmed", actor__username="kumamoto_desk").exists()


def test_after_the_password_every_page_asks_for_the_code(personas) -> None:
    device = _enrol(_login())
    c = _login()  # a new session: password only
    r = c.get(reverse("accounts:home"))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("accounts:otp_verify"))
    assert c.get(reverse("register_staff:list")).status_code == 302
    assert c.get(reverse("accounts:two_factor")).status_code == 302  # cannot remove the device without the code
    api = c.get("/api/staff/files")
    assert api.status_code == 401
    assert api.json()["code"] == "auth.second_factor_required"
    page = c.get(reverse("accounts:otp_verify") + "?next=/staff/register/")
    assert "確認コードの入力" in page.content.decode()
    # the next time step's code: the one used at set-up cannot be replayed (django-otp remembers the last step)
    ok = c.post(reverse("accounts:otp_verify"), {"token": _code(device, 1), "next": "/staff/register/"})
    assert ok.status_code == 302
    assert ok["Location"] == "/staff/register/"
    assert c.get(reverse("accounts:home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_verified", actor__username="kumamoto_desk").exists()


def test_wrong_codes_are_audited_and_lock_the_login(personas, settings) -> None:
    device = _enrol(_login())
    c = _login()
    bad = "000000" if _code(device) != "000000" else "111111"
    for _ in range(settings.LOGIN_MAX_FAILURES):
        device.refresh_from_db()
        device.throttling_failure_count = 0  # look past django-otp's own delay: test our lockout
        device.save()
        r = c.post(reverse("accounts:otp_verify"), {"token": bad})
        assert r.status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_failed").count() == settings.LOGIN_MAX_FAILURES
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    locked = c.post(reverse("accounts:otp_verify"), {"token": _code(device, 1)})
    assert "一時的にログインできません" in locked.content.decode()
    assert c.get(reverse("accounts:home")).status_code == 302


def test_django_otp_throttle_refuses_rapid_guesses(personas) -> None:
    device = _enrol(_login())
    c = _login()
    bad = "000000" if _code(device) != "000000" else "111111"
    c.post(reverse("accounts:otp_verify"), {"token": bad})
    r = c.post(reverse("accounts:otp_verify"), {"token": _code(device, 1)})  # within the throttle delay
    assert "しばらく受け付けません" in r.content.decode()


def test_removing_needs_the_current_code(personas) -> None:
    c = _login()
    device = _enrol(c)
    bad = "000000" if _code(device) != "000000" else "111111"
    c.post(reverse("accounts:two_factor"), {"action": "remove", "token": bad})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    c.post(reverse("accounts:two_factor"), {"action": "remove", "token": _code(device, 1)})
    assert not TOTPDevice.objects.filter(user__username="kumamoto_desk").exists()
    assert AuditEvent.objects.filter(action="auth.otp_device_removed").exists()


def test_administrator_reset_for_a_lost_device(personas) -> None:
    _enrol(_login())
    assert reset_for(personas["kumamoto_desk"], origin=ORIGIN) == 1
    c = _login()
    assert c.get(reverse("accounts:home")).status_code == 200  # password alone again
    assert AuditEvent.objects.filter(action="auth.otp_device_removed", target_id=str(personas["kumamoto_desk"].pk))


def test_staff_without_a_device_are_unaffected_unless_required(personas, settings) -> None:
    c = _login()
    assert c.get(reverse("accounts:home")).status_code == 200
    settings.STAFF_REQUIRE_2FA = True
    r = c.get(reverse("accounts:home"))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("accounts:two_factor"))
    page = c.get(reverse("accounts:two_factor")).content.decode()
    assert "二要素認証が必須" in page
    device = _enrol(c)
    assert c.get(reverse("accounts:home")).status_code == 200
    refused = c.post(reverse("accounts:two_factor"), {"action": "remove", "token": _code(device, 1)})
    assert "必須のため、解除できません" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()  # cannot be removed while required


def test_proposers_are_not_asked(personas, settings) -> None:
    settings.STAFF_REQUIRE_2FA = True
    c = _login("proposer")
    assert c.get(reverse("proposals:mine")).status_code == 200
