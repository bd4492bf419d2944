"""Accessible SVG charts rendered on the server, for pages and the PDF report.

Plain SVG 1.1: every text element names its font (SVG text does not inherit
the page font in WeasyPrint), ``role="img"`` with ``aria-labelledby`` on a
``<title>`` and a ``<desc>`` that repeats the values, so the numbers reach
screen readers and the PDF's alternative text. Colour never carries meaning
alone: values are written next to bars and markers, and the status chart
has a legend and a table next to it.
"""

import hashlib
import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = 'font-family="Open Sans, DejaVu Sans, sans-serif" font-size="12"'
INK, ACCENT, GRID, TARGET = "#1b1b1b", "#8a1538", "#c8c8c8", "#005a8c"
CHAR_WIDTH = 6.8  # px per character at 12 px, generous for German labels
# Status palette: light to dark, each with a readable text colour.
PALETTE = [
    ("#d9d9d9", INK),
    ("#f2c14e", INK),
    ("#7fb7d9", INK),
    ("#2e7d32", "#ffffff"),
    ("#1b4d1e", "#ffffff"),
    ("#9e9e9e", INK),
    ("#5c5c5c", "#ffffff"),
]


@dataclass(frozen=True)
class Point:
    """One value: its label, the number (None = no value) and how people read it."""

    label: str
    value: float | None
    display: str


def format_number(value: float, decimals: int | None = None) -> str:
    """German number format: 2000 → "2.000", 2.1 → "2,1", 0.25 → "0,25"."""
    value = float(value)
    if decimals is None:
        decimals = 0 if value.is_integer() else 2
    text = f"{value:,.{decimals}f}".translate(str.maketrans(",.", ".,"))
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _nice_ticks(maximum: float) -> list[float]:
    """Four to six round tick values from 0 to at least ``maximum``."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(maximum / step)
    return [step * i for i in range(count + 1)]


def _svg(title: str, description: str, summary: str, width: int, height: float, body):
    chart_id = (
        "diagramm-" + hashlib.sha1(f"{title}\n{description}".encode()).hexdigest()[:10]
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'class="chart-svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)} {escape(summary)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(x, y, content, anchor="start", fill=INK, weight="normal"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}" {FONT}>{escape(content)}</text>'
    )


def _line(x1, y1, x2, y2, stroke, extra=""):
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{stroke}" {extra}/>'
    )


def _rect(x, y, width, height, fill, extra=""):
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{fill}" {extra}/>'
    )


def _polyline(coordinates):
    return (
        f'<polyline fill="none" stroke="{ACCENT}" stroke-width="2.5" '
        f'points="{" ".join(coordinates)}"/>'
    )


DASHED = 'stroke-width="2" stroke-dasharray="6 4"'


def _summary(points: list[Point]) -> str:
    return "Werte: " + "; ".join(
        f"{p.label}: {p.display or 'keine Angabe'}" for p in points
    )


def line_chart_svg(
    *,
    title: str,
    description: str,
    points: list[Point],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
) -> SafeString:
    """A time series: markers with their values, German y-axis ticks, target line."""
    width, height, left, right, top, bottom = 640, 300, 70, 70, 40, 40
    values = [p.value for p in points if p.value is not None]
    ticks = _nice_ticks(max(values + ([target] if target is not None else []) + [0]))
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(value):
        return top + plot_h - value / ticks[-1] * plot_h

    step = plot_w / max(len(points) - 1, 1)

    def x_of(i):
        return left + (i * step if len(points) > 1 else plot_w / 2)

    body = []
    for tick in ticks:
        y = y_of(tick)
        body.append(_line(left, y, width - right, y, GRID))
        body.append(_text(left - 8, y + 4, format_number(tick), "end"))
    if unit:
        body.append(_text(left - 8, top - 8, unit, "end"))
    segment = []
    for i, point in enumerate(points):
        body.append(_text(x_of(i), height - bottom + 20, point.label, "middle"))
        if point.value is None:
            if len(segment) > 1:
                body.append(_polyline(segment))
            segment = []
            continue
        segment.append(f"{x_of(i):.1f},{y_of(point.value):.1f}")
    if len(segment) > 1:
        body.append(_polyline(segment))
    for i, point in enumerate(points):
        if point.value is not None:
            x, y = x_of(i), y_of(point.value)
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{ACCENT}"/>')
            body.append(_text(x, y - 10, point.display, "middle", weight="bold"))
    if target is not None:
        y = y_of(target)
        body.append(_line(left, y, width - right, y, TARGET, DASHED))
        body.append(_text(width - right, y - 6, target_label or "Ziel", "end", TARGET))
    return _svg(title, description, _summary(points), width, height, body)


def bar_chart_svg(
    *,
    title: str,
    description: str,
    points: list[Point],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
) -> SafeString:
    """Horizontal bars with long German labels and the value at each bar's end."""
    label_w = max(len(p.label) for p in points) * CHAR_WIDTH + 12 if points else 60
    value_w = max((len(p.display) for p in points), default=4) * CHAR_WIDTH + 16
    width = max(640, int(label_w + value_w + 240))
    plot_w = width - label_w - value_w
    values = [p.value for p in points if p.value is not None]
    maximum = max(values + ([target] if target is not None else []) + [0]) or 1
    row_h, top = 26, 10
    body = []
    for i, point in enumerate(points):
        y = top + i * row_h
        body.append(_text(label_w - 8, y + 15, point.label, "end"))
        if point.value is None:
            body.append(_text(label_w, y + 15, "keine Angabe", fill="#4a4a4a"))
            continue
        bar = max(point.value / maximum * plot_w, 1)
        body.append(_rect(label_w, y, bar, 18, ACCENT))
        body.append(_text(label_w + bar + 6, y + 14, point.display))
    height = top + len(points) * row_h + 10
    if target is not None:
        x = label_w + target / maximum * plot_w
        body.append(_line(x, 4, x, height - 14, TARGET, DASHED))
        body.append(_text(x, height, target_label or "Ziel", "middle", TARGET))
        height += 8
    return _svg(title, description, _summary(points), width, height, body)


def stacked_bar_svg(
    *,
    title: str,
    description: str,
    rows: list[tuple[str, list[tuple[str, int]]]],
    legend: list[tuple[str, str]],
) -> SafeString:
    """One 100 % bar per row, split by category, with a legend above."""
    colours = {key: PALETTE[i % len(PALETTE)] for i, (key, _label) in enumerate(legend)}
    labels = dict(legend)
    label_w = max((len(label) for label, _c in rows), default=10) * CHAR_WIDTH + 12
    width, bar_w, row_h = 900, 900 - label_w - 10, 30
    body, x, y = [], 0.0, 14
    for key, label in legend:  # legend, wrapping
        item_w = 22 + len(label) * CHAR_WIDTH + 18
        if x + item_w > width:
            x, y = 0.0, y + 22
        fill, _ink = colours[key]
        body.append(
            _rect(x, y - 11, 14, 14, fill, f'stroke="{INK}" stroke-width="0.5"')
        )
        body.append(_text(x + 20, y, label))
        x += item_w
    top = y + 18
    summaries = []
    for i, (row_label, counts) in enumerate(rows):
        y = top + i * row_h
        total = sum(count for _key, count in counts)
        body.append(_text(label_w - 8, y + 16, row_label, "end"))
        if not total:
            body.append(_text(label_w, y + 16, "keine Angaben", fill="#4a4a4a"))
            summaries.append(f"{row_label}: keine Angaben")
            continue
        offset = 0.0
        for key, count in counts:
            if not count:
                continue
            seg = count / total * bar_w
            fill, ink = colours[key]
            body.append(_rect(label_w + offset, y, seg, 22, fill, 'stroke="#ffffff"'))
            if seg >= 18:
                body.append(
                    _text(label_w + offset + seg / 2, y + 15, str(count), "middle", ink)
                )
            offset += seg
        summaries.append(
            f"{row_label}: " + ", ".join(f"{labels[k]} {n}" for k, n in counts if n)
        )
    height = top + len(rows) * row_h + 6
    return _svg(title, description, "; ".join(summaries), width, height, body)
