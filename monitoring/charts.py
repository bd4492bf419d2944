"""Accessible SVG charts rendered on the server (interim minimal version)."""

import hashlib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = 'font-family="Open Sans, DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    display: str


def format_number(value: float, decimals: int | None = None) -> str:
    """German number format: 2000 → "2.000", 2.1 → "2,1"."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = (
        f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    )
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _frame(title, description, summary, width, height, body):
    chart_id = "c" + hashlib.sha1(f"{title}{description}".encode()).hexdigest()[:8]
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT} font-size="12">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)} {escape(summary)}</desc>'
        f"{body}</svg>"
    )


def _bars(points, width=640):
    label_width = max([len(p.label) for p in points] + [10]) * 7 + 10
    values = [p.value for p in points if p.value is not None] or [1]
    scale = (width - label_width - 120) / max(max(values), 1)
    body, y = [], 10
    for point in points:
        body.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(point.label)}</text>"
        )
        if point.value is None:
            body.append(f'<text x="{label_width}" y="{y + 14}">keine Angabe</text>')
        else:
            bar = max(point.value * scale, 1)
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="20" '
                f'fill="#8a1538"/><text x="{label_width + bar + 6:.1f}" y="{y + 14}">'
                f"{escape(point.display)}</text>"
            )
        y += 28
    return "".join(body), y + 10


def _summary(points):
    return "Werte: " + "; ".join(f"{p.label}: {p.display}" for p in points)


def line_chart_svg(
    *, title, description, points, unit="", target=None, target_label=""
):
    body, height = _bars(points)
    return _frame(title, description, _summary(points), 640, height, body)


def bar_chart_svg(*, title, description, points, unit="", target=None, target_label=""):
    body, height = _bars(points)
    return _frame(title, description, _summary(points), 640, height, body)


def stacked_bar_svg(*, title, description, rows, legend) -> SafeString:
    labels = dict(legend)
    points = [
        Point(
            label,
            float(sum(n for _k, n in counts)),
            ", ".join(f"{labels[k]}: {n}" for k, n in counts if n) or "keine Angaben",
        )
        for label, counts in rows
    ]
    body, height = _bars(points)
    return _frame(title, description, _summary(points), 900, height, body)
