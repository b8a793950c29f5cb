"""Reads of proposals: the law's view of a proposal (facts, pre-check, the six intake checks), lists, targets."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from tokumei.law.calendar import format_wareki
from tokumei.law.contracts import ContractState
from tokumei.law.intake import (
    AttachmentFacts,
    AttachmentKind,
    ChangedContractFacts,
    DeliveryMedium,
    DeliveryMethod,
    DuplicateCandidate,
    Finding,
    Handler,
    Holder,
    IdentityDocumentFacts,
    IdentityDocumentType,
    IntakeProblem,
    Party,
    ProcessingChoice,
    ProposalFacts,
    ProposalKind,
    ProposerKind,
    SubjectScope,
    TargetFacts,
    find_duplicates,
    intake_findings,
    normalize_contract_number,
    precheck,
)
from tokumei.law.proposal_forms import ProposalPrintFacts
from tokumei.law.solicitation import SolicitationPeriod
from tokumei.law.transitions import ProposalState, SolicitationState
from tokumei.web.accounts.models import Organization, User
from tokumei.web.contracts.models import Contract
from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile
from tokumei.web.solicitations.models import Solicitation, SolicitationTarget

from .models import Attachment, ConsultationRecord, Proposal
from .recipes import choice_lines


def _party(kind: str, name: str, address: str, representative: str) -> Party:
    return Party(ProposerKind(kind or ProposerKind.INDIVIDUAL), name, address, representative)


def proposer_party(p: Proposal) -> Party:
    return _party(p.proposer_kind, p.proposer_name, p.proposer_address, p.proposer_representative)


def joint_parties(p: Proposal) -> tuple[Party, ...]:
    return tuple(
        _party(j.get("kind", "individual"), j.get("name", ""), j.get("address", ""), j.get("representative", ""))
        for j in p.joint_proposers
    )


def proxy_party(p: Proposal) -> Party | None:
    if not p.has_proxy:
        return None
    return _party(p.proxy_kind, p.proxy_name, p.proxy_address, p.proxy_representative)


def find_contract(organization: Organization, number: str) -> Contract | None:
    """The organization's concluded contract with this number (契約番号), compared as typed (全角/半角, spaces);
    another organization's contracts are never found."""
    wanted = normalize_contract_number(number)
    if not wanted:
        return None
    numbered = Contract.objects.filter(organization=organization).exclude(number="")
    exact = numbered.filter(number=wanted).first()
    if exact is not None:
        return exact
    return next((c for c in numbered if normalize_contract_number(c.number) == wanted), None)


def contract_dataset_id(contract: Contract) -> int | None:
    """The created dataset a contract is on: the one it reused or changed (法118条), else its own creation."""
    if contract.source_dataset_id:
        return contract.source_dataset_id
    return contract.run.dataset_id if contract.run_id and contract.run else None


def changed_contract_facts(contract: Contract, dataset_id: int | None) -> ChangedContractFacts:
    """The law's view of the contract a change proposal names (法118条1項後段), against the proposal's dataset."""
    party = contract.review.proposal
    own = contract_dataset_id(contract)
    dataset = AnonymizedDataset.objects.filter(pk=own).first() if own else None
    state = ContractState(contract.state)
    return ChangedContractFacts(
        number=contract.number,
        concluded_on=contract.concluded_on,
        in_force=state.in_force,
        state_label=state.label,
        party=proposer_party(party),
        party_corporate_number=party.corporate_number,
        same_dataset=own is not None and own == dataset_id,
        dataset_label=dataset.title if dataset else "",
    )


def live_attachments(p: Proposal) -> QuerySet[Attachment]:
    return p.attachments.filter(removed_at__isnull=True)


def target_facts(p: Proposal) -> TargetFacts:
    """The target as the register and the solicitation show it now (法110条, 法111条, 法117条3号)."""
    if p.kind == ProposalKind.NEW:
        f = p.file
        if f is None:
            return TargetFacts(False, None, None, "（未選択）")
        s = p.solicitation
        in_solicitation = (
            s is not None
            and s.state in (SolicitationState.PUBLISHED, SolicitationState.CLOSED)
            and s.targets.filter(file=f).exists()
        )
        period = s.period if s is not None and in_solicitation else None
        return TargetFacts(f.is_proposal_target and f.published and in_solicitation, period, f.subject_count, f.name)
    d = p.dataset
    if d is None:
        return TargetFacts(False, None, None, "（未選択）")
    period = SolicitationPeriod(d.proposal_period_first_day, d.proposal_period_last_day, None)
    return TargetFacts(True, period, d.subject_count, d.title)


def proposal_facts(p: Proposal, today: date) -> ProposalFacts:
    """The law's view of a proposal; the proposal date is the one written on it, else today."""
    choices: tuple[ProcessingChoice, ...] = ()
    if p.file is not None:
        choices = tuple(
            ProcessingChoice(i.name, p.processing.get(i.name), tuple(i.offered_levels) if i.is_offered else ())
            for i in p.file.record_items.all()
            if i.is_offered or p.processing.get(i.name)
        )
    attachments = list(live_attachments(p))
    changed = None
    if p.kind == ProposalKind.CHANGE and p.changed_contract_id and p.changed_contract is not None:
        changed = changed_contract_facts(p.changed_contract, p.dataset_id)
    return ProposalFacts(
        kind=ProposalKind(p.kind),
        proposal_date=p.proposal_date or today,
        proposer=proposer_party(p),
        phone=p.phone,
        email=p.email,
        department=p.department,
        person_in_charge=p.person_in_charge,
        corporate_number=p.corporate_number,
        joint=joint_parties(p),
        proxy=proxy_party(p),
        subject_scope=SubjectScope(p.subject_scope) if p.subject_scope else None,
        sample_size=p.sample_size,
        processing=choices,
        dataset_label=p.dataset.title if p.dataset else "",
        # a change proposal names a real contract (法118条1項後段): free text without the link counts as missing
        contract_reference=p.contract_reference if changed is not None else "",
        changed_contract=changed,
        purpose=p.purpose,
        method=p.method,
        business=p.business,
        use_from=p.use_from,
        use_to=p.use_to,
        handlers=tuple(Handler(h.get("name", ""), h.get("post", ""), h.get("title", "")) for h in p.handlers),
        place_of_use=p.place_of_use,
        environment=p.environment,
        storage_management=p.storage_management,
        delivery_medium=DeliveryMedium(p.delivery_medium) if p.delivery_medium else None,
        delivery_method=DeliveryMethod(p.delivery_method) if p.delivery_method else None,
        attachments=tuple(
            AttachmentFacts(AttachmentKind(a.kind), Holder.parse(a.holder) if a.holder else None) for a in attachments
        ),
        identity_documents=tuple(
            IdentityDocumentFacts(
                holder=Holder.parse(a.holder or "proposer"),
                document_type=IdentityDocumentType(a.document_type),
                issued_on=a.issued_on,
                valid_until=a.valid_until,
                name_on_document=a.name_on_document,
                address_on_document=a.address_on_document,
                front_side_only=a.front_side_only,
                alternative_reason=a.alternative_reason,
                label=a.original_name,
            )
            for a in attachments
            if a.kind == AttachmentKind.IDENTITY and a.document_type
        ),
        other_documents_requested=p.other_documents_requested,
        official_form=p.official_form,
        target=target_facts(p),
    )


def precheck_problems(p: Proposal, today: date) -> tuple[IntakeProblem, ...]:
    return precheck(proposal_facts(p, today), today=today)


def _target_key(p: Proposal) -> str:
    return f"file:{p.file_id}:{p.solicitation_id}" if p.kind == ProposalKind.NEW else f"dataset:{p.dataset_id}"


def duplicates_of(p: Proposal) -> tuple[str, ...]:
    """Other live cases of the same organization by the same proposer on the same target and of the same kind."""
    others = Proposal.objects.filter(organization=p.organization).cases().live().exclude(pk=p.pk)
    candidates = [
        DuplicateCandidate(o.reference, ProposalKind(o.kind), o.proposer_name, _target_key(o)) for o in others
    ]
    me = DuplicateCandidate(p.reference, ProposalKind(p.kind), p.proposer_name, _target_key(p))
    return find_duplicates(me, candidates)


def findings(p: Proposal, today: date) -> tuple[Finding, ...]:
    """The six intake checks of Fukuoka 第6-1 on the proposal as it arrived."""
    return intake_findings(
        proposal_facts(p, today),
        received_on=p.arrived_on or today,
        received_at=p.arrived_at if p.channel == "in_person" else None,
        duplicates=duplicates_of(p),
    )


def _wareki(day: date | None) -> str:
    """A date on the printed form in 和暦, as the form's other dates (a blank to fill in when not given)."""
    return format_wareki(day) if day is not None else "　　　　年　　月　　日"


def print_facts(p: Proposal, today: date) -> ProposalPrintFacts:
    facts = proposal_facts(p, today)
    target = target_facts(p)
    if p.subject_scope == "sample":
        subjects = f"無作為に抽出した {p.sample_size or 0:,} 人"
    elif p.subject_scope == "all":
        subjects = "個人情報ファイルの本人の全員" + (
            f"（{target.file_subject_count:,} 人）" if target.file_subject_count else ""
        )
    else:
        subjects = ""
    attachments = sorted({a.get_kind_display() for a in live_attachments(p)})
    return ProposalPrintFacts(
        reference=p.reference,
        kind=ProposalKind(p.kind),
        proposal_date=p.proposal_date,
        proposer=facts.proposer,
        phone=p.phone,
        email=p.email,
        department=p.department,
        person_in_charge=p.person_in_charge,
        joint=facts.joint,
        proxy=facts.proxy,
        target_name=p.target_label,
        subject_count_text=subjects,
        processing_lines=choice_lines(p.file, p.processing) if p.file else (),
        contract_reference=p.contract_reference,
        purpose=p.purpose,
        method=p.method,
        business=p.business,
        use_period_text=f"{_wareki(p.use_from)}から{_wareki(p.use_to)}まで",
        handlers=facts.handlers,
        place_of_use=p.place_of_use,
        environment=p.environment,
        storage_management=p.storage_management,
        delivery_text=" ／ ".join(
            x
            for x in (
                f"媒体: {DeliveryMedium(p.delivery_medium).label}" if p.delivery_medium else "",
                f"方法: {DeliveryMethod(p.delivery_method).label}" if p.delivery_method else "",
            )
            if x
        ),
        attachments=tuple(attachments),
        period=target.period,
    )


# ------------------------------------------------------------------------------------------------------------


def proposer_proposals(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(owner=user).select_related("organization", "file", "dataset")


def staff_cases(organization: Organization) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(organization=organization)
        .cases()
        .select_related("file", "dataset", "solicitation")
        .order_by("-arrived_on", "-created_at")
    )


def find_by_reference(organization: Organization, reference: str) -> Proposal | None:
    return Proposal.objects.filter(organization=organization, reference=reference.strip().upper()).first()


def open_targets(
    today: date, organization: Organization | None = None
) -> list[tuple[Solicitation, PersonalInformationFile]]:
    """(solicitation, file) pairs open for new proposals today (法111条), optionally of one organization only."""
    solicitations = Solicitation.objects.filter(
        state=SolicitationState.PUBLISHED, first_day__lte=today, last_day__gte=today
    )
    if organization is not None:
        solicitations = solicitations.filter(organization=organization)
    return [
        (s, t.file)
        for s in _with_targets(solicitations)
        for t in s.targets.all()
        if t.file.is_proposal_target and t.file.published
    ]


def closed_targets(organization: Organization) -> list[tuple[Solicitation, PersonalInformationFile]]:
    """(solicitation, file) pairs of the organization's closed solicitations: mail posted in time may still arrive."""
    solicitations = Solicitation.objects.filter(organization=organization, state=SolicitationState.CLOSED)
    return [(s, t.file) for s in _with_targets(solicitations) for t in s.targets.all()]


def _with_targets(solicitations: QuerySet[Solicitation]) -> QuerySet[Solicitation]:
    """The solicitations with their organization and targets' files in three queries, not one per solicitation."""
    targets = SolicitationTarget.objects.select_related("file").order_by("file__name")
    return solicitations.select_related("organization").prefetch_related(Prefetch("targets", queryset=targets))


def open_datasets(today: date) -> QuerySet[AnonymizedDataset]:
    """Created datasets whose register period for 法118条 proposals includes today (法117条3号)."""
    return AnonymizedDataset.objects.filter(
        file__published=True, proposal_period_first_day__lte=today, proposal_period_last_day__gte=today
    ).select_related("file__organization")


def paper_datasets(organization: Organization) -> QuerySet[AnonymizedDataset]:
    """The organization's created datasets a 法118条 proposal may name (in the register, 法117条), for the desk's
    paper entry; a letter posted within the proposal period may arrive after it, so ended periods are listed too."""
    return AnonymizedDataset.objects.filter(file__organization=organization).select_related("file").order_by("title")


def consultations(organization: Organization) -> QuerySet[ConsultationRecord]:
    return ConsultationRecord.objects.filter(organization=organization).select_related("proposal", "proposer")


def editable_by_proposer(p: Proposal) -> bool:
    return ProposalState(p.state) in (ProposalState.DRAFT, ProposalState.CORRECTION_REQUESTED)
