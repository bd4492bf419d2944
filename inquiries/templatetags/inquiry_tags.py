"""Template filters of the inquiry pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from inquiries.selectors import MARK_END, MARK_START

register = template.Library()


@register.filter(name="snippet")
def snippet_html(inquiry) -> SafeString:
    """The search snippet of ``inquiry`` as safe HTML with ``<mark>`` highlights."""
    snippet = getattr(inquiry, "snippet", None) or ""
    terms = getattr(inquiry, "fallback_terms", None)
    if terms:  # SQLite: cut a window around the first hit and mark the terms
        snippet = _fallback_snippet(snippet, terms.split())
    html = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only <mark> added


def _fallback_snippet(text, terms):
    text = re.sub(r"[|*#>`\-]{2,}|[|*#`]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    lower = text.lower()
    hit = min((i for i in (lower.find(t.lower()) for t in terms) if i >= 0), default=0)
    start = max(0, hit - 80)
    window = text[start : start + 260]
    for term in terms:
        window = re.sub(
            rf"(\w*{re.escape(term)}\w*)",
            MARK_START + r"\1" + MARK_END,
            window,
            flags=re.IGNORECASE,
        )
    return ("… " if start else "") + window + (" …" if len(text) > start + 260 else "")
