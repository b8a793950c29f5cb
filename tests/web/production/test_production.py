"""Production: a background run creates the dataset (encrypted at rest), a second person inspects it, and the
register shows it (法116条, 法117条, 規則62条). Failures and crashes leave no output."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from tokumei.law.register import DeterminationInput
from tokumei.web.core.models import AuditEvent
from tokumei.web.production import services
from tokumei.web.production.models import ProductionRun
from tokumei.web.register import services as register
from tokumei.web.register.models import PersonalInformationFile

from ..conftest import ORIGIN

pytestmark = pytest.mark.django_db

PREFS = ["熊本県熊本市中央区手取本町1-1", "福岡県福岡市博多区東公園7-7", "奈良県奈良市登大路町30"]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    rng = random.Random(7)
    lines = ["管理番号,氏名,性別,生年月日,住所"]
    for i in range(1500):
        year = rng.randint(1940, 2004)
        lines.append(
            f"A{i:05d},山田{i},{rng.choice(['男', '女'])},{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},"
            f"{rng.choice(PREFS)}"
        )
    path = tmp_path / "jumin.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp932")
    return path


@pytest.fixture
def file(personas, source, settings, tmp_path) -> PersonalInformationFile:
    settings.DATA_DIR = tmp_path / "data"
    user = personas["kumamoto_division"]
    f = register.save_file(
        PersonalInformationFile(
            organization=user.organization,
            division=user.department,
            name="住民健診ファイル",
            purpose="健診",
            subjects_scope="受診者",
            collection_method="申込み",
            file_type="computer",
            source_kind="path",
            source_path=str(source),
        ),
        actor=user,
        origin=ORIGIN,
    )
    register.replace_record_items(
        f,
        [
            register.RecordItemInput("管理番号", source_column="管理番号", classification="linking_code"),
            register.RecordItemInput("氏名", source_column="氏名", classification="direct_identifier"),
            register.RecordItemInput(
                "性別",
                source_column="性別",
                classification="quasi_identifier",
                generalizer="value",
                offered_levels=["value"],
            ),
            register.RecordItemInput(
                "生年月日",
                source_column="生年月日",
                classification="quasi_identifier",
                generalizer="age",
                offered_levels=["band20"],
            ),
            register.RecordItemInput(
                "住所",
                source_column="住所",
                classification="quasi_identifier",
                generalizer="address",
                offered_levels=["prefecture"],
            ),
        ],
        actor=user,
        origin=ORIGIN,
    )
    register.set_policy(f, register.PolicyInput(5, None, [], Decimal("0.02"), None, ""), actor=user, origin=ORIGIN)
    register.determine_proposal_target(f, DeterminationInput(True, True, True, True, "理由"), actor=user, origin=ORIGIN)
    return f


def _run(file, personas, django_capture_on_commit_callbacks, recipe: str | None = None) -> ProductionRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_run(
            file,
            title="健診データ（匿名加工）",
            recipe_yaml=recipe or services.default_recipe(file),
            actor=personas["kumamoto_division"],
            origin=ORIGIN,
        )
    run.refresh_from_db()
    return run


def test_run_creates_an_encrypted_dataset_and_records_the_destruction(
    file, personas, django_capture_on_commit_callbacks
) -> None:
    run = _run(file, personas, django_capture_on_commit_callbacks)
    assert run.state == "succeeded", run.error
    assert run.subjects_out >= 1470  # at most 2 % suppressed
    assert run.information_items == ["性別", "生年月日", "住所"]
    stored = services.datasets_dir() / run.output_name
    raw = stored.read_bytes()
    assert raw.startswith(b"TKENC1")
    assert "熊本県".encode() not in raw
    assert "山田".encode() not in raw
    assert run.secrets_destroyed_at is not None
    assert AuditEvent.objects.filter(action="production.secrets_destroyed", target_id=str(run.pk)).exists()
    header, rows = services.read_output(run)
    assert header == ["性別", "生年月日", "住所"]
    assert {r[2] for r in rows} <= {"熊本県", "福岡県", "奈良県"}
    assert not list(services.datasets_dir().glob("**/*.csv"))  # the plaintext never stays on disk


def test_a_recipe_that_fails_rule_62_stores_nothing(file, personas, django_capture_on_commit_callbacks) -> None:
    recipe = services.default_recipe(file).replace("k: 5", "k: 1000")
    run = _run(file, personas, django_capture_on_commit_callbacks, recipe)
    assert run.state == "failed"
    assert "規則62条の" in run.error
    assert "5号を満たさない" in run.error
    assert run.report["rule62"]["5"]["ok"] is False
    assert not list(services.datasets_dir().iterdir())


def test_a_crash_while_writing_leaves_no_output_and_can_be_rerun(
    file, personas, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    def broken(src, dst, key):
        dst.with_name(dst.name + ".part").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(services, "encrypt_file", broken)
    run = _run(file, personas, django_capture_on_commit_callbacks)
    assert run.state == "failed"
    assert not list(services.datasets_dir().glob("*.enc"))
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.recover_or_rerun(run, actor=personas["kumamoto_division"], origin=ORIGIN)
    run.refresh_from_db()
    assert run.state == "succeeded"
    assert run.attempt == 2


def test_withheld_items_cannot_be_produced(file, personas) -> None:
    item = file.record_items.get(name="住所")
    item.withheld, item.withheld_reason = True, "不開示"
    item.save()
    recipe = "version: 1\ncolumns:\n  住所: {generalize: address, level: prefecture}\nprivacy: {k: 5}\n"
    with pytest.raises(services.ProductionRefused, match="法60条3項"):
        services.request_run(file, title="x", recipe_yaml=recipe, actor=personas["kumamoto_division"], origin=ORIGIN)


def test_second_person_inspection_records_the_dataset_in_the_register(
    client, file, personas, django_capture_on_commit_callbacks
) -> None:
    run = _run(file, personas, django_capture_on_commit_callbacks)
    with pytest.raises(services.ProductionRefused, match="別の職員"):
        services.inspect(run, approve=True, note="確認", actor=personas["kumamoto_division"], origin=ORIGIN)
    client.force_login(personas["kumamoto_approver"])
    assert "熊本県" in client.get(reverse("production:output", args=[run.pk])).content.decode()
    response = client.post(reverse("production:inspect", args=[run.pk]), {"decision": "approve", "note": "k=5 を確認"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == "approved"
    dataset = file.datasets.get()
    assert dataset.subject_count == run.subjects_out
    page = client.get(reverse("register:detail", args=[file.pk])).content.decode()
    assert "健診データ（匿名加工）" in page
    assert "提案をすることができる期間" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("kumamoto_desk", 403), ("kumamoto_auditor", 403), ("nara_division", 404), ("proposer", 404)],
)
def test_only_the_owning_division_may_run(client, file, personas, persona, status) -> None:
    client.force_login(personas[persona])
    assert client.get(reverse("production:new", args=[file.pk])).status_code == status


def test_delivery_package_decrypts_with_the_password_and_verifies(
    client, file, personas, django_capture_on_commit_callbacks
) -> None:
    from tokumei.delivery import verify_package
    from tokumei.web.production.models import DeliveryPackage

    run = _run(file, personas, django_capture_on_commit_callbacks)
    services.inspect(run, approve=True, note="確認済み", actor=personas["kumamoto_approver"], origin=ORIGIN)
    client.force_login(personas["kumamoto_division"])
    response = client.post(
        reverse("production:package", args=[run.pk]), {"medium": "cd-r", "password": "pw-for-the-test"}
    )
    assert response.status_code == 302
    package = DeliveryPackage.objects.get(run=run)
    volumes = sorted(Path(package.folder).glob("*.zip"))
    verified = verify_package(volumes, "pw-for-the-test", extract_to=Path(package.folder) / "x")
    assert set(verified) == {"data.csv", "data.parquet"}
    csv_text = (Path(package.folder) / "x" / "data.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf")
    name = volumes[0].name
    download = client.get(reverse("production:package_download", args=[package.pk, name]))
    assert download.status_code == 200
    assert AuditEvent.objects.filter(action="production.package_downloaded").exists()
    client.force_login(personas["kumamoto_auditor"])
    assert client.get(reverse("production:package_download", args=[package.pk, name])).status_code == 403
    client.force_login(personas["kumamoto_division"])
    assert client.get(f"/staff/production/packages/{package.pk}/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get(reverse("production:package_download", args=[package.pk, "passwd"])).status_code == 404


def test_short_package_password_is_refused(client, file, personas, django_capture_on_commit_callbacks) -> None:
    run = _run(file, personas, django_capture_on_commit_callbacks)
    services.inspect(run, approve=True, note="確認済み", actor=personas["kumamoto_approver"], origin=ORIGIN)
    client.force_login(personas["kumamoto_division"])
    client.post(reverse("production:package", args=[run.pk]), {"medium": "cd-r", "password": "short"})
    assert not run.packages.exists()
