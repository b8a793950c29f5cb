"""`{% profile_value profile "reception_desk.address" %}`: a profile value, labelled 「デモ用の仮の値」 when the
profile marks it as a value the seeds do not give."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


def _resolve(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
        if obj is None:
            return None
    return obj


@register.simple_tag
def profile_value(profile: Any, path: str) -> str:
    value = _resolve(profile, path)
    text = "" if value is None else str(value)
    if profile is not None and profile.is_placeholder(path):
        return format_html('{} <span class="badge badge--placeholder">デモ用の仮の値</span>', text)
    return format_html("{}", text)
