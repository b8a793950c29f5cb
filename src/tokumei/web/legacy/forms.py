"""Forms of the historic cases' pages."""

from __future__ import annotations

from django import forms

from .models import STATUS_CHOICES


class LegacyImportForm(forms.Form):
    upload = forms.FileField(
        label="旧制度の案件の一覧（CSV）",
        help_text="UTF-8（BOM付き可）又は CP932（Shift_JIS）。1行目は見出し、2行目以降に1件1行。",
    )
    check_only = forms.BooleanField(label="検査だけ行う（取り込まない）", required=False)


class CaseSearchForm(forms.Form):
    q = forms.CharField(label="案件番号・提案者・ファイル", required=False, max_length=100)
    status = forms.ChoiceField(label="状況", required=False, choices=[("", "すべて"), *STATUS_CHOICES])
