"""Importing a register from CSV/Excel: dry run with every row error; nothing written until all is valid."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tokumei.web.register.models import PersonalInformationFile

pytestmark = pytest.mark.django_db

HEADER = (
    "個人情報ファイルの名称,事務をつかさどる組織,利用目的,記録項目,記録範囲,記録情報の収集方法,"
    "個人情報ファイルの種別,要配慮個人情報"
)


def _csv(division: str, rows: list[str]) -> str:
    return "\n".join([HEADER, *[r.replace("{div}", division) for r in rows]]) + "\n"


def _post(client, name: str, data: bytes, commit: bool):
    payload = {"upload": SimpleUploadedFile(name, data)}
    if commit:
        payload["commit"] = "on"
    return client.post(reverse("register_staff:import"), payload)


def test_malformed_cp932_file_is_rejected_with_row_errors_and_nothing_written(client, personas) -> None:
    user = personas["kumamoto_division"]
    client.force_login(user)
    text = _csv(
        user.department.name,
        [
            "髙橋記念健診ファイル,{div},目的,氏名、住所、①番号,範囲,申込み,電算処理,含む",
            ",{div},目的,氏名,範囲,申込み,電算処理,含まない",  # name missing
            "ファイルC,存在しない課,目的,氏名,範囲,申込み,手書き,たぶん",  # three errors
            "髙橋記念健診ファイル,{div},目的,氏名、氏名,範囲,申込み,電算処理,含まない",  # duplicate name + item
        ],
    )
    response = _post(client, "register.csv", text.encode("cp932"), commit=True)
    result = response.context["result"]
    errors = {(e.row, e.column) for e in result.errors}
    assert errors == {
        (3, "個人情報ファイルの名称"),
        (4, "事務をつかさどる組織"),
        (4, "個人情報ファイルの種別"),
        (4, "要配慮個人情報"),
        (5, "記録項目"),
        (5, "個人情報ファイルの名称"),
    }
    assert "何も取り込んでいません" in response.content.decode()
    assert PersonalInformationFile.objects.count() == 0


def test_valid_cp932_file_dry_run_then_commit(client, personas) -> None:
    user = personas["kumamoto_division"]
    client.force_login(user)
    data = _csv(
        user.department.name, ["山﨑健診ファイル,{div},目的,氏名、住所、生年月日,範囲,申込み,電算処理,含む"]
    ).encode("cp932")
    dry = _post(client, "register.csv", data, commit=False)
    assert dry.context["result"].ok
    assert dry.context["result"].encoding == "cp932"
    assert PersonalInformationFile.objects.count() == 0
    done = _post(client, "register.csv", data, commit=True)
    assert done.status_code == 302
    file = PersonalInformationFile.objects.get(name="山﨑健診ファイル")
    assert [r.name for r in file.record_items.all()] == ["氏名", "住所", "生年月日"]
    assert file.contains_sensitive is True


def test_utf8_bom_and_export_round_trip(client, personas) -> None:
    user = personas["kumamoto_division"]
    client.force_login(user)
    data = "\ufeff" + _csv(user.department.name, ["ファイルA,{div},目的,氏名,範囲,申込み,マニュアル処理,非該当"])
    assert _post(client, "a.csv", data.encode("utf-8"), commit=True).status_code == 302
    exported = client.get(reverse("register:export_csv"), {"encoding": "utf-8"}).content
    again = _post(client, "export.csv", exported, commit=False)
    assert again.context["result"].ok, again.context["result"].errors


def test_xlsx_import(client, personas) -> None:
    user = personas["kumamoto_division"]
    client.force_login(user)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["Excelファイル", user.department.name, "目的", "氏名、住所", "範囲", "申込み", "電算処理", "含まない"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    assert _post(client, "register.xlsx", buffer.getvalue(), commit=True).status_code == 302
    assert PersonalInformationFile.objects.filter(name="Excelファイル").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("register.xlsx", b"this is not a zip", "Excel ファイルではありません"),
        ("register.csv", b"PK\x03\x04" + b"\x00" * 100, "テキストではありません"),
        ("register.exe", b"MZ", "対応していません"),
        ("register.csv", b"\xff\xfe\xfa\x80\x81" * 10, "読めません"),
        ("register.csv", b"   ", "空です"),
        ("../../etc/passwd.csv", HEADER.encode(), "データの行がありません"),
    ],
)
def test_hostile_or_broken_uploads_are_refused_cleanly(client, personas, name, data, message) -> None:
    client.force_login(personas["kumamoto_division"])
    response = _post(client, name, data, commit=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PersonalInformationFile.objects.count() == 0


def test_oversized_upload_is_refused(client, personas) -> None:
    client.force_login(personas["kumamoto_division"])
    response = _post(client, "big.csv", b"a," * (3 * 1024 * 1024), commit=True)
    assert "大きすぎます" in response.content.decode()


def test_import_requires_an_owning_division_role(client, personas) -> None:
    client.force_login(personas["kumamoto_desk"])
    assert client.get(reverse("register_staff:import")).status_code == 403
