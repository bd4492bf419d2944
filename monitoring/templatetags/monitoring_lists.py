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
