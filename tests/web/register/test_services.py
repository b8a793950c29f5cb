"""Register use cases: every change audited; determinations and policies versioned; the law's refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tokumei.law.register import DeterminationInput
from tokumei.web.core.models import AuditEvent
from tokumei.web.register import services
from tokumei.web.register.models import PersonalInformationFile
from tokumei.web.register.tasks import refresh_subject_count

from ..conftest import ORIGIN
from .conftest import make_file

pytestmark = pytest.mark.django_db


def test_file_change_is_audited_with_before_and_after(kumamoto_file, personas) -> None:
    kumamoto_file.purpose = "新しい利用目的"
    services.save_file(kumamoto_file, actor=personas["kumamoto_division"], origin=ORIGIN)
    event = AuditEvent.objects.filter(action="register.file_changed").latest("id")
    assert event.details["changes"]["purpose"] == ["特定健康診査の実施のため。", "新しい利用目的"]
    assert list(event.details["changes"]) == ["purpose"]


def test_determination_is_versioned_and_mirrored_on_the_register(kumamoto_file, personas) -> None:
    assert kumamoto_file.is_proposal_target
    services.determine_proposal_target(
        kumamoto_file,
        DeterminationInput(True, True, False, False, "システム更改のため", no_hindrance_reason="システム停止が必要"),
        actor=personas["kumamoto_division"],
        origin=ORIGIN,
    )
    kumamoto_file.refresh_from_db()
    assert not kumamoto_file.is_proposal_target
    assert [d.version for d in kumamoto_file.determinations.all()] == [2, 1]
    assert AuditEvent.objects.filter(action="register.determination_recorded").count() == 2


def test_selecting_a_file_that_fails_a_condition_is_refused_and_nothing_changes(kumamoto_file, personas) -> None:
    with pytest.raises(services.RegisterRefusal, match="法60条3項"):
        services.determine_proposal_target(
            kumamoto_file,
            DeterminationInput(True, False, True, True, "理由", disclosable_reason="全部不開示"),
            actor=personas["kumamoto_division"],
            origin=ORIGIN,
        )
    assert kumamoto_file.determinations.count() == 1


def test_identifiers_cannot_be_offered(kumamoto_file, personas) -> None:
    with pytest.raises(services.RegisterRefusal, match="規則62条1号・2号"):
        services.replace_record_items(
            kumamoto_file,
            [
                services.RecordItemInput(
                    "氏名", classification="direct_identifier", generalizer="value", offered_levels=["value"]
                )
            ],
            actor=personas["kumamoto_division"],
            origin=ORIGIN,
        )
    assert kumamoto_file.record_items.count() == 5


def test_unknown_level_is_refused_naming_the_allowed_ones(kumamoto_file, personas) -> None:
    with pytest.raises(services.RegisterRefusal) as info:
        services.replace_record_items(
            kumamoto_file,
            [services.RecordItemInput("住所", generalizer="address", offered_levels=["town"])],
            actor=personas["kumamoto_division"],
            origin=ORIGIN,
        )
    assert "town" in str(info.value)
    assert "prefecture" in str(info.value)


def test_withheld_items_are_never_offered(kumamoto_file) -> None:
    items = {r.name: r for r in kumamoto_file.record_items.all()}
    assert not items["傷病名"].is_offered
    assert not items["氏名"].is_offered
    assert items["住所"].is_offered


def test_policy_versions_and_checks(kumamoto_file, personas) -> None:
    actor = personas["kumamoto_division"]
    policy = services.PolicyInput(5, 2, ["傷病名"], Decimal("0.02"), None, "")
    services.set_policy(kumamoto_file, policy, actor=actor, origin=ORIGIN)
    services.set_policy(
        kumamoto_file, services.PolicyInput(10, None, [], Decimal(0), 3, ""), actor=actor, origin=ORIGIN
    )
    assert kumamoto_file.current_policy.version == 2
    assert kumamoto_file.current_policy.k == 10
    with pytest.raises(services.RegisterRefusal) as info:
        services.set_policy(
            kumamoto_file,
            services.PolicyInput(1, 2, [], Decimal("0.5"), None, "存在しない列"),
            actor=actor,
            origin=ORIGIN,
        )
    fields = {p.field for p in info.value.problems}
    assert fields == {"k", "sensitive_columns", "max_suppression", "person_key"}


def test_subject_count_counts_persons_not_rows(personas, data_csv) -> None:
    user = personas["kumamoto_division"]
    file = make_file(user.organization, user.department, user, name="計数", source_path=str(data_csv))
    services.set_policy(
        file, services.PolicyInput(5, None, [], Decimal(0), None, "管理番号"), actor=user, origin=ORIGIN
    )
    result = refresh_subject_count.call(file.pk, user.pk)
    assert result == {"ok": True, "subjects": 1200, "rows": 2400}
    file.refresh_from_db()
    assert file.subject_count == 1200
    assert file.subject_count_at is not None
    event = AuditEvent.objects.filter(action="register.subject_count_refreshed").latest("id")
    assert "氏名" not in str(event.details)  # counts only, never values


def test_subject_count_failure_is_recorded_and_count_kept(personas, tmp_path) -> None:
    user = personas["kumamoto_division"]
    file = make_file(user.organization, user.department, user, name="欠落", source_path=str(tmp_path / "none.csv"))
    result = refresh_subject_count.call(file.pk, user.pk)
    assert result["ok"] is False
    assert "見つかりません" in result["error"]
    assert PersonalInformationFile.objects.get(pk=file.pk).subject_count is None
    assert AuditEvent.objects.filter(action="register.subject_count_failed").exists()
