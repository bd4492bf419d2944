"""Long lists of the monitoring pages, one Python function per list instead
of a template loop: the overview lists every Kennzahl (hundreds at scale),
and a template spends several variable lookups and escapes per row."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from kassel_integration.escaping import escape_each

register = template.Library()


@register.simple_tag
def metric_items(links) -> SafeString:
    """``<li>`` per ``presentation.MetricLink``: the link, then its unit (or
    "noch keine Werte") in a ``meta`` span."""
    texts = escape_each(
        [text for link in links for text in (link.url, link.name, link.meta)]
    )
    items = []
    for url, name, meta in zip(texts[::3], texts[1::3], texts[2::3], strict=True):
        meta = f' <span class="meta">({meta})</span>' if meta else ""
        items.append(f'    <li><a href="{url}">{name}</a>{meta}</li>\n')
    return mark_safe("".join(items))  # every value went through escape_each()


@register.simple_tag
def value_rows(rows) -> SafeString:
    """A table row per ``presentation.ValueRow`` of a metric's page: year
    (marked when derived), breakdown, the value as shown, footnotes. The year
    is written as the template wrote it (no thousands separator)."""
    texts = escape_each(
        [
            text
            for row in rows
            for text in (
                row.observation.year_basis,
                row.breakdown,
                row.display,
                row.observation.note,
            )
        ]
    )
    html = []
    for index, row in enumerate(rows):
        year_basis, breakdown, display, note = texts[4 * index : 4 * index + 4]
        observation = row.observation
        total = ' class="total"' if observation.is_total else ""
        derived, basis = "", ""
        if year_basis:
            derived = ' <span class="derived">(abgeleitet)</span>'
            basis = (
                '<p class="editorial">Jahr abgeleitet, nicht aus der Quelle: '
                f"{year_basis}</p>"
            )
        html.append(
            f'      <tr{total}><th scope="row">{observation.year}{derived}</th>'
            f'<td>{breakdown}</td><td class="value">'
            f"{display}</td><td>{basis}{note}</td>"
            "</tr>\n"
        )
    return mark_safe("".join(html))  # every value went through escape_each()
