"""Accessible SVG charts rendered on the server, for pages and the PDF report.

Plain SVG 1.1 that WeasyPrint 70 draws like browsers do: every text names its
font and size (SVG text does not inherit the page font); no CSS, scripts or
external references. Each chart is ``role="img"`` labelled by a ``<title>`` and
a ``<desc>`` that repeats every value. Colour never carries meaning alone:
values stand next to markers and bars, segments carry their counts, a legend
names the categories. Same data, byte-identical SVG. Charts are 640 units wide
(long series up to 800) and meant for ``width="100%"`` of the text column.
"""

import hashlib
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
FONT = 'font-family="Open Sans, DejaVu Sans, sans-serif"'
INK, MUTED, ACCENT, GRID, TARGET = "#1b1b1b", "#595959", "#8a1538", "#d0d0d0", "#005a8c"
EM, EM_BOLD = 0.56, 0.62  # glyph advance per font size, safe for DejaVu Sans too
LABEL_COLUMN = 0.45 * WIDTH  # longer category labels wrap onto more lines
DASHED = f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"'
SEGMENT = 'stroke="#ffffff" class="segment"'
BAR = f'fill="{ACCENT}" class="bar"'
HALO = 'fill="#ffffff" fill-opacity="0.8"'
OUTLINE = f'stroke="{INK}" stroke-width="0.75"'  # light fills stand out from white
# (fill, text colour) in legend order; for the goal statuses: nicht begonnen,
# in Planung, in Umsetzung, umgesetzt, dauerhaft etabliert, zurückgestellt
# (3.3:1 against "nicht begonnen"), entfallen, ohne Angabe (white: the empty
# part of the bar). Each text colour reaches at least 4.5:1 on its fill.
FILLS = "#d9d9d9 #f2c14e #7fb7d9 #2e7d32 #1b4d1e #c4502a #5c5c5c #ffffff".split()
INKS = [INK] * 3 + ["#fff"] * 4 + [INK]
PALETTE = list(zip(FILLS, INKS, strict=True))


@dataclass(frozen=True)
class Point:
    """One value: its label, the number (None = no value) and how people read it."""

    label: str
    value: float | None
    display: str


def format_number(value: float | Decimal, decimals: int | None = None) -> str:
    """German number format: 2000 → "2.000", 2.1 → "2,1", 33 → "33". Without
    ``decimals`` at most two places, trailing zeros dropped; with ``decimals``
    exactly that many, as on an axis (5, 1 → "5,0"). Halves round up, as
    people round (2.5 → "3" with no places). The one formatter for charts,
    report texts and templates (filter ``german_number``)."""
    places = 2 if decimals is None else decimals
    number = Decimal(str(float(value))).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    text = f"{number:,.{places}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # no "-0"
    return text.translate(str.maketrans(",.", ".,"))


def _width(text: str, size: float = 12, bold: bool = False) -> float:
    """Estimated width of ``text`` in px (generous, no font metrics needed)."""
    return len(text) * size * (EM_BOLD if bold else EM)


def _wrap(text: str, width: float) -> list[str]:
    """``text`` on lines no wider than ``width``; "a / b" and words stay whole."""
    lines: list[str] = []
    for word in filter(None, text.replace(" / ", "\xa0/\xa0").split(" ")):
        if lines and _width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return [line.replace("\xa0", " ") for line in lines] or [""]


def _nice_ticks(low: float, high: float) -> list[float]:
    """Four to six round tick values covering ``low`` to ``high``."""
    if high <= low:
        high = low + 1
    magnitude = 10 ** math.floor(math.log10((high - low) / 5))
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = factor * magnitude
        first = math.floor(low / step + 1e-9)
        last = math.ceil(high / step - 1e-9)
        if last - first <= 5:
            break
    return [round((first + i) * step, 10) for i in range(last - first + 1)]


def _n(number: float) -> str:  # a coordinate, compact: 12, 12.5
    return f"{number:.1f}".removesuffix(".0")


def _text(x, y, content, anchor="start", *, fill=INK, size=12, bold=False) -> str:
    attributes = f' text-anchor="{anchor}"' if anchor != "start" else ""
    attributes += ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" {FONT} font-size="{size}" fill="{fill}"'
        f"{attributes}>{escape(content)}</text>"
    )


def _label(x, middle, lines: list[str]) -> list[str]:
    """A right-aligned, possibly wrapped category label centred on ``middle``."""
    first = middle + 4 - (len(lines) - 1) * 7.5
    return [_text(x, first + i * 15, line, "end") for i, line in enumerate(lines)]


def _line(x1, y1, x2, y2, attributes: str) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" {attributes}/>'
    )


def _rect(x, y, width, height, paint: str) -> str:
    """A rectangle; ``paint`` is a colour or a string of fill/stroke attributes."""
    paint = paint if "=" in paint else f'fill="{paint}"'
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
        f"{paint}/>"
    )


def _svg(title, description, summary, width, height, body, chart_id) -> SafeString:
    """The chart wrapped as an image with title and description for assistive tech."""
    if not chart_id:
        digest = hashlib.sha1(f"{title}\n{description}\n{summary}".encode())
        chart_id = f"diagramm-{digest.hexdigest()[:10]}"
    chart_id = escape(chart_id)
    return mark_safe(  # all text went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {math.ceil(width)} '
        f'{math.ceil(height)}" width="100%" role="img" class="chart-svg" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(f"{description} {summary}".strip())}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _shown(point: Point) -> str:
    """The point's text for people; "keine Angabe" when there is nothing to say."""
    if point.display or point.value is None:
        return point.display or "keine Angabe"
    return format_number(point.value)


def _target_key(target: float, target_label: str, unit: str) -> str:
    return target_label or f"Ziel {format_number(target)} {unit}".strip()


def _summary(points: list[Point], target: float | None, target_label: str, unit):
    """ "Werte: 2010: rund 33 %; 2016: über 50 %. Ziel 60 %." for the <desc>."""
    text = "Werte: " + "; ".join(f"{p.label}: {_shown(p)}" for p in points) + "."
    if target is not None:
        text += f" {_target_key(target, target_label, unit)}."
    return text


def _free(box, taken, top, bottom) -> bool:
    """Whether ``box`` lies between ``top`` and ``bottom`` and overlaps nothing."""
    x0, y0, x1, y1 = box
    clash = any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in taken)
    return top <= y0 and y1 <= bottom and not clash


def _range(points: list[Point], target: float | None) -> tuple[float, float]:
    """The span of the values and the target, always including zero."""
    values = [p.value for p in points if p.value is not None]
    values += [target] if target is not None else []
    return min([0, *values]), max([0, *values])


def _label_column(labels: list[str]) -> tuple[list[list[str]], float]:
    """The labels wrapped to fit the label column, and the column's width."""
    wrapped = [_wrap(label, LABEL_COLUMN) for label in labels]
    return wrapped, max([_width(line) for ls in wrapped for line in ls] + [0]) + 14


@dataclass(frozen=True)
class _LinePlot:
    """Where a line chart's plot sits and how values map onto it."""

    left: float
    plot_w: float
    step: float
    count: int
    ticks: list[float]
    top: float = 48
    bottom: float = 248
    right: float = 16

    @property
    def width(self) -> float:
        return self.left + self.plot_w + self.right

    def x(self, i: int) -> float:
        return self.left + (i * self.step if self.count > 1 else self.plot_w / 2)

    def y(self, value: float) -> float:
        span = self.ticks[-1] - self.ticks[0]
        return self.top + (self.ticks[-1] - value) / span * (self.bottom - self.top)


def _line_plot(points, ticks, tick_texts, label_ws) -> _LinePlot:
    """Spread the points so their labels fit, up to 1.25 × the normal width."""
    left, right = max(_width(t) for t in tick_texts) + 16, 16
    step = max([28, *(w / 2 + 8 for w in label_ws)])
    step = max([step, *(_width(p.label) + 10 for p in points)])
    plot_w = min(max(WIDTH, (len(points) - 1) * step + left + right), WIDTH * 1.25)
    plot_w -= left + right
    step = plot_w / max(len(points) - 1, 1)
    return _LinePlot(left, plot_w, step, len(points), ticks)


def _y_axis(plot: _LinePlot, tick_texts: list[str], taken: list) -> list[str]:
    """A grid line and a German label per tick (the zero line darker)."""
    body = []
    for tick, text in zip(plot.ticks, tick_texts, strict=True):
        y, colour = plot.y(tick), "#767676" if tick == 0 else GRID
        body.append(
            _line(plot.left, y, plot.left + plot.plot_w, y, f'stroke="{colour}"')
        )
        body.append(_text(plot.left - 8, y + 4, text, "end"))
        taken.append((0, y - 9, plot.left - 6, y + 5))
    return body


def _target_line(plot: _LinePlot, target: float, key: str, taken: list) -> list[str]:
    """The dashed target line across the plot, explained in a key above it."""
    key_x = plot.width - 4 - _width(key)
    y, end = plot.y(target), plot.left + plot.plot_w
    taken.append((plot.left, y - 1, end, y + 1))
    return [
        _line(key_x - 32, 10, key_x - 8, 10, DASHED),
        _text(key_x, 14, key, fill=TARGET),
        _line(plot.left, y, end, y, DASHED),
    ]


def _polylines(marks: dict[int, tuple[float, float]], count: int) -> list[str]:
    """One line per run of values between gaps."""
    path = [
        f"{_n(marks[i][0])},{_n(marks[i][1])}" if i in marks else "|"
        for i in range(count)
    ]
    return [
        f'<polyline fill="none" stroke="{ACCENT}" stroke-width="2.5" points="{run}"/>'
        for run in map(str.strip, " ".join(path).split("|"))
        if " " in run
    ]


def _gap_label(plot: _LinePlot, i: int, point: Point, taken: list) -> list[str]:
    """A missing value, said above the axis, briefly where crowded."""
    text = point.display or ("keine Angabe" if plot.step > 76 else "k. A.")
    half = min(_width(text, 11), plot.step - 12) / 2
    taken.append(
        (plot.x(i) - half, plot.bottom - 18, plot.x(i) + half, plot.bottom - 3)
    )
    return [_text(plot.x(i), plot.bottom - 6, text, "middle", fill=MUTED, size=11)]


def _value_label(plot: _LinePlot, points, i: int, w: float, taken) -> list[str]:
    """The value's text above the marker, or below where the line rises from
    it; else further away or beside it; kept inside the chart, never cut off."""
    point = points[i]
    y = plot.y(point.value)
    near = [q.value for q in points[max(i - 1, 0) : i + 2] if q.value is not None]
    rows = [-10, 22, -25, 37]
    if sum(near) / len(near) > point.value:
        rows = [22, -10, 37, -25]
    spots = [(0, dy) for dy in rows] + [
        (dx, dy) for dy in rows[:2] for dx in (w / 2 - 4, 4 - w / 2)
    ]
    for dx, dy in [*spots, (0, rows[0])]:  # the last one if none is free
        x = min(max(plot.x(i) + dx, w / 2 + plot.left - 6), plot.width - w / 2 - 2)
        box = (x - w / 2 - 2, y + dy - 12, x + w / 2 + 2, y + dy + 3)
        if _free(box, taken, 20, plot.bottom + 2):
            break
    taken.append(box)
    return [
        _rect(x - w / 2, y + dy - 11, w, 14, HALO),
        _text(x, y + dy, _shown(point), "middle", bold=True),
    ]


def _x_labels(plot: _LinePlot, points: list[Point]) -> list[str]:
    """The point labels under the axis; every n-th where they would collide."""
    every = math.ceil(max([1] + [(_width(p.label) + 8) / plot.step for p in points]))
    return [
        _text(plot.x(i), plot.bottom + 20, p.label, "middle")
        for i, p in enumerate(points)
        if i % every == 0
    ]


def line_chart_svg(
    *,
    title: str,
    description: str,
    points: list[Point],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    chart_id: str | None = None,
) -> SafeString:
    """A time series in the order given: a marker with its ``display`` text on
    each value, gaps for None, a y axis with 4–6 round German ticks and, with
    ``target``, a dashed target line explained in a key above the plot."""
    ticks = _nice_ticks(*_range(points, target))
    decimals = next(d for d in range(11) if all(round(t, d) == t for t in ticks))
    tick_texts = [format_number(t, decimals) for t in ticks]
    label_ws = [_width(_shown(p), bold=True) for p in points]
    plot = _line_plot(points, ticks, tick_texts, label_ws)
    taken = []  # boxes (x0, y0, x1, y1) that text must avoid
    body = _y_axis(plot, tick_texts, taken)
    if unit:
        body.append(_text(4, 14, unit))
    if target is not None:
        key = _target_key(target, target_label, unit)
        body += _target_line(plot, target, key, taken)
    marks = {
        i: (plot.x(i), plot.y(p.value))
        for i, p in enumerate(points)
        if p.value is not None
    }
    taken += [(x - 6, y - 6, x + 6, y + 6) for x, y in marks.values()]
    body += _polylines(marks, len(points))
    for i, point in enumerate(points):
        if point.value is None:
            body += _gap_label(plot, i, point, taken)
        else:
            body += _value_label(plot, points, i, label_ws[i], taken)
    body += [
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{ACCENT}" '
        'stroke="#ffffff" stroke-width="1.5"/>'
        for x, y in marks.values()
    ]
    body += _x_labels(plot, points)
    summary = _summary(points, target, target_label, unit)
    height = plot.bottom + 30
    return _svg(title, description, summary, plot.width, height, body, chart_id)


def bar_chart_svg(
    *,
    title: str,
    description: str,
    points: list[Point],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal bars, one per point, labelled on the left (long labels wrap)
    with the ``display`` text at each bar's end. A point without a value gets
    no bar and reads "keine Angabe" (or its ``display``, e.g. "< 5")."""
    low, high = _range(points, target)
    high = high if high > low else low + 1
    wrapped, label_w = _label_column([p.label for p in points])
    texts = [_shown(p) for p in points]
    value_w = max([_width(text) for text in texts] + [0]) + 12
    plot_x = label_w + (value_w if low < 0 else 0)
    plot_w = max(WIDTH - plot_x - value_w, 200)
    width = plot_x + plot_w + value_w

    def x_of(value: float) -> float:
        return plot_x + (value - low) / (high - low) * plot_w

    zero, y, bars, body = x_of(0), 6.0, [], []
    for point, lines, text in zip(points, wrapped, texts, strict=True):
        row_h = max(28, 15 * len(lines) + 10)
        middle, value, w = y + row_h / 2, point.value, _width(text)
        body += _label(label_w - 8, middle, lines)
        if value:
            start, end = sorted((zero, x_of(value)))
            bars.append(_rect(start, middle - 9, max(end - start, 1), 18, BAR))
        x = (
            x_of(value) - 6 - w
            if value and value < 0
            else max(zero, x_of(value or 0)) + 6
        )
        body.append(_rect(x - 2, middle - 7, w + 4, 14, HALO))  # over a target line
        body.append(_text(x, middle + 4, text, fill=MUTED if value is None else INK))
        y += row_h
    if target is not None:
        x, key = x_of(target), _target_key(target, target_label, unit)
        key_x = min(max(x, _width(key) / 2 + 2), width - _width(key) / 2 - 2)
        halo = 'stroke="#ffffff" stroke-width="4"'  # keeps it visible on the bars
        bars += [_line(x, 2, x, y + 2, halo), _line(x, 2, x, y + 2, DASHED)]
        body.append(_text(key_x, y + 18, key, "middle", fill=TARGET))
    body = [_line(zero, 2, zero, y, 'stroke="#767676"'), *bars, *body]
    height = y + (26 if target is not None else 6)
    summary = _summary(points, target, target_label, unit)
    return _svg(title, description, summary, width, height, body, chart_id)


def stacked_bar_svg(
    *,
    title: str,
    description: str,
    rows: list[tuple[str, list[tuple[str, int]]]],
    legend: list[tuple[str, str]],
    chart_id: str | None = None,
) -> SafeString:
    """One 100 % bar per row ``(label, [(category key, count), …])``, split into
    segments with their counts; ``legend`` is ``[(key, German label), …]`` in
    display order (which picks the colours). Rows without counts: "keine Angaben"."""
    colours = {key: PALETTE[i % len(PALETTE)] for i, (key, _label) in enumerate(legend)}
    names = dict(legend)
    body, x, y = [], 0.0, 14.0
    for key, name in legend:  # the legend, wrapping onto further lines
        item_w = 20 + _width(name) + 18
        if x and x + item_w > WIDTH:
            x, y = 0.0, y + 20
        fill, _ink = colours[key]
        body.append(_rect(x + 0.5, y - 11.5, 14, 14, f'fill="{fill}" {OUTLINE}'))
        body.append(_text(x + 20, y, name))
        x += item_w
    wrapped, label_w = _label_column([label for label, _counts in rows])
    bar_w, y, summaries = WIDTH - label_w - 2, y + 12, []
    for (label, counts), lines in zip(rows, wrapped, strict=True):
        row_h = max(32, 15 * len(lines) + 12)
        middle = y + row_h / 2
        body += _label(label_w - 8, middle, lines)
        total = sum(count for _key, count in counts if count > 0)
        y += row_h
        if not total:
            body.append(_text(label_w, middle + 4, "keine Angaben", fill=MUTED))
            summaries.append(f"{label}: keine Angaben")
            continue
        offset = label_w
        for key, count in counts:
            if count <= 0:
                continue
            segment = count / total * bar_w
            fill, ink = colours.setdefault(key, PALETTE[len(colours) % len(PALETTE)])
            paint = f'fill="{fill}" {SEGMENT}'
            body.append(_rect(offset, middle - 11, segment, 22, paint))
            number = format_number(count)
            if segment >= _width(number) + 6:
                x = offset + segment / 2
                body.append(_text(x, middle + 4, number, "middle", fill=ink))
            offset += segment
        body.append(_rect(label_w, middle - 11, bar_w, 22, f'fill="none" {OUTLINE}'))
        parts = (f"{names.get(k, k)} {format_number(n)}" for k, n in counts if n > 0)
        summaries.append(f"{label}: {', '.join(parts)}")
    summary = "; ".join(summaries) + "." if summaries else ""
    return _svg(title, description, summary, WIDTH, y + 4, body, chart_id)
