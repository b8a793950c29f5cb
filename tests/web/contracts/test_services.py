"""The use contract from the approval notice to delivery (法115条〜117条, 121条; Fukuoka 第8〜第10)."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import pyzipper
from django.utils import timezone

from tokumei.law.contracts import ContractState
from tokumei.web.contracts import services
from tokumei.web.contracts.models import PaymentAttempt
from tokumei.web.core.models import AuditEvent
from tokumei.web.production.models import DeliveryPackage, ProductionRun

from ..conftest import ORIGIN

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _pay(contract, actor, tendered, duty=200):
    return services.record_payment(
        contract,
        services.PaymentInput(timezone.localdate(), "desk", "prefectural_stamp", tendered, duty),
        actor=actor,
        origin=ORIGIN,
    )


def _outsource(contract, actor):
    return services.record_outsourcing(
        contract,
        services.OutsourcingInput("株式会社テスト加工", 30_000, True, True, True, True, timezone.localdate()),
        actor=actor,
        origin=ORIGIN,
    )


def _conclude_and_produce(contract, fukuoka, capture):
    desk, division = fukuoka["desk"], fukuoka["division"]
    _pay(contract, desk, contract.fee_yen)
    _outsource(contract, division)
    today = timezone.localdate()
    contract = services.conclude(contract, concluded_on=today, copy_returned_on=today, actor=division, origin=ORIGIN)
    services.acknowledge_duty(contract, actor=division, origin=ORIGIN)
    with capture(execute=True):
        run = services.start_production(contract, actor=division, origin=ORIGIN)
    run.refresh_from_db()
    contract.refresh_from_db()
    return contract, run


def _confirm_deletion(contract, user, evidence="report"):
    return services.confirm_processor_deletion(
        contract,
        confirmed_on=timezone.localdate(),
        evidence=evidence,
        items=list(services.DELETION_ITEMS),
        actor=user,
        origin=ORIGIN,
    )


def _inspect(contract, user):
    today = timezone.localdate()
    services.acknowledge_duty(contract, actor=user, origin=ORIGIN)
    return services.inspect(
        contract,
        approve=True,
        note="規則62条の各号を確認した。",
        proposal_office="福岡県警察本部 総務部総務課情報公開室",
        period=(today, today + timedelta(days=180)),
        actor=user,
        origin=ORIGIN,
    )


def test_fukuoka_payment_with_ryoshu_shoshi_overpaid_returned_then_exact(fukuoka_approved, fukuoka) -> None:
    desk = fukuoka["desk"]
    contract = services.open_contract(fukuoka_approved, actor=desk, origin=ORIGIN)
    # 21,000 + 4 started hours × 3,950 + the processor's 30,000
    assert contract.fee_yen == 66_800
    assert contract.stamp_duty_yen == 200
    over = _pay(contract, desk, 67_000)
    assert over.outcome == PaymentAttempt.Outcome.RETURNED
    assert over.stamps_cancelled_at is None  # returned before cancellation
    assert "200円過剰" in over.messages[0]
    assert "領収証紙" in over.messages[0]
    contract.refresh_from_db()
    assert contract.state == ContractState.RETURNED
    ok = _pay(contract, desk, 66_800)
    assert ok.outcome == PaymentAttempt.Outcome.ACCEPTED
    assert ok.stamps_cancelled_at is not None
    contract.refresh_from_db()
    assert contract.state == ContractState.PAID
    with pytest.raises(services.ContractRefused, match="受け付けられません"):
        _pay(contract, desk, 66_800)
    actions = list(AuditEvent.objects.filter(target_id=str(contract.pk)).values_list("action", flat=True))
    assert actions.count("contracts.payment_returned") == 1
    assert "contracts.payment_accepted" in actions


def test_conclusion_requires_the_conditional_outsourcing_contract_and_freezes_terms(fukuoka_approved, fukuoka) -> None:
    desk, division = fukuoka["desk"], fukuoka["division"]
    contract = services.open_contract(fukuoka_approved, actor=desk, origin=ORIGIN)
    _pay(contract, desk, contract.fee_yen)
    today = timezone.localdate()
    with pytest.raises(services.ContractRefused, match="停止条件"):
        services.conclude(contract, concluded_on=today, copy_returned_on=today, actor=division, origin=ORIGIN)
    with pytest.raises(services.ContractRefused, match="再委託の制限"):
        services.record_outsourcing(
            contract,
            services.OutsourcingInput("株式会社テスト加工", 30_000, True, True, False, True, today),
            actor=division,
            origin=ORIGIN,
        )
    _outsource(contract, division)
    contract = services.conclude(contract, concluded_on=today, copy_returned_on=today, actor=division, origin=ORIGIN)
    assert contract.state == ContractState.CONCLUDED
    assert contract.number.startswith("福岡県警察匿契R")
    assert contract.desk_copy_kept  # Fukuoka 第8-1(1): the desk keeps a copy
    assert contract.terms["fee_yen"] == 66_800
    assert len(contract.terms_sha256) == 64
    with pytest.raises(services.ContractRefused):
        services.conclude(contract, concluded_on=today, copy_returned_on=today, actor=division, origin=ORIGIN)


def test_unpaid_deadline_is_extended_or_closed(fukuoka_approved, fukuoka) -> None:
    desk = fukuoka["desk"]
    contract = services.open_contract(fukuoka_approved, actor=desk, origin=ORIGIN)
    with pytest.raises(services.ContractRefused, match="過ぎていない"):
        services.close_unpaid(contract, "納付なし", actor=desk, origin=ORIGIN)
    contract.payment_deadline = timezone.localdate() - timedelta(days=1)
    contract.save()
    new = timezone.localdate() + timedelta(days=14)
    contract = services.extend_deadline(contract, new, "申出により延長", actor=desk, origin=ORIGIN)
    assert contract.payment_deadline == new
    assert contract.deadline_history[0]["reason"] == "申出により延長"
    contract.payment_deadline = timezone.localdate() - timedelta(days=1)
    contract.save()
    contract = services.close_unpaid(contract, "期限までに納付がなかった。", actor=desk, origin=ORIGIN)
    assert contract.state == ContractState.CLOSED_UNPAID


def test_production_inspection_register_deletion_and_encrypted_delivery(
    fukuoka_approved, fukuoka, django_capture_on_commit_callbacks, tmp_path: Path
) -> None:
    division, approver, desk = fukuoka["division"], fukuoka["approver"], fukuoka["desk"]
    contract = services.open_contract(fukuoka_approved, actor=desk, origin=ORIGIN)
    with pytest.raises(services.ContractRefused, match="締結した契約"):
        services.start_production(contract, actor=division, origin=ORIGIN)
    contract, run = _conclude_and_produce(contract, fukuoka, django_capture_on_commit_callbacks)
    assert run.state == ProductionRun.State.SUCCEEDED, run.error
    assert run.subjects_out == contract.subject_count
    assert run.secrets_destroyed_at is not None
    # the one who ran it cannot inspect; the inspector must acknowledge 法122条 first
    with pytest.raises(services.ContractRefused, match="別の職員"):
        _inspect(contract, division)
    with pytest.raises(services.ContractRefused, match="法122条"):
        services.inspect(
            contract,
            approve=True,
            note="確認した。",
            proposal_office="窓口",
            period=(timezone.localdate(), timezone.localdate()),
            actor=approver,
            origin=ORIGIN,
        )
    run = _inspect(contract, approver)
    assert run.state == ProductionRun.State.APPROVED
    ds = run.dataset
    assert ds.subject_count == run.subjects_out
    assert ds.information_items
    assert ds.proposal_office.startswith("福岡県警察本部")
    # the package waits for the processor's deletion confirmation
    with pytest.raises(services.ContractRefused, match="消去の確認"):
        services.build_package(contract, medium="dvd-r", password=PASSWORD, actor=desk, origin=ORIGIN)
    with pytest.raises(services.ContractRefused, match="削除情報"):
        services.confirm_processor_deletion(
            contract,
            confirmed_on=timezone.localdate(),
            evidence="report",
            items=["dataset"],
            actor=division,
            origin=ORIGIN,
        )
    services.confirm_processor_deletion(
        contract,
        confirmed_on=timezone.localdate(),
        evidence="witnessed",
        items=list(services.DELETION_ITEMS),
        actor=division,
        origin=ORIGIN,
    )
    # the proposal asked for a DVD-R (法112条2項8号): another medium is refused, and nothing is built
    assert contract.proposal.delivery_medium == "dvd_r"
    with pytest.raises(services.ContractRefused, match="DVD-R"):
        services.build_package(contract, medium="cd-r", password=PASSWORD, actor=desk, origin=ORIGIN)
    assert not DeliveryPackage.objects.exists()
    package = services.build_package(contract, medium="dvd-r", password=PASSWORD, actor=desk, origin=ORIGIN)
    folder = Path(package.folder)
    volume = folder / next(iter(package.volumes))
    assert hashlib.sha256(volume.read_bytes()).hexdigest() == package.volumes[volume.name]
    with pyzipper.AESZipFile(volume) as z:
        z.setpassword(PASSWORD.encode())
        names = z.namelist()
        data = z.read(next(n for n in names if n.endswith("data.csv")))
    assert data.startswith(b"\xef\xbb\xbf")
    for name, digest in package.manifest.items():
        with pyzipper.AESZipFile(volume) as z:
            z.setpassword(PASSWORD.encode())
            member = next(n for n in z.namelist() if n.endswith(name))
            assert hashlib.sha256(z.read(member)).hexdigest() == digest
    with pyzipper.AESZipFile(volume) as z:
        z.setpassword(b"wrong-password")
        with pytest.raises((RuntimeError, zipfile.BadZipFile)):
            z.read(names[0])
    record = services.record_delivery(
        contract,
        services.DeliveryInput(
            package.pk, timezone.localdate(), "desk", "株式会社デモ分析 佐藤花子", "交通企画課 職員", True, "電話"
        ),
        actor=desk,
        origin=ORIGIN,
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.DELIVERED
    assert record.receipt_received
    actions = set(AuditEvent.objects.filter(target_id=str(contract.pk)).values_list("action", flat=True))
    assert {
        "contracts.concluded",
        "contracts.outsourced",
        "contracts.duty_acknowledged",
        "contracts.processor_deletion_confirmed",
        "contracts.delivered",
    } <= actions


def test_reuse_contract_delivers_the_retained_dataset_byte_identical(
    fukuoka_approved, fukuoka, personas, django_capture_on_commit_callbacks
) -> None:
    from tokumei.web.reviews import services as review_services

    from .conftest import accepted_reuse_proposal, approve

    division, approver, desk = fukuoka["division"], fukuoka["approver"], fukuoka["desk"]
    contract = services.open_contract(fukuoka_approved, actor=desk, origin=ORIGIN)
    contract, run = _conclude_and_produce(contract, fukuoka, django_capture_on_commit_callbacks)
    run = _inspect(contract, approver)
    _confirm_deletion(contract, division)
    first = services.build_package(contract, medium="dvd-r", password=PASSWORD, actor=desk, origin=ORIGIN)
    runs_before = ProductionRun.objects.count()
    # another party proposes to use the created dataset (法118条前段)
    proposal = accepted_reuse_proposal(personas, run.dataset, desk)
    review = review_services.start_review(proposal, actor=division, origin=ORIGIN)
    review = approve(review, division, approver, outsourced=False)
    reuse = services.open_contract(review, actor=desk, origin=ORIGIN)
    assert reuse.source_dataset_id == run.dataset_id
    assert reuse.fee_yen == contract.fee_yen  # the same amount as the original contract's fee (Fukuoka 第11)
    _pay(reuse, desk, reuse.fee_yen)
    today = timezone.localdate()
    reuse = services.conclude(reuse, concluded_on=today, copy_returned_on=today, actor=division, origin=ORIGIN)
    services.acknowledge_duty(reuse, actor=division, origin=ORIGIN)
    with pytest.raises(services.ContractRefused, match="新たな作成は行いません"):
        services.start_production(reuse, actor=division, origin=ORIGIN)
    second = services.build_package(reuse, medium="dvd-r", password=PASSWORD + "2", actor=desk, origin=ORIGIN)
    assert ProductionRun.objects.count() == runs_before  # no new production run
    assert any(name.endswith("data.csv") for name in first.manifest)
    assert second.manifest == first.manifest  # the same files, byte for byte (SHA-256 of each)


def test_cp932_package_carries_the_report_of_unencodable_characters(
    fukuoka_approved, fukuoka, django_capture_on_commit_callbacks
) -> None:
    division, approver, desk = fukuoka["division"], fukuoka["approver"], fukuoka["desk"]
    contract = services.open_contract(fukuoka_approved, actor=desk, origin=ORIGIN)
    contract, _run = _conclude_and_produce(contract, fukuoka, django_capture_on_commit_callbacks)
    _inspect(contract, approver)
    _confirm_deletion(contract, division)
    package = services.build_package(
        contract, medium="dvd-r", password=PASSWORD, encoding="cp932", actor=desk, origin=ORIGIN
    )
    assert package.encoding == "cp932"
    volume = Path(package.folder) / next(iter(package.volumes))
    with pyzipper.AESZipFile(volume) as z:
        z.setpassword(PASSWORD.encode())
        names = z.namelist()
        data = z.read(next(n for n in names if n.endswith("data.csv")))
        report = z.read(next(n for n in names if n.endswith("CP932で表せない文字.txt"))).decode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    header = data.decode("cp932").splitlines()[0]
    assert "性別" in header or "年齢" in header or "," in header
    assert f"該当 {package.unencodable_count} 件" in report
