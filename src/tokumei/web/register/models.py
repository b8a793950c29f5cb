"""The register (個人情報ファイル簿, 法74条・75条) with the items 法110条 and 法117条 add, the record items with the
engine metadata that makes a proposal executable, the proposal-target determination (法60条3項) and the file's
anonymization policy — both versioned as append-only rows — and the anonymized datasets created from the file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tokumei.web.accounts.models import Department, Organization


class PersonalInformationFileQuerySet(models.QuerySet["PersonalInformationFile"]):
    def published(self) -> PersonalInformationFileQuerySet:
        return self.filter(published=True)

    def proposal_targets(self) -> PersonalInformationFileQuerySet:
        return self.filter(is_proposal_target=True)

    def search(self, text: str) -> PersonalInformationFileQuerySet:
        qs = self
        for word in text.split():
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(purpose__icontains=word)
                | Q(subjects_scope__icontains=word)
                | Q(record_items__name__icontains=word)
                | Q(division__name__icontains=word)
                | Q(organization__body_name__icontains=word)
            )
        return qs.distinct()


class PersonalInformationFile(models.Model):
    """A 個人情報ファイル and its register entry (個人情報ファイル簿, 法74条1項・75条1項, 令20条6項)."""

    class FileType(models.TextChoices):
        COMPUTER = "computer", "電算処理ファイル（法60条2項1号）"
        MANUAL = "manual", "マニュアル処理ファイル（法60条2項2号）"

    class SourceKind(models.TextChoices):
        NONE = "", "未設定"
        PATH = "path", "ファイル（CSV・Excel・Parquet）"
        SQL = "sql", "データベースの問合せ（SQL）"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="files")
    division = models.ForeignKey(
        Department, verbose_name="事務をつかさどる組織（主管課）", on_delete=models.PROTECT, related_name="files"
    )
    register_number = models.CharField("整理番号", max_length=40, blank=True)
    name = models.CharField("個人情報ファイルの名称", max_length=200)
    purpose = models.TextField("利用目的")
    subjects_scope = models.TextField("記録範囲")
    collection_method = models.TextField("記録情報の収集方法")
    contains_sensitive = models.BooleanField("要配慮個人情報が含まれるとき、その旨", default=False)
    contains_ordinance_sensitive = models.BooleanField("条例要配慮個人情報が含まれるとき、その旨", default=False)
    regular_recipients = models.TextField("記録情報の経常的提供先", blank=True)
    request_office = models.CharField("開示請求等を受理する組織の名称及び所在地", max_length=300, blank=True)
    special_procedures = models.TextField("訂正及び利用停止に関する他の法令の規定による特別の手続等", blank=True)
    file_type = models.CharField("個人情報ファイルの種別", max_length=16, choices=FileType.choices)
    has_related_manual_file = models.BooleanField("電算処理ファイルに係るマニュアル処理ファイルの有無", default=False)
    remarks = models.TextField("備考", blank=True)
    published = models.BooleanField("ファイル簿を公表する", default=True)
    # 法110条1号: mirrors the latest determination (kept in sync by services.determine_proposal_target).
    is_proposal_target = models.BooleanField(
        "行政機関等匿名加工情報の提案の募集をする個人情報ファイルである旨", default=False
    )

    # The data behind the file: configured by staff, never uploaded through the portal.
    source_kind = models.CharField("データの所在の種類", max_length=8, choices=SourceKind.choices, blank=True)
    source_path = models.CharField("データファイルの場所", max_length=500, blank=True)
    source_query = models.TextField("データベースの問合せ（SQL）", blank=True)
    source_database_url = models.CharField("データベースの接続先", max_length=500, blank=True)
    subject_count = models.PositiveIntegerField("本人の数", null=True, blank=True)
    subject_count_rows = models.PositiveIntegerField("レコード数", null=True, blank=True)
    subject_count_at = models.DateTimeField("本人の数の確認日時", null=True, blank=True)

    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = PersonalInformationFileQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "register_number", "name"]
        verbose_name = "個人情報ファイル"
        verbose_name_plural = "個人情報ファイル"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="file_name_unique_per_organization"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_determination(self) -> ProposalTargetDetermination | None:
        return self.determinations.order_by("-version").first()

    @property
    def current_policy(self) -> AnonymizationPolicy | None:
        return self.policies.order_by("-version").first()


class RecordItem(models.Model):
    """A 記録項目 with the engine metadata a proposal needs (source column, classification, offered levels)."""

    class Classification(models.TextChoices):
        DIRECT_IDENTIFIER = "direct_identifier", "特定の個人を識別できる記述（氏名・住所等）"
        IDENTIFICATION_CODE = "identification_code", "個人識別符号"
        LINKING_CODE = "linking_code", "連結符号（他の情報と連結する番号等）"
        QUASI_IDENTIFIER = "quasi_identifier", "準識別子（生年月日・性別・住所の一部等）"
        SENSITIVE = "sensitive", "機微な属性（病名・所得等）"
        OTHER = "other", "その他"

    file = models.ForeignKey(PersonalInformationFile, on_delete=models.CASCADE, related_name="record_items")
    position = models.PositiveSmallIntegerField("順番")
    name = models.CharField("記録項目", max_length=100)
    description = models.CharField("説明", max_length=300, blank=True)
    source_column = models.CharField("データの列名", max_length=200, blank=True)
    classification = models.CharField("分類", max_length=32, choices=Classification.choices, default="other")
    classification_confirmed = models.BooleanField("分類を職員が確認済み", default=False)
    generalizer = models.CharField("加工の種類", max_length=16, blank=True)
    offered_levels = models.JSONField("提供できる詳細度", default=list, blank=True)
    withheld = models.BooleanField("不開示情報を含むため提供しない（法60条3項）", default=False)
    withheld_reason = models.CharField("提供しない理由", max_length=300, blank=True)

    class Meta:
        ordering = ["file", "position"]
        constraints = [
            models.UniqueConstraint(fields=["file", "name"], name="record_item_name_unique"),
            models.UniqueConstraint(fields=["file", "position"], name="record_item_position_unique"),
        ]
        verbose_name = "記録項目"
        verbose_name_plural = "記録項目"

    def __str__(self) -> str:
        return self.name

    @property
    def is_offered(self) -> bool:
        """Whether a proposal may ask for this item at all (never identifiers, never withheld information)."""
        return (
            not self.withheld
            and bool(self.offered_levels)
            and self.classification
            not in {self.Classification.DIRECT_IDENTIFIER, self.Classification.IDENTIFICATION_CODE}
        )


class ProposalTargetDetermination(models.Model):
    """One version of the 法60条3項 determination: each condition answered with reasons, append-only."""

    file = models.ForeignKey(PersonalInformationFile, on_delete=models.PROTECT, related_name="determinations")
    version = models.PositiveIntegerField("版")
    register_published = models.BooleanField("1号: 個人情報ファイル簿が公表されている")
    register_published_reason = models.TextField("1号の理由", blank=True)
    disclosable = models.BooleanField("2号: 開示請求があれば全部又は一部を開示する（又は意見書提出の機会を与える）")
    disclosable_reason = models.TextField("2号の理由", blank=True)
    no_hindrance = models.BooleanField("3号: 行政の適正かつ円滑な運営に支障のない範囲で作成できる")
    no_hindrance_reason = models.TextField("3号の理由", blank=True)
    selected = models.BooleanField("提案の募集をする個人情報ファイルとする")
    reasons = models.TextField("判断の理由（選定する理由又はしない理由）")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("判断日時")

    class Meta:
        ordering = ["file", "-version"]
        constraints = [models.UniqueConstraint(fields=["file", "version"], name="determination_version_unique")]
        verbose_name = "提案募集対象の判断"
        verbose_name_plural = "提案募集対象の判断"

    def __str__(self) -> str:
        return f"{self.file} 第{self.version}版 ({'選定' if self.selected else '非選定'})"


class AnonymizationPolicy(models.Model):
    """One version of the file's anonymization policy, set by the owning division (the PPC sets no number)."""

    file = models.ForeignKey(PersonalInformationFile, on_delete=models.PROTECT, related_name="policies")
    version = models.PositiveIntegerField("版")
    k = models.PositiveIntegerField("k（同じ組合せの最少人数）", default=5)
    l_diversity = models.PositiveIntegerField("l（機微な属性の最少種類数）", null=True, blank=True)
    sensitive_columns = models.JSONField("機微な属性の列", default=list, blank=True)
    max_suppression = models.DecimalField("レコード削除の上限（割合）", max_digits=5, decimal_places=4, default=0)
    rare_threshold = models.PositiveIntegerField("特異な記述とみなす出現数の上限", null=True, blank=True)
    person_key = models.CharField("本人を表す列（空欄: 1レコード1人）", max_length=200, blank=True)
    note = models.TextField("方針の説明", blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField("設定日時")

    class Meta:
        ordering = ["file", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["file", "version"], name="policy_version_unique"),
            models.CheckConstraint(condition=Q(k__gte=2), name="policy_k_at_least_2"),
            models.CheckConstraint(
                condition=Q(max_suppression__gte=0) & Q(max_suppression__lte=1), name="policy_suppression_fraction"
            ),
        ]
        verbose_name = "匿名加工の方針"
        verbose_name_plural = "匿名加工の方針"

    def __str__(self) -> str:
        return f"{self.file} 方針 第{self.version}版"


class AnonymizedDataset(models.Model):
    """A created 行政機関等匿名加工情報 as the register shows it (法117条, 規則63条); filled by production."""

    file = models.ForeignKey(PersonalInformationFile, on_delete=models.PROTECT, related_name="datasets")
    title = models.CharField("名称", max_length=200)
    subject_count = models.PositiveIntegerField("本人の数")
    information_items = models.JSONField("情報の項目", default=list)
    proposal_office = models.CharField("提案を受ける組織の名称及び所在地", max_length=300)
    proposal_period_first_day = models.DateField("提案をすることができる期間（初日）")
    proposal_period_last_day = models.DateField("提案をすることができる期間（末日）")
    created_on = models.DateField("作成日")

    class Meta:
        ordering = ["file", "-created_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal_period_last_day__gte=models.F("proposal_period_first_day")),
                name="dataset_period_ordered",
            ),
        ]
        verbose_name = "行政機関等匿名加工情報"
        verbose_name_plural = "行政機関等匿名加工情報"

    def __str__(self) -> str:
        return self.title
