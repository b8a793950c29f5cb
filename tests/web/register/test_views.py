"""Register pages: the public portal (search, file page, exports) and the staff pages with their permissions."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from tokumei.web.core.models import AuditEvent
from tokumei.web.register.models import PersonalInformationFile

from .conftest import make_file

pytestmark = pytest.mark.django_db


def test_public_register_search_filters(client, kumamoto_file, nara_file, personas) -> None:
    user = personas["kumamoto_division"]
    make_file(user.organization, user.department, user, name="非対象ファイル", target=False)
    make_file(user.organization, user.department, user, name="非公表ファイル", published=False)
    url = reverse("register:list")
    names = lambda r: [f.name for f in r.context["page"]]  # noqa: E731
    assert set(names(client.get(url))) == {"健康診査ファイル", "交通事故当事者ファイル", "非対象ファイル"}
    assert names(client.get(url, {"q": "交通事故"})) == ["交通事故当事者ファイル"]
    assert names(client.get(url, {"q": "生年月日 交通"})) == ["交通事故当事者ファイル"]  # items AND name
    assert names(client.get(url, {"q": "存在しない語"})) == []
    assert set(names(client.get(url, {"organization": "kumamoto-city"}))) == {"健康診査ファイル", "非対象ファイル"}
    assert "非対象ファイル" not in names(client.get(url, {"targets_only": "on"}))
    assert names(client.get(url, {"with_datasets": "on"})) == []


def test_file_page_shows_statutory_items_and_offered_levels(client, kumamoto_file) -> None:
    body = client.get(reverse("register:detail", args=[kumamoto_file.pk])).content.decode()
    for label in (
        "個人情報ファイルの名称",
        "記録範囲",
        "記録情報の収集方法",
        "行政機関等匿名加工情報の提案の募集をする個人情報ファイルである旨",
        "行政機関等匿名加工情報の提案を受ける組織の名称及び所在地",
    ):
        assert label in body
    assert "市町村 ／ 都道府県 ／ 提供を求めない" in body
    assert "不開示情報を含むため。法第60条第3項" in body


def test_unpublished_file_is_not_on_the_portal(client, personas) -> None:
    user = personas["kumamoto_division"]
    hidden = make_file(user.organization, user.department, user, name="非公表", published=False)
    assert client.get(reverse("register:detail", args=[hidden.pk])).status_code == 404


def test_export_csv_utf8_bom_and_cp932_and_json(client, kumamoto_file) -> None:
    utf8 = client.get(reverse("register:export_csv"), {"encoding": "utf-8"})
    assert utf8.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(utf8.content.decode("utf-8-sig"))))
    assert rows[0][1] == "個人情報ファイルの名称"
    assert rows[1][1] == "健康診査ファイル"
    assert rows[1][4] == "氏名、管理番号、住所、生年月日、傷病名"
    sjis = client.get(reverse("register:export_csv"), {"encoding": "cp932"})
    assert list(csv.reader(io.StringIO(sjis.content.decode("cp932")))) == rows
    data = json.loads(client.get(reverse("register:export_json")).content)
    assert data["files"][0]["name"] == "健康診査ファイル"
    assert data["files"][0]["is_proposal_target"] is True
    assert client.get(reverse("register:export_csv"), {"encoding": "latin-1"}).status_code == 400


def test_cp932_export_reports_characters_it_cannot_hold(client, personas) -> None:
    user = personas["kumamoto_division"]
    make_file(user.organization, user.department, user, name="𠮷野家調査ファイル")
    response = client.get(reverse("register:export_csv"), {"encoding": "cp932"})
    assert "〓野家調査ファイル" in response.content.decode("cp932")
    assert "\\ud842\\udfb7" in response["X-Tokumei-Unencodable"]


# Staff permission matrix: (persona, page, expected) on the Kumamoto file.
STAFF_MATRIX = [
    ("kumamoto_division", "detail", 200),
    ("kumamoto_desk", "detail", 200),
    ("kumamoto_approver", "detail", 200),
    ("kumamoto_auditor", "detail", 200),
    ("nara_division", "detail", 404),
    ("nara_desk", "detail", 404),
    ("proposer", "detail", 404),
    ("kumamoto_division", "edit", 200),
    ("kumamoto_division", "determination", 200),
    ("kumamoto_division", "policy", 200),
    ("kumamoto_division", "items", 200),
    ("kumamoto_desk", "edit", 403),
    ("kumamoto_approver", "determination", 403),
    ("kumamoto_auditor", "policy", 403),
    ("nara_division", "edit", 404),
    ("nara_division", "policy", 404),
]


@pytest.mark.parametrize(("persona", "page", "status"), STAFF_MATRIX)
def test_staff_register_permission_matrix(client, personas, kumamoto_file, persona, page, status) -> None:
    client.force_login(personas[persona])
    response = client.get(reverse(f"register_staff:{page}", args=[kumamoto_file.pk]))
    assert response.status_code == status
    if status != 200:
        assert "健康診査ファイル" not in response.content.decode()


def test_staff_view_of_a_file_is_audited(client, personas, kumamoto_file) -> None:
    client.force_login(personas["kumamoto_desk"])
    client.get(reverse("register_staff:detail", args=[kumamoto_file.pk]))
    assert AuditEvent.objects.filter(action="register.file_viewed", actor=personas["kumamoto_desk"]).exists()


def test_determination_form_refuses_selection_without_conditions(client, personas, kumamoto_file) -> None:
    client.force_login(personas["kumamoto_division"])
    response = client.post(
        reverse("register_staff:determination", args=[kumamoto_file.pk]),
        {"register_published": "on", "selected": "on", "reasons": "選定する"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "満たさない要件" in body
    assert "2号（開示請求への対応）を満たさない理由を記入してください" in body
    assert kumamoto_file.determinations.count() == 1


def test_staff_creates_and_edits_a_file(client, personas) -> None:
    user = personas["kumamoto_division"]
    client.force_login(user)
    response = client.post(
        reverse("register_staff:new"),
        {
            "division": user.department_id,
            "name": "新しいファイル",
            "purpose": "目的",
            "subjects_scope": "範囲",
            "collection_method": "方法",
            "file_type": "computer",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    file = PersonalInformationFile.objects.get(name="新しいファイル")
    assert file.organization == user.organization
    assert AuditEvent.objects.filter(action="register.file_created", target_id=str(file.pk)).exists()


def test_division_staff_cannot_put_a_file_in_another_division(client, personas, orgs) -> None:
    user = personas["kumamoto_division"]
    other = orgs["kumamoto-city"].departments.filter(kind="owning_division").exclude(pk=user.department_id).first()
    client.force_login(user)
    response = client.post(
        reverse("register_staff:new"),
        {
            "division": other.pk,
            "name": "x",
            "purpose": "x",
            "subjects_scope": "x",
            "collection_method": "x",
            "file_type": "computer",
        },
    )
    assert response.status_code == 200
    assert not PersonalInformationFile.objects.filter(name="x").exists()
