"""Historic cases of the abolished 2017 rule in the web app (issue 11 items 2–3): the import (service, upload page,
CLI), the pages, every document as PDF and DOCX read back, the audit trail, and who may see what."""

from __future__ import annotations

import csv
import io
import warnings
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document as open_docx
from pypdf import PdfReader

from tokumei.law.legacy import COLUMNS, LegacyImportCode, LegacyImportRefused
from tokumei.web.accounts.models import Department, Organization, User
from tokumei.web.accounts.roles import Role
from tokumei.web.accounts.services import create_user
from tokumei.web.core.models import AuditEvent
from tokumei.web.legacy import services
from tokumei.web.legacy.demo import demo_csv, load_legacy_demo
from tokumei.web.legacy.models import HistoricCase, LegacyImport

from ..conftest import ORIGIN, PASSWORD

with warnings.catch_warnings():  # importing typer trips a click DeprecationWarning (errors under our filter)
    warnings.simplefilter("ignore", DeprecationWarning)
    from typer.testing import CliRunner

    from tokumei.cli.main import app

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)
HEADER = [c.header for c in COLUMNS]
APPROVED = {
    "案件番号": "H29-001",
    "提案者": "株式会社髙﨑データ",
    "代表者": "代表取締役 髙橋一郎",
    "提案者の住所": "東京都千代田区霞が関1-1-1",
    "個人情報ファイル": "法人税申告書情報ファイル（個人事業主分）",
    "提案日": "平成30年3月1日",
    "通知日": "2018-06-01",
    "通知番号": "国総第1号",
    # 21,000 + ⌈9.5⌉ = 10 × 3,950 + 2 × 210 → 60,920
    "手数料": "60,920",
    "作成時間": "9.5",
    "委託額": "0",
    "第三者数": "2",
    "納付期限": "2018-06-29",
    "提供媒体": "CD-R",
    "提供方法": "窓口",
    "契約日": "2018-07-02",
    "提供日": "2018-09-03",
    "状況": "提供済み",
    "備考": "①デモ",
}
REJECTED = {
    "案件番号": "H29-002",
    "提案者": "一般社団法人統計研究会",
    "代表者": "理事長 山田花子",
    "個人情報ファイル": "法人税申告書情報ファイル（個人事業主分）",
    "提案日": "2018-03-05",
    "通知日": "2018-06-10",
    "通知番号": "国総第2号",
    "状況": "不適合",
    "不適合の基準": "4・6",
    "不適合の理由": "事業の内容が具体的でないため。",
}
REUSE = {
    "案件番号": "H31-001",
    "提案者": "合同会社デモリサーチ",
    "代表者": "代表社員 佐藤次郎",
    "提案者の住所": "大阪府大阪市中央区大手前1-5-63",
    "個人情報ファイル": "H29-001により作成された行政機関非識別加工情報",
    "提案の種類": "利用",
    "提案日": "2019-04-10",
    "通知日": "令和元年6月3日",
    "通知番号": "国総第9号",
    "手数料": "60,920",
    "納付期限": "2019-06-28",
    "提供媒体": "DVD-R",
    "提供方法": "郵送",
    "状況": "適合",
}
WITHDRAWN = {
    "案件番号": "H30-002",
    "提案者": "株式会社デモ経済研究",
    "個人情報ファイル": "法人税申告書情報ファイル（個人事業主分）",
    "提案日": "2018-11-05",
    "状況": "取下げ",
}
# the documents of each case: (code, designation, title, what the text must cite)
EXPECTED = {
    "H29-001": [
        (
            "approval_notice",
            "別記様式第三",
            "審査結果通知書",
            ["第44条の7第1項各号", "同条第2項", "旧法44条の13第1項", "2人×210円（旧法44条の8）", "60,920円"],
        ),
        (
            "contract_application",
            "別記様式第四",
            "行政機関非識別加工情報の利用に関する契約の締結の申込書",
            ["第44条の9の規定による", "60,920円"],
        ),
    ],
    "H29-002": [
        (
            "rejection_notice",
            "別記様式第五",
            "審査結果通知書",
            ["第44条の7第1項第4号及び第6号", "同条第3項", "事業の内容が具体的でないため"],
        ),
    ],
    "H31-001": [
        (
            "approval_notice",
            "別記様式第七",
            "審査結果通知書",
            [
                "作成された行政機関非識別加工情報をその用に供して行う事業に関する提案書",  # 別記様式第六's title
                "第44条の12第2項において準用する法第44条の7第1項第1号及び第4号から第7号まで",
                "旧法44条の13第2項",
                "60,920円",
            ],
        ),
        (
            "contract_application",
            "別記様式第四",
            "行政機関非識別加工情報の利用に関する契約の締結の申込書",
            ["第44条の12第2項において準用する法第44条の9"],
        ),
    ],
}
CURRENT_ACT = ("第114条", "第115条", "第118条", "平成15年法律第57号")


def _csv(*rows: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row.get(h, "") for h in HEADER])
    return buffer.getvalue()


def _docx_text(data: bytes) -> str:
    word = open_docx(BytesIO(data))
    lines = [p.text for p in word.paragraphs]
    lines.extend(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    return "".join("\n".join(lines).split())


def _pdf_text(data: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def nta(orgs: dict[str, Organization]) -> dict[str, User]:
    """Staff of 国税庁 (legacy-2017) in every role."""
    org = orgs["legacy-2017"]
    people = {}
    for role, key in (
        (Role.RECEPTION_DESK, "desk"),
        (Role.OWNING_DIVISION, "division"),
        (Role.APPROVER, "approver"),
        (Role.AUDITOR, "auditor"),
    ):
        kind = Department.Kind.RECEPTION_DESK if role == Role.RECEPTION_DESK else Department.Kind.OWNING_DIVISION
        department = None if role == Role.AUDITOR else org.departments.filter(kind=kind).first()
        people[key] = create_user(
            username=f"nta_{key}",
            password=PASSWORD,
            display_name=f"国税庁 {key}",
            roles=[role],
            organization=org,
            department=department,
            origin=ORIGIN,
        )
    return people


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _import(org: Organization, *rows: dict[str, str], encoding: str = "utf-8", actor: User | None = None):
    return services.import_cases(
        org, _csv(*rows).encode(encoding), file_name="historic.csv", actor=actor, origin=ORIGIN, today=TODAY
    )


# --------------------------------------------------------------------------------------------------
# The lifecycle: import, list, view, every document
# --------------------------------------------------------------------------------------------------


def test_lifecycle_legacy_2017(nta: dict[str, User]) -> None:
    division, desk = nta["division"], nta["desk"]
    org = division.organization
    # 1. the service imports a CP932 file (as Excel saves it) in one go, audited
    batch = _import(org, APPROVED, REJECTED, encoding="cp932", actor=division)
    assert (batch.case_count, batch.encoding, batch.imported_by) == (2, "cp932", division)
    event = AuditEvent.objects.get(action="legacy.imported")
    assert (event.actor, event.organization, event.details["cases"]) == (division, org, 2)
    assert HistoricCase.objects.get(case_number="H29-001").proposer == "株式会社髙﨑データ"
    # 2. once more through the upload page: the 旧法44条の12 case and a withdrawn one
    client = _login(desk)
    upload = SimpleUploadedFile("追加分.csv", ("\ufeff" + _csv(REUSE, WITHDRAWN)).encode("utf-8"))
    response = client.post(reverse("legacy:import"), {"upload": upload})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("legacy:list")
    assert LegacyImport.objects.filter(organization=org).count() == 2
    assert AuditEvent.objects.filter(action="legacy.imported", actor=desk).exists()
    # 3. the list shows every case, and the staff menu links to it
    listing = client.get(reverse("legacy:list")).content.decode()
    for number in ("H29-001", "H29-002", "H31-001", "H30-002"):
        assert number in listing
    assert "旧制度の案件</a>" in listing
    assert "60,920円" in listing
    assert "追加分.csv" in listing  # the import history
    # 4. each case's page: facts, fee and documents; every view is audited
    for case in HistoricCase.objects.filter(organization=org):
        page = client.get(reverse("legacy:detail", args=[case.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert case.case_number in html
        assert AuditEvent.objects.filter(action="legacy.case_viewed", target_id=str(case.pk), actor=desk).exists()
        expected = EXPECTED.get(case.case_number, [])
        if not expected:
            assert "出力できる文書はありません" in html
        for code, designation, title, cites in expected:
            assert f"{designation}　{title}" in html
            # 5. every document in both formats, read back
            for fmt in ("pdf", "docx"):
                url = reverse("legacy:document", args=[case.pk, code, fmt])
                assert url in html
                response = client.get(url)
                assert response.status_code == 200, (case.case_number, code, fmt)
                assert f"{case.case_number}-{code}.{fmt}" in response["Content-Disposition"]
                text = _pdf_text(response.content) if fmt == "pdf" else _docx_text(response.content)
                assert designation in text
                assert title in text
                assert "行政機関の保有する個人情報の保護に関する法律（平成15年法律第58号。以下「法」という。）" in text
                for cite in cites:
                    assert "".join(cite.split()) in text, (case.case_number, code, fmt, cite)
                for current in CURRENT_ACT:
                    assert current not in text, (case.case_number, code, fmt, current)
            downloads = AuditEvent.objects.filter(action="legacy.document_downloaded", target_id=str(case.pk))
            assert {e.details["format"] for e in downloads.filter(details__document=code)} == {"pdf", "docx"}
    approved = HistoricCase.objects.get(case_number="H29-001")
    html = client.get(reverse("legacy:detail", args=[approved.pk])).content.decode()
    assert '<span id="legacy-fee">60,920円</span>' in html
    assert "第三者に意見書提出の機会を与えた場合の加算" in html
    assert "旧法44条の7第2項、旧規則8条1項" in html  # the form's old provisions


def test_import_through_the_cli(nta: dict[str, User], tmp_path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(_csv(APPROVED, REJECTED).encode("cp932"))
    runner = CliRunner()
    checked = runner.invoke(app, ["legacy", "import", str(path), "--org", "legacy-2017", "--check"])
    assert checked.exit_code == 0, checked.output
    assert "検査に合格しました（2件、文字コード cp932）" in checked.output
    assert not HistoricCase.objects.exists()
    result = runner.invoke(app, ["legacy", "import", str(path), "--org", "legacy-2017", "--user", "nta_division"])
    assert result.exit_code == 0, result.output
    assert "旧制度の案件を2件取り込みました" in result.output
    assert set(HistoricCase.objects.values_list("case_number", flat=True)) == {"H29-001", "H29-002"}
    event = AuditEvent.objects.get(action="legacy.imported")
    assert (event.actor, event.request_path) == (nta["division"], "command:legacy import")
    # the same file again: every case number is already kept, nothing changes
    again = runner.invoke(app, ["legacy", "import", str(path), "--org", "legacy-2017"])
    assert again.exit_code == 1
    assert "2件の問題があります。何も取り込んでいません。" in again.output
    assert "2行目「案件番号」: 案件番号「H29-001」は既に取り込まれています" in again.output
    assert "(legacy_import.duplicate_case)" in again.output
    assert HistoricCase.objects.count() == 2
    # an organization that is not under the old rule, an unknown one, a user of another organization
    assert runner.invoke(app, ["legacy", "import", str(path), "--org", "kumamoto-city"]).exit_code == 1
    assert "legacy_import.not_legacy" in runner.invoke(app, ["legacy", "import", str(path), "--org", "isa"]).output
    assert (
        "機関「nowhere」がありません" in runner.invoke(app, ["legacy", "import", str(path), "--org", "nowhere"]).output
    )
    assert runner.invoke(app, ["legacy", "import", str(tmp_path / "none.csv"), "--org", "legacy-2017"]).exit_code == 1


# --------------------------------------------------------------------------------------------------
# Refusals: nothing is imported and every problem is shown
# --------------------------------------------------------------------------------------------------


def test_a_bad_file_imports_nothing_and_lists_every_problem(nta: dict[str, User]) -> None:
    client = _login(nta["division"])
    bad = _csv(
        APPROVED,
        {**REJECTED, "通知日": "2018-02-30", "手数料": "21000"},
        {**REUSE, "提案日": "2016-04-01", "手数料": "60,921", "案件番号": "H29-001"},
    )
    response = client.post(reverse("legacy:import"), {"upload": SimpleUploadedFile("bad.csv", bad.encode("utf-8"))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "4 件の問題があります。何も取り込んでいません。" in html
    for fragment in (
        "3行目",
        "「2018-02-30」は日付として読めません",
        "手数料は入力できません",
        "4行目",
        "旧制度の期間外です",
        "案件番号「H29-001」は2行目と重複しています",
        "legacy_import.invalid_date",
    ):
        assert fragment in html, fragment
    assert not HistoricCase.objects.exists()
    assert not LegacyImport.objects.exists()
    refused = AuditEvent.objects.get(action="legacy.import_refused")
    assert refused.actor == nta["division"]
    assert len(refused.details["problems"]) == 4


def test_check_only_writes_nothing(nta: dict[str, User]) -> None:
    client = _login(nta["desk"])
    upload = SimpleUploadedFile("ok.csv", _csv(APPROVED).encode("utf-8"))
    response = client.post(reverse("legacy:import"), {"upload": upload, "check_only": "on"})
    assert "検査に合格しました（1 件、文字コード utf-8）" in response.content.decode()
    assert not HistoricCase.objects.exists()


def test_duplicates_of_kept_cases_are_refused_and_the_differences_named(nta: dict[str, User]) -> None:
    org = nta["division"].organization
    _import(org, APPROVED, REJECTED)
    with pytest.raises(LegacyImportRefused) as info:
        _import(org, {**APPROVED, "提案者": "別の会社"}, REJECTED, REUSE)
    problems = info.value.problems
    assert [(p.line, p.column, p.code) for p in problems] == [
        (2, "案件番号", LegacyImportCode.DUPLICATE_CASE),
        (3, "案件番号", LegacyImportCode.DUPLICATE_CASE),
    ]
    assert "「提案者」が異なります" in problems[0].reason
    assert "内容も同じです" in problems[1].reason
    assert HistoricCase.objects.count() == 2  # H31-001 was not imported either: all or nothing
    assert LegacyImport.objects.count() == 1


def test_other_organizations_cannot_import(orgs: dict[str, Organization]) -> None:
    with pytest.raises(LegacyImportRefused) as info:
        _import(orgs["nara-police"], APPROVED)
    assert [p.code for p in info.value.problems] == [LegacyImportCode.NOT_LEGACY]
    assert AuditEvent.objects.filter(action="legacy.import_refused", organization=orgs["nara-police"]).exists()


def test_a_file_over_the_size_limit_is_refused(nta: dict[str, User], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_BYTES", 100)
    with pytest.raises(LegacyImportRefused) as info:
        _import(nta["division"].organization, APPROVED)
    assert [p.code for p in info.value.problems] == [LegacyImportCode.TOO_LARGE]
    client = _login(nta["division"])
    response = client.post(
        reverse("legacy:import"), {"upload": SimpleUploadedFile("big.csv", _csv(APPROVED).encode("utf-8"))}
    )
    assert "上限の" in response.content.decode()
    assert not HistoricCase.objects.exists()


def test_a_stored_case_gives_back_the_facts_it_was_imported_from(nta: dict[str, User]) -> None:
    from tokumei.law.legacy import parse_legacy_csv

    org = nta["division"].organization
    _import(org, APPROVED, REJECTED, REUSE, WITHDRAWN)
    parsed = parse_legacy_csv(org.profile, _csv(APPROVED, REJECTED, REUSE, WITHDRAWN).encode(), today=TODAY)
    for case in parsed.cases:
        assert HistoricCase.objects.get(case_number=case.case_number).to_case() == case


# --------------------------------------------------------------------------------------------------
# Who may see what
# --------------------------------------------------------------------------------------------------


def test_permissions(nta: dict[str, User], personas: dict[str, User]) -> None:
    org = nta["division"].organization
    _import(org, APPROVED)
    case = HistoricCase.objects.get()
    detail = reverse("legacy:detail", args=[case.pk])
    document = reverse("legacy:document", args=[case.pk, "approval_notice", "pdf"])
    # every staff role of 国税庁 reads; the desk and the division import; the approver and the auditor only read
    for key in ("desk", "division", "approver", "auditor"):
        client = _login(nta[key])
        assert client.get(reverse("legacy:list")).status_code == 200, key
        assert client.get(detail).status_code == 200, key
        assert client.get(document).status_code == 200, key
        can_import = key in ("desk", "division")
        assert client.get(reverse("legacy:import")).status_code == (200 if can_import else 403), key
        assert ("CSVから取り込む" in client.get(reverse("legacy:list")).content.decode()) is can_import
    auditor = _login(nta["auditor"])
    response = auditor.post(reverse("legacy:import"), {"upload": SimpleUploadedFile("a.csv", _csv(REJECTED).encode())})
    assert response.status_code == 403
    assert HistoricCase.objects.count() == 1
    # unknown documents and formats
    division = _login(nta["division"])
    assert division.get(reverse("legacy:document", args=[case.pk, "rejection_notice", "pdf"])).status_code == 404
    assert division.get(reverse("legacy:document", args=[case.pk, "approval_notice", "odt"])).status_code == 404
    # staff of another organization: the pages do not exist for them, and the menu has no link
    for key in ("kumamoto_desk", "kumamoto_division", "nara_auditor"):
        client = _login(personas[key])
        for url in (reverse("legacy:list"), reverse("legacy:import"), detail, document):
            assert client.get(url).status_code == 404, (key, url)
        assert reverse("legacy:list") not in client.get(reverse("accounts:home")).content.decode()
    # the proposer is not staff; anonymous users are sent to the login page
    proposer = _login(personas["proposer"])
    assert proposer.get(reverse("legacy:list")).status_code == 403
    assert proposer.get(reverse("legacy:import")).status_code == 403
    assert proposer.get(detail).status_code == 404
    assert proposer.get(document).status_code == 404
    assert Client().get(detail).status_code == 302
    # no view or download by anyone refused was audited
    assert not AuditEvent.objects.filter(action="legacy.case_viewed").exclude(actor__organization=org).exists()


def test_search_and_filter(nta: dict[str, User]) -> None:
    _import(nta["division"].organization, APPROVED, REJECTED, REUSE)
    client = _login(nta["approver"])
    html = client.get(reverse("legacy:list"), {"status": "rejected"}).content.decode()
    assert "H29-002" in html
    assert "H29-001" not in html
    html = client.get(reverse("legacy:list"), {"q": "デモリサーチ"}).content.decode()
    assert "H31-001" in html
    assert "H29-002" not in html


# --------------------------------------------------------------------------------------------------
# The demo
# --------------------------------------------------------------------------------------------------


def test_demo_cases_import_once(nta: dict[str, User]) -> None:
    assert load_legacy_demo(ORIGIN) == 4
    assert load_legacy_demo(ORIGIN) == 0  # idempotent
    cases = {c.case_number: c for c in HistoricCase.objects.all()}
    assert {c.status for c in cases.values()} == {"delivered", "rejected", "withdrawn"}
    assert {c.kind for c in cases.values()} == {"new", "reuse"}
    assert demo_csv().startswith(b"\xef\xbb\xbf")
    assert LegacyImport.objects.get().imported_by == nta["division"]
    for case in cases.values():
        for document in services.documents_of(case):
            assert document.document.plain_text()
