"""Long lists of the monitoring pages, one Python function per list instead
of a template loop: the overview lists every Kennzahl (hundreds at scale),
and a template spends several variable lookups and escapes per row."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def metric_items(links) -> SafeString:
    """``<li>`` per ``presentation.MetricLink``: the link, then its unit (or
    "noch keine Werte") in a ``meta`` span."""
    items = []
    for link in links:
        meta = f' <span class="meta">({escape(link.meta)})</span>' if link.meta else ""
        items.append(
            f'    <li><a href="{escape(link.url)}">{escape(link.name)}</a>{meta}</li>\n'
        )
    return mark_safe("".join(items))  # every value went through escape()


@register.simple_tag
def value_rows(rows) -> SafeString:
    """A table row per ``presentation.ValueRow`` of a metric's page: year
    (marked when derived), breakdown, the value as shown, footnotes. The year
    is written as the template wrote it (no thousands separator)."""
    html = []
    for row in rows:
        observation = row.observation
        total = ' class="total"' if observation.is_total else ""
        derived, basis = "", ""
        if observation.year_basis:
            derived = ' <span class="derived">(abgeleitet)</span>'
            basis = (
                '<p class="editorial">Jahr abgeleitet, nicht aus der Quelle: '
                f"{escape(observation.year_basis)}</p>"
            )
        html.append(
            f'      <tr{total}><th scope="row">{observation.year}{derived}</th>'
            f'<td>{escape(row.breakdown)}</td><td class="value">'
            f"{escape(row.display)}</td><td>{basis}{escape(observation.note)}</td>"
            "</tr>\n"
        )
    return mark_safe("".join(html))  # every value went through escape()
