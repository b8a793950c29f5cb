"""The two disposal forms: the record (``source:id``) and, for national bodies, the consent."""

from __future__ import annotations

from django import forms


class ItemForm(forms.Form):
    item = forms.RegexField(regex=r"^[a-z_]+:\d+$")


class ConsentForm(ItemForm):
    consented_on = forms.DateField(label="同意の日")
    reference = forms.CharField(label="同意の文書番号等（内閣総理大臣の同意の通知）", max_length=200)
