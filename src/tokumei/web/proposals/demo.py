"""Demo proposals: an open Kumamoto City solicitation for this fiscal year (the seed's own 2025 one is closed by
now) so the portal journey can be walked, a draft by the demo proposer, a Fukuoka paper proposal awaiting
correction, a Nara proposal accepted and passed to the owning division, and a consultation record of a phone
"proposal". All names are invented for the demo."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tokumei.law.intake import ProposalKind
from tokumei.law.transitions import SolicitationState
from tokumei.web.accounts.models import Department, Organization, User
from tokumei.web.core.audit import Origin
from tokumei.web.solicitations import services as solicitation_services
from tokumei.web.solicitations.models import Solicitation

from . import services
from .models import Proposal

DEMO_COMPANY = "株式会社デモ分析"
DEMO_ADDRESS = "東京都千代田区霞が関1-1-1"


def _desk(org: Organization) -> User | None:
    return User.objects.filter(organization=org, department__kind=Department.Kind.RECEPTION_DESK).first()


def _open_solicitation(org: Organization, today: date, origin: Origin) -> Solicitation | None:
    open_now = Solicitation.objects.filter(
        organization=org, state=SolicitationState.PUBLISHED, first_day__lte=today, last_day__gte=today
    ).first()
    if open_now is not None:
        return open_now
    desk = _desk(org)
    files = list(org.files.filter(is_proposal_target=True))
    if desk is None or not files:
        return None
    first = today - timedelta(days=2)
    s, _ = solicitation_services.save_draft(
        org,
        solicitation_services.SolicitationInput(
            "行政機関等匿名加工情報に関する提案の募集（デモ）",
            first,
            first + timedelta(days=35),
            None,
            first,
            "",
            org.profile.submission.in_person,
            org.profile.submission.by_mail,
            False,
            org.profile.submission.copies,
            "デモ用の募集です。",
            [files[0].pk],
        ),
        actor=desk,
        origin=origin,
    )
    solicitation_services.publish(s, actor=desk, origin=origin)
    s.refresh_from_db()
    return s


def _input(name: str, address: str, today: date, **kw: object) -> services.ProposalInput:
    data = services.ProposalInput(
        proposer_kind="corporation",
        proposer_name=name,
        proposer_address=address,
        proposer_representative="代表取締役 デモ太郎",
        phone="03-0000-0000",
        email="proposal@example.invalid",
        department="調査部",
        person_in_charge="デモ花子",
        subject_scope="sample",
        sample_size=2000,
        processing={"住所": "prefecture", "生年月日": "band10", "性別": "value"},
        purpose="地域別・年代別の傾向の分析（デモ）。",
        method="統計的な集計のみを行い、個人を識別しようとしない。",
        business="健康増進サービスの開発（デモ）。",
        use_from=today + timedelta(days=120),
        use_to=today + timedelta(days=480),
        handlers=[{"name": "デモ花子", "post": "調査部", "title": "主任研究員"}],
        place_of_use="本社調査部の施錠された分析室",
        environment="インターネットから切り離した専用端末",
        storage_management="暗号化した媒体を金庫で保管し、利用後に消去する。",
        delivery_medium="dvd_r",
        delivery_method="desk",
        proposal_date=today,
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return data


def _paper_attachments(p: Proposal, actor: User, origin: Origin, today: date, *, pledge: bool = True) -> None:
    kinds = ["business_contribution"] + (["pledge"] if pledge else [])
    for kind in kinds:
        services.add_attachments(p, [], services.AttachmentInput(kind), actor=actor, origin=origin, on_paper=True)
    services.add_attachments(
        p,
        [],
        services.AttachmentInput(
            "identity",
            holder="proposer",
            document_type="registry_certificate",
            issued_on=today - timedelta(days=20),
            name_on_document=p.proposer_name,
            address_on_document=p.proposer_address,
        ),
        actor=actor,
        origin=origin,
        on_paper=True,
    )


def load_proposal_demo(origin: Origin) -> int:
    today = timezone.localdate()
    if Proposal.objects.exists():
        return 0
    created = 0
    proposer = User.objects.filter(username="proposer-demo").first()
    kumamoto = Organization.objects.get(profile_id="kumamoto-city")
    s = _open_solicitation(kumamoto, today, origin)
    if s is not None and proposer is not None:
        f = s.targets.first().file  # type: ignore[union-attr]
        p = services.start_draft(owner=proposer, kind=ProposalKind.NEW, solicitation=s, file=f, origin=origin)
        services.save_draft(
            p, _input(DEMO_COMPANY, DEMO_ADDRESS, today, proposal_date=None), actor=proposer, origin=origin
        )
        created += 1
    for profile_id, state in (("fukuoka-police", "correction"), ("nara-police", "accepted")):
        org = Organization.objects.get(profile_id=profile_id)
        desk = _desk(org)
        solicitation = _open_solicitation(org, today, origin)
        if desk is None or solicitation is None:
            continue
        f = solicitation.targets.first().file  # type: ignore[union-attr]
        p = services.enter_paper_proposal(
            org,
            _input("合同会社デモ交通研究所", "福岡県福岡市中央区天神1-1-1", today, processing={"住所": "prefecture"}),
            kind=ProposalKind.NEW,
            solicitation=solicitation,
            file=f,
            dataset=None,
            channel="mail",
            arrived_on=today - timedelta(days=1),
            arrived_at=None,
            official_form=True,
            actor=desk,
            origin=origin,
        )
        if state == "correction":
            _paper_attachments(p, desk, origin, today, pledge=False)
            services.request_correction(
                p,
                [services.CorrectionItem("誓約書（別記様式第八）", "添付されていません（法112条3項1号）。")],
                deadline=today + timedelta(days=14),
                channel="mail",
                actor=desk,
                origin=origin,
            )
            services.record_consultation(
                org,
                services.ConsultationInput(
                    occurred_on=today - timedelta(days=7),
                    channel="phone",
                    counterpart="合同会社デモ交通研究所 担当者",
                    question="電話で提案をしたいとの申出。",
                    answer="提案は書面（別記様式第七）によること、郵送は募集期間の末日必着であることを教示した。",
                    oral_proposal=True,
                ),
                actor=desk,
                origin=origin,
            )
        else:
            _paper_attachments(p, desk, origin, today)
            services.accept(p, actor=desk, origin=origin)
        created += 1
    return created
