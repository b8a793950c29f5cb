"""Forms of the register pages. Labels are the register's statutory wording."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from tokumei.web.accounts.models import Department

from .levels import GENERALIZER_LABELS
from .models import PersonalInformationFile, RecordItem
from .services import FILE_FIELDS


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label="キーワード", required=False, max_length=100)
    organization = forms.ChoiceField(label="機関", required=False)
    targets_only = forms.BooleanField(label="提案募集の対象のファイルのみ", required=False)
    with_datasets = forms.BooleanField(label="作成された匿名加工情報があるファイルのみ", required=False)

    def __init__(self, *args: object, organizations: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organization"].choices = [("", "すべての機関"), *organizations]  # type: ignore[attr-defined]


class FileForm(forms.ModelForm):
    class Meta:
        model = PersonalInformationFile
        fields = ["division", *[f for f in FILE_FIELDS]]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "subjects_scope": forms.Textarea(attrs={"rows": 2}),
            "collection_method": forms.Textarea(attrs={"rows": 2}),
            "regular_recipients": forms.Textarea(attrs={"rows": 2}),
            "special_procedures": forms.Textarea(attrs={"rows": 2}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
            "source_query": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, divisions: list[Department], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["division"].queryset = Department.objects.filter(pk__in=[d.pk for d in divisions])  # type: ignore[attr-defined]
        self.fields["division"].empty_label = None  # type: ignore[attr-defined]


class RecordItemForm(forms.Form):
    name = forms.CharField(label="記録項目", max_length=100, required=False)
    description = forms.CharField(label="説明", max_length=300, required=False)
    source_column = forms.CharField(label="データの列名", max_length=200, required=False)
    classification = forms.ChoiceField(label="分類", choices=RecordItem.Classification.choices)
    classification_confirmed = forms.BooleanField(label="分類を確認済み", required=False)
    generalizer = forms.ChoiceField(
        label="加工の種類", choices=[("", "（なし）"), *GENERALIZER_LABELS.items()], required=False
    )
    offered_levels = forms.CharField(
        label="提供できる詳細度（カンマ区切り）", required=False, help_text="例: prefecture,municipality"
    )
    withheld = forms.BooleanField(label="不開示情報のため提供しない", required=False)
    withheld_reason = forms.CharField(label="提供しない理由", max_length=300, required=False)


RecordItemFormSet = forms.formset_factory(RecordItemForm, extra=2, max_num=200)


class DeterminationForm(forms.Form):
    register_published = forms.BooleanField(label="1号: 個人情報ファイル簿が公表されている", required=False)
    register_published_reason = forms.CharField(
        label="1号の理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    disclosable = forms.BooleanField(
        label="2号: 開示請求があれば全部又は一部を開示する（又は意見書提出の機会を与える）", required=False
    )
    disclosable_reason = forms.CharField(label="2号の理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    no_hindrance = forms.BooleanField(label="3号: 事務の適正かつ円滑な運営に支障のない範囲で作成できる", required=False)
    no_hindrance_reason = forms.CharField(label="3号の理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    selected = forms.BooleanField(label="提案の募集をする個人情報ファイルとする", required=False)
    reasons = forms.CharField(
        label="判断の理由（選定する理由又は選定しない理由）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PolicyForm(forms.Form):
    k = forms.IntegerField(label="k（同じ組合せの最少人数）", min_value=2, max_value=1000, initial=5)
    l_diversity = forms.IntegerField(
        label="l（機微な属性の最少種類数、空欄可）", min_value=2, max_value=100, required=False
    )
    sensitive_columns = forms.CharField(label="機微な属性の列（カンマ区切り）", required=False)
    max_suppression = forms.DecimalField(
        label="レコード削除の上限（割合、例: 0.02）",
        min_value=Decimal(0),
        max_value=Decimal("0.2"),
        decimal_places=4,
        initial=Decimal("0.02"),
    )
    rare_threshold = forms.IntegerField(
        label="特異な記述とみなす出現数の上限（空欄: k と同じ）", min_value=1, required=False
    )
    person_key = forms.CharField(label="本人を表す列（空欄: 1レコード1人）", required=False, max_length=200)
    note = forms.CharField(label="方針の説明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    upload = forms.FileField(label="個人情報ファイル簿（CSV 又は Excel）")
    commit = forms.BooleanField(label="検査に合格したら取り込む（チェックしない場合は検査のみ）", required=False)
