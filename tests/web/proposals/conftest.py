"""Fixtures for proposals: a Kumamoto file with a policy and a generated data file, an open solicitation for it,
a filled draft by the proposer persona, and helpers for uploads."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from tokumei.engine.synthetic import generate, write
from tokumei.law.intake import ProposalKind
from tokumei.web.proposals import services
from tokumei.web.register import services as register_services
from tokumei.web.solicitations import services as solicitation_services

from ..conftest import ORIGIN
from ..register.conftest import make_file

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def open_solicitation(org, desk, files, *, today: date | None = None):
    today = today or timezone.localdate()
    s, _ = solicitation_services.save_draft(
        org,
        solicitation_services.SolicitationInput(
            "提案の募集（テスト）",
            today - timedelta(days=3),
            today + timedelta(days=40),
            None,
            today - timedelta(days=10),
            "",
            org.profile.submission.in_person,
            org.profile.submission.by_mail,
            org.profile.submission.online,
            org.profile.submission.copies,
            "",
            [f.pk for f in files],
        ),
        actor=desk,
        origin=ORIGIN,
    )
    solicitation_services.publish(s, actor=desk, origin=ORIGIN)
    s.refresh_from_db()
    return s


def file_with_policy(user, name="特定健康診査受診者ファイル", *, data_path: Path | None = None, subjects=60_000):
    f = make_file(user.organization, user.department, user, name=name, source_path=str(data_path or ""))
    register_services.set_policy(
        f,
        register_services.PolicyInput(
            k=5,
            l_diversity=None,
            sensitive_columns=[],
            max_suppression=Decimal("0.05"),
            rare_threshold=None,
            person_key="管理番号",
        ),
        actor=user,
        origin=ORIGIN,
    )
    f.subject_count = subjects
    f.save(update_fields=["subject_count"])
    return f


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "kenshin.csv"
    write(generate(3000, seed=7, records_per_person=1.2), path)
    return path


@pytest.fixture
def kumamoto_target(personas, data_file):
    f = file_with_policy(personas["kumamoto_division"], data_path=data_file)
    s = open_solicitation(f.organization, personas["kumamoto_desk"], [f])
    return s, f


@pytest.fixture
def nara_target(personas, data_file):
    f = file_with_policy(personas["nara_division"], name="交通事故当事者ファイル", data_path=data_file)
    s = open_solicitation(f.organization, personas["nara_desk"], [f])
    return s, f


def complete_input(**overrides) -> services.ProposalInput:
    data = services.ProposalInput(
        proposer_kind="corporation",
        proposer_name="株式会社デモ分析",
        proposer_address="東京都千代田区霞が関1-1-1",
        proposer_representative="代表取締役 山田太郎",
        phone="03-0000-0000",
        email="info@example.invalid",
        department="調査部",
        person_in_charge="佐藤花子",
        subject_scope="sample",
        sample_size=1000,
        processing={"住所": "prefecture", "生年月日": "band10"},
        purpose="生活習慣病の地域差の研究のため。",
        method="統計的な集計のみを行う。",
        business="健康増進サービスの開発。",
        use_from=date(2027, 4, 1),
        use_to=date(2028, 3, 31),
        handlers=[{"name": "佐藤花子", "post": "調査部", "title": "主任"}],
        place_of_use="本社調査部の施錠された分析室",
        environment="インターネットから切り離した専用端末",
        storage_management="暗号化した外部媒体を金庫で保管し、利用後に消去する。",
        delivery_medium="dvd_r",
        delivery_method="desk",
    )
    for k, v in overrides.items():
        setattr(data, k, v)
    return data


def attach_all(p, user, *, certificate_issued: date | None = None):
    """Pledge, business document and a fresh corporation certificate matching the proposal."""
    services.add_attachments(p, [("pledge.pdf", PDF)], services.AttachmentInput("pledge"), actor=user, origin=ORIGIN)
    services.add_attachments(
        p, [("plan.pdf", PDF + b"plan")], services.AttachmentInput("business_contribution"), actor=user, origin=ORIGIN
    )
    services.add_attachments(
        p,
        [("touki.png", PNG)],
        services.AttachmentInput(
            "identity",
            holder="proposer",
            document_type="registry_certificate",
            issued_on=certificate_issued or timezone.localdate() - timedelta(days=10),
            name_on_document=p.proposer_name,
            address_on_document=p.proposer_address,
        ),
        actor=user,
        origin=ORIGIN,
    )


@pytest.fixture
def draft(personas, kumamoto_target):
    s, f = kumamoto_target
    user = personas["proposer"]
    p = services.start_draft(owner=user, kind=ProposalKind.NEW, solicitation=s, file=f, origin=ORIGIN)
    return services.save_draft(p, complete_input(), actor=user, origin=ORIGIN)
