"""The auditor browses and exports the audit log; bad filters get a Japanese message, not a crash."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tokumei.web.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_csv_export_is_excel_friendly_and_audited(client, personas) -> None:
    client.force_login(personas["kumamoto_auditor"])
    response = client.get(reverse("records:audit_log_csv"))
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["ID", "日時", "操作者", "操作コード"]
    assert any(r[3] == "auth.login" for r in rows[1:])
    assert AuditEvent.objects.filter(action="records.audit_exported", actor=personas["kumamoto_auditor"]).exists()


def test_filter_by_action_and_days(client, personas) -> None:
    client.force_login(personas["kumamoto_auditor"])
    response = client.get(reverse("records:audit_log"), {"action": "auth.login", "from": "2000-01-01"})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count >= 1
    assert all(e.action == "auth.login" for e in page)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-13-01"}, "日付として読めません"),
        ({"from": "2026-05-01", "to": "2026-04-01"}, "開始日は終了日以前"),
        ({"action": "drop table"}, "選択肢にありません"),
    ],
)
def test_bad_filters_get_a_clear_message(client, personas, params, message) -> None:
    client.force_login(personas["kumamoto_auditor"])
    response = client.get(reverse("records:audit_log"), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    csv_response = client.get(reverse("records:audit_log_csv"), params)
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()
