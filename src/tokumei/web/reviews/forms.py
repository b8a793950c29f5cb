"""Forms of the review workspace; each gives a service its input, nothing more."""

from __future__ import annotations

from django import forms

from tokumei.law.fees import WorkItemKind
from tokumei.law.review import CreationMode, Criterion, Finding

from .services import EstimateInput, NoticeInput

DATE = forms.DateInput(attrs={"type": "date"})
WORK_ITEMS = [k for k in WorkItemKind if k is not WorkItemKind.UNITEMIZED]


class PanelForm(forms.Form):
    finding = forms.ChoiceField(
        label="判断",
        choices=[("", "未判断"), *[(f.value, f.label) for f in Finding]],
        required=False,
        widget=forms.RadioSelect,
    )
    reasoning = forms.CharField(
        label="判断の理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不適合の場合は、どのような理由から適合しないと認めたのかを具体的に（通知書に記載されます）。",
    )


class ExplanationForm(forms.Form):
    criterion = forms.ChoiceField(
        label="関係する審査基準",
        choices=[("", "（全般）"), *[(c.value, f"{c.mark} {c.spec.title}") for c in Criterion]],
        required=False,
    )
    request_text = forms.CharField(label="求める説明・訂正の内容", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="期限", widget=DATE)

    def criterion_value(self) -> Criterion | None:
        value = self.cleaned_data.get("criterion")
        return Criterion(value) if value else None


class AnswerForm(forms.Form):
    answer = forms.CharField(label="回答の内容", widget=forms.Textarea(attrs={"rows": 3}))


class ConsultationForm(forms.Form):
    day = forms.DateField(label="事前協議の日", widget=DATE)
    note = forms.CharField(label="事前協議の内容", widget=forms.Textarea(attrs={"rows": 3}))


class EstimateForm(forms.Form):
    creation_mode = forms.ChoiceField(
        label="作成の方法", choices=[("", "未定"), *[(m.value, m.label) for m in CreationMode]], required=False
    )
    processor_available = forms.ChoiceField(
        label="受託できる事業者",
        choices=[("", "未確認"), ("yes", "いる"), ("no", "いない")],
        required=False,
    )
    processor_name = forms.CharField(label="委託先", max_length=200, required=False)
    processor_quote_yen = forms.IntegerField(label="委託料の見積額（円）", min_value=0, required=False)
    original_fee_yen = forms.IntegerField(
        label="当初の契約の手数料（円、法118条前段）",
        min_value=0,
        required=False,
        help_text="同じ匿名加工情報の当初の契約が記録されていればその額を使います。",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in WORK_ITEMS:
            self.fields[f"hours_{kind.value}"] = forms.DecimalField(
                label=f"{kind.label}（時間）", min_value=0, max_digits=7, decimal_places=2, required=False
            )

    def hour_fields(self) -> list[forms.BoundField]:
        return [self[f"hours_{k.value}"] for k in WORK_ITEMS]

    def to_input(self) -> EstimateInput:
        d = self.cleaned_data
        available = {"yes": True, "no": False}.get(d.get("processor_available") or "")
        hours = {k.value: str(d[f"hours_{k.value}"]) for k in WORK_ITEMS if d.get(f"hours_{k.value}")}
        return EstimateInput(
            creation_mode=d.get("creation_mode") or "",
            hours=hours,
            processor_available=available,
            processor_name=d.get("processor_name") or "",
            processor_quote_yen=d.get("processor_quote_yen"),
            original_fee_yen=d.get("original_fee_yen"),
        )

    @classmethod
    def initial_of(cls, review: object) -> dict[str, object]:
        r = review
        initial: dict[str, object] = {
            "creation_mode": r.creation_mode,  # type: ignore[attr-defined]
            "processor_available": {True: "yes", False: "no"}.get(r.processor_available, ""),  # type: ignore[attr-defined]
            "processor_name": r.processor_name,  # type: ignore[attr-defined]
            "processor_quote_yen": r.processor_quote_yen,  # type: ignore[attr-defined]
            "original_fee_yen": r.original_fee_yen,  # type: ignore[attr-defined]
        }
        for k, v in (r.estimate_hours or {}).items():  # type: ignore[attr-defined]
            initial[f"hours_{k}"] = v
        return initial


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(
        label="決裁",
        choices=[("approve", "起案のとおり決裁する"), ("send_back", "差し戻す")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="意見・差し戻す理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    notice_date = forms.DateField(label="通知日", widget=DATE)
    number = forms.CharField(
        label="文書番号",
        max_length=60,
        required=False,
        help_text="空欄のときは、機関の文書番号（年度ごとの連番）を自動で付けます。",
    )
    payment_deadline = forms.DateField(label="手数料の納付期限（適合の場合）", widget=DATE, required=False)
    other_matters = forms.CharField(
        label="その他の事項（1行に1項目）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def to_input(self) -> NoticeInput:
        d = self.cleaned_data
        return NoticeInput(
            notice_date=d["notice_date"],
            payment_deadline=d.get("payment_deadline"),
            number=d.get("number") or "",
            other_matters=[x.strip() for x in (d.get("other_matters") or "").splitlines() if x.strip()],
        )


class FeeCorrectionForm(forms.Form):
    corrected_yen = forms.IntegerField(label="訂正後の額（円）", min_value=0)
    reason = forms.CharField(label="訂正の理由（誤記の内容）", widget=forms.Textarea(attrs={"rows": 2}))
