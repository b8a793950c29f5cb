"""Rendering a structured official document (tokumei.law.notices.Document) as accessible HTML."""

from __future__ import annotations

from typing import Any

from django import template

from tokumei.law.notices import ItemList, Paragraph, Table

register = template.Library()


@register.filter
def block_kind(block: Any) -> str:
    if isinstance(block, Paragraph):
        return "paragraph"
    if isinstance(block, ItemList):
        return "list"
    if isinstance(block, Table):
        return "table"
    return "unknown"


@register.filter
def with_markers(block: ItemList) -> list[tuple[str, Any]]:
    markers = block.markers() if callable(block.markers) else block.markers
    return list(zip(markers, block.items, strict=True))
