"""Small inline SVG charts. Every label is escaped; numbers are formatted here, not passed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

GOOD = "#2f7d4f"
BAD = "#b3403a"
NEUTRAL = "#4a6fa5"
MUTED = "#b9c2cc"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 0-1; None: nothing to measure, no bar and no number
    color: str = NEUTRAL
    note: str = ""  # shown after the value, e.g. "n=42"
    target: float | None = None


def bar_chart(
    bars: Sequence[Bar], *, title: str, width: int = 640, base: float | None = None
) -> str:
    """Horizontal bars of shares (0-1), with optional per-bar target and a base-rate line."""
    label_w, row_h, top = 210, 26, 30
    plot_w = width - label_w - 230
    height = top + row_h * len(bars) + 16
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
        f'<text x="0" y="18" class="chart-title">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        w = max(0.0, min(1.0, bar.value or 0.0)) * plot_w
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        out.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="bar-label">'
            f"<title>{escape(bar.label)}</title>{escape(label)}</text>"
        )
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{plot_w}" height="16" fill="#eef1f4"/>')
        out.append(
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w:.1f}" height="16" '
            f'fill="{bar.color}"/>'
        )
        if bar.target is not None:
            tx = label_w + bar.target * plot_w
            out.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y + 1}" y2="{y + 23}" stroke="#222" '
                'stroke-width="2" stroke-dasharray="3,2"/>'
            )
        shown = f"{bar.value:.0%}" if bar.value is not None else "-"
        text = shown + (f"  {bar.note}" if bar.note else "")
        out.append(
            f'<text x="{label_w + plot_w + 6}" y="{y + 16}" class="bar-value">{escape(text)}</text>'
        )
    if base is not None:
        bx = label_w + base * plot_w
        out.append(
            f'<line x1="{bx:.1f}" x2="{bx:.1f}" y1="{top - 4}" y2="{height - 8}" stroke="#555" '
            'stroke-width="1" stroke-dasharray="4,3"/>'
            f'<text x="{bx + 3:.1f}" y="{top - 6}" class="axis-note">base {base:.0%}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def paired_bars(
    rows: Sequence[tuple[str, int, int]], *, title: str, left: str, right: str, width: int = 640
) -> str:
    """Two counts per row side by side (e.g. won wrongly excluded / lost rightly excluded)."""
    label_w, row_h, top = 230, 26, 44
    plot_w = (width - label_w - 20) / 2
    peak = max([1, *(max(a, b) for _, a, b in rows)])
    height = top + row_h * len(rows) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
        f'<text x="0" y="18" class="chart-title">{escape(title)}</text>',
        f'<text x="{label_w}" y="36" class="axis-note" fill="{BAD}">{escape(left)}</text>',
        f'<text x="{label_w + plot_w + 10:.1f}" y="36" class="axis-note" fill="{GOOD}">'
        f"{escape(right)}</text>",
    ]
    for i, (label, a, b) in enumerate(rows):
        y = top + i * row_h
        short = label if len(label) <= 34 else label[:33] + "…"
        out.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="bar-label">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        for j, (count, color) in enumerate(((a, BAD), (b, GOOD))):
            x = label_w + j * (plot_w + 10)
            w = count / peak * (plot_w - 40)
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="16" '
                f'fill="{color}"/><text x="{x + w + 4:.1f}" y="{y + 16}" class="bar-value">'
                f"{count}</text>"
            )
    out.append("</svg>")
    return "".join(out)
