"""Review of an accepted proposal (法114条): one panel per applicable criterion, explanation requests, the fee
estimate (法119条), the sign-off (決裁) and the decision notices as rendered and kept. Rules live in
:mod:`tokumei.law.review`, :mod:`tokumei.law.fees` and :mod:`tokumei.law.decision_notices`; writes go through
:mod:`.services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tokumei.law.intake import ProposerKind
from tokumei.law.review import CreationMode, Criterion, Finding, Outcome
from tokumei.law.transitions import ReviewState
from tokumei.web.accounts.models import Organization
from tokumei.web.proposals.models import Proposal


class Review(models.Model):
    """The owning division's review of one proposal, up to the decision notice."""

    State = models.TextChoices("State", [(s.name, (s.value, s.label)) for s in ReviewState])  # type: ignore[misc]

    class AssessmentState(models.TextChoices):
        NOT_RUN = "not_run", "未実行"
        QUEUED = "queued", "待機中"
        RUNNING = "running", "実行中"
        PASSED = "passed", "規則62条の基準を満たす"
        FAILED = "failed", "規則62条の基準を満たさない"
        ERROR = "error", "実行できなかった"

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="review")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField("状態", max_length=24, choices=State.choices, default=ReviewState.IN_REVIEW)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("審査の開始", auto_now_add=True)

    # 事前協議 (Nara 要綱第2-5)
    prior_consultation_on = models.DateField("事前協議の日", null=True, blank=True)
    prior_consultation_note = models.TextField("事前協議の内容", blank=True)

    # ③ the assessment job
    assessment_state = models.CharField(
        "加工の方法の評価", max_length=10, choices=AssessmentState.choices, default=AssessmentState.NOT_RUN
    )
    assessment_progress = models.CharField("評価の進捗", max_length=200, blank=True)
    assessment_step = models.PositiveSmallIntegerField("評価の進捗（段階）", default=0)
    assessment_report = models.JSONField("規則62条の報告", default=dict, blank=True)
    assessment_suggestion = models.JSONField("基準を満たす最小の加工（search）", default=dict, blank=True)
    assessment_error = models.TextField("評価のエラー", blank=True)
    assessment_finished_at = models.DateTimeField("評価の終了", null=True, blank=True)

    # ⑦ and the fee estimate (法119条, 令31条)
    creation_mode = models.CharField(
        "作成の方法", max_length=12, choices=[(m.value, m.label) for m in CreationMode], blank=True
    )
    processor_available = models.BooleanField("受託できる事業者がいる", null=True, blank=True)
    processor_name = models.CharField("委託先", max_length=200, blank=True)
    processor_quote_yen = models.PositiveIntegerField("委託料の見積額（円）", null=True, blank=True)
    estimate_hours = models.JSONField("工数の見積り（作業 → 時間）", default=dict, blank=True)
    original_fee_yen = models.PositiveIntegerField("当初の契約の手数料（円）", null=True, blank=True)
    fee_yen = models.PositiveIntegerField("手数料の額（円）", null=True, blank=True)
    fee_breakdown = models.JSONField("手数料の内訳", default=dict, blank=True)
    fee_fixed_at = models.DateTimeField("手数料の額の確定（通知）", null=True, blank=True)

    # 決裁
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField("起案日時", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("決裁日時", null=True, blank=True)
    outcome = models.CharField("審査の結果", max_length=10, choices=[(o.value, o.label) for o in Outcome], blank=True)
    failed = models.JSONField("不適合の基準と理由", default=list, blank=True)

    # the notice
    notice_number = models.CharField("文書番号", max_length=60, blank=True)
    notice_date = models.DateField("通知日", null=True, blank=True)
    payment_deadline = models.DateField("納付期限", null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notified_at = models.DateTimeField("通知日時", null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "審査"
        verbose_name_plural = "審査"
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("prepared_by")),
                name="review_approver_differs_from_preparer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} の審査"

    @property
    def state_enum(self) -> ReviewState:
        return ReviewState(self.state)

    @property
    def notified(self) -> bool:
        return self.state in (ReviewState.APPROVAL_NOTIFIED, ReviewState.REJECTION_NOTIFIED)

    @property
    def percent(self) -> int:
        return min(100, self.assessment_step * 10)


class Panel(models.Model):
    """One criterion's panel: the finding, the reasoning, and the evidence the system computed (never typed in)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panels")
    criterion = models.CharField("審査基準", max_length=2, choices=[(c.value, c.mark) for c in Criterion])
    finding = models.CharField("判断", max_length=20, choices=[(f.value, f.label) for f in Finding], blank=True)
    reasoning = models.TextField("判断の理由", blank=True)
    evidence = models.JSONField("システムの確認結果", default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新日時", null=True, blank=True)

    class Meta:
        ordering = ["review", "criterion"]
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="review_panel_unique")]
        verbose_name = "審査欄"
        verbose_name_plural = "審査欄"

    def __str__(self) -> str:
        return f"{self.review} {Criterion(self.criterion).mark}"

    @property
    def criterion_enum(self) -> Criterion:
        return Criterion(self.criterion)


class ExplanationRequest(models.Model):
    """説明又は訂正の求め during review (規則54条7項; Fukuoka 第7-1(3)), with a deadline; answered on paper or
    online."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="explanations")
    criterion = models.CharField("審査基準", max_length=2, choices=[(c.value, c.mark) for c in Criterion], blank=True)
    request_text = models.TextField("求める説明・訂正の内容")
    deadline = models.DateField("期限")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("求めた日時", auto_now_add=True)
    answer = models.TextField("回答の内容", blank=True)
    answered_at = models.DateTimeField("回答を受けた日時", null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["review", "-requested_at"]
        verbose_name = "説明・訂正の求め"
        verbose_name_plural = "説明・訂正の求め"

    def __str__(self) -> str:
        return f"{self.review} 説明の求め（期限 {self.deadline}）"


class DecisionDocument(models.Model):
    """A document sent with the decision, rendered once when notified and kept as sent (the desk's copy)."""

    class Kind(models.TextChoices):
        APPROVAL_NOTICE = "approval_notice", "審査結果通知書（適合）"
        APPLICATION = "application", "契約の締結の申込書"
        CONTRACT_COPY = "contract_copy", "利用契約書（未押印）"
        REJECTION_NOTICE = "rejection_notice", "審査結果通知書（不適合）"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField("順序", default=0)
    title = models.CharField("表題", max_length=200)
    # sealed at rest with TOKUMEI_DATA_KEY (tokumei.web.core.vault): the notices carry the proposer's name and
    # address; read them with pdf_content() / docx_content()
    docx = models.BinaryField("DOCX")
    pdf = models.BinaryField("PDF")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "position"]
        verbose_name = "審査結果の通知文書"
        verbose_name_plural = "審査結果の通知文書"

    def __str__(self) -> str:
        return self.title

    def pdf_content(self) -> bytes:
        from tokumei.web.core.vault import unseal

        return unseal(self.pdf)

    def docx_content(self) -> bytes:
        from tokumei.web.core.vault import unseal

        return unseal(self.docx)


class FeeCorrection(models.Model):
    """A formal-error correction of a notified fee (Nara 要綱第2-7 ただし書, Fukuoka 第7-2(2) ただし書)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="fee_corrections")
    notified_yen = models.PositiveIntegerField("通知した額")
    corrected_yen = models.PositiveIntegerField("訂正後の額")
    reason = models.TextField("理由")
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "corrected_at"]

    def __str__(self) -> str:
        return f"{self.review} 手数料の訂正"


class ContractTermination(models.Model):
    """A use contract terminated under 法120条, as recorded by an organization; ① checks these across the whole
    installation (法113条5号・6号)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contract_terminations")
    party_kind = models.CharField("相手方の区分", max_length=16, choices=[(k.value, k.label) for k in ProposerKind])
    name = models.CharField("氏名又は名称", max_length=200)
    corporate_number = models.CharField("法人番号", max_length=20, blank=True)
    birth_date = models.DateField("生年月日", null=True, blank=True)
    termination_date = models.DateField("解除の日")
    contract_reference = models.CharField("契約", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-termination_date"]
        verbose_name = "契約の解除（法120条）"
        verbose_name_plural = "契約の解除（法120条）"

    def __str__(self) -> str:
        return f"{self.name} {self.termination_date}"
