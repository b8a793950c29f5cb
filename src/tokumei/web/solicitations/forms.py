from __future__ import annotations

from django import forms

from tokumei.web.register.models import PersonalInformationFile


class SolicitationForm(forms.Form):
    title = forms.CharField(label="件名", max_length=200)
    files = forms.ModelMultipleChoiceField(
        label="対象とする個人情報ファイル",
        queryset=PersonalInformationFile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    first_day = forms.DateField(label="募集開始日", widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label="募集最終日", widget=forms.DateInput(attrs={"type": "date"}))
    closing_time = forms.TimeField(
        label="最終日の締切時刻（任意）", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    notice_date = forms.DateField(label="公示日", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notice_number = forms.CharField(
        label="公示の番号（任意）",
        max_length=60,
        required=False,
        help_text="空欄のときは、公示する際に機関の文書番号（年度ごとの連番）を自動で付けます。",
    )
    in_person = forms.BooleanField(label="持参による提出を受け付ける", required=False, initial=True)
    by_mail = forms.BooleanField(label="郵送等による提出を受け付ける（最終日必着）", required=False, initial=True)
    online = forms.BooleanField(label="電子申請による提出を受け付ける", required=False)
    copies = forms.IntegerField(label="提出部数", min_value=1, max_value=10, initial=2)
    note = forms.CharField(label="その他の記載事項", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, organization: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["files"].queryset = PersonalInformationFile.objects.filter(  # type: ignore[attr-defined]
            organization=organization, is_proposal_target=True
        )
        if not organization.profile.submission.online:  # type: ignore[attr-defined]
            del self.fields["online"]
