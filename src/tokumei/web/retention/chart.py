"""The annual figures as an inline SVG bar chart, drawn on the server (no JavaScript, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tokumei.law.calendar import format_wareki_fiscal_year
from tokumei.law.statistics import AnnualFigures

SERIES: tuple[tuple[str, str, str], ...] = (
    ("solicitations", "提案の募集", "#1f5f99"),
    ("proposals.", "提案", "#d97c00"),
    ("contracts", "利用契約", "#2e7d32"),
    ("datasets_created", "作成した匿名加工情報", "#6a1b9a"),
    ("terminations", "契約の解除", "#b71c1c"),
)
"""(figure code, label, colour) of each bar in a year's group."""

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, BAR = 640, 260, 40, 40, 16, 14


def bar_chart(figures: Sequence[AnnualFigures], *, title: str) -> SafeString:
    """A grouped bar chart: one group per fiscal year, one bar per :data:`SERIES`; values printed above bars."""
    peak = max([1, *(f.value(code) for f in figures for code, _, _ in SERIES)])
    plot_h = HEIGHT - BOTTOM - TOP
    group_w = max(len(SERIES) * BAR + 16, (WIDTH - LEFT) / max(1, len(figures)))
    width = int(max(WIDTH, LEFT + group_w * len(figures) + 10))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" class="chart" '
        f'width="{width}" height="{HEIGHT + 24}" viewBox="0 0 {width} {HEIGHT + 24}">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{width - 4}" y2="{HEIGHT - BOTTOM}" stroke="#333"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" font-size="11" text-anchor="end">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" font-size="11" text-anchor="end">0</text>',
    ]
    for i, f in enumerate(figures):
        x0 = LEFT + i * group_w + 8
        for j, (code, label, colour) in enumerate(SERIES):
            value = f.value(code)
            h = plot_h * value / peak
            x, y = x0 + j * BAR, HEIGHT - BOTTOM - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{BAR - 2}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(format_wareki_fiscal_year(f.fiscal_year))} {escape(label)}: {value}</title></rect>"
            )
            parts.append(
                f'<text x="{x + (BAR - 2) / 2:.1f}" y="{y - 2:.1f}" font-size="10" text-anchor="middle">{value}</text>'
            )
        parts.append(
            f'<text x="{x0 + len(SERIES) * BAR / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="12" '
            f'text-anchor="middle">{escape(format_wareki_fiscal_year(f.fiscal_year))}</text>'
        )
    x = LEFT
    for _code, label, colour in SERIES:
        parts.append(f'<rect x="{x}" y="{HEIGHT + 4}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{HEIGHT + 13}" font-size="11">{escape(label)}</text>')
        x += 14 + 13 * len(label) + 12
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
