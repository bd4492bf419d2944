"""Template filters of the inquiry pages."""

from django import template
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from kassel_integration.search import excerpt, marked, plain

register = template.Library()


@register.filter(name="snippet")
def snippet_html(inquiry) -> SafeString:
    """The search snippet of ``inquiry`` as safe HTML with ``<mark>`` highlights."""
    snippet = getattr(inquiry, "snippet", None) or ""
    terms = getattr(inquiry, "fallback_terms", None)
    if terms:  # SQLite: cut a window around the first hit and mark the terms
        snippet = excerpt(snippet, terms.split())
    return marked(snippet)


@register.filter
def summary(text: str, words: int = 16) -> str:
    """The first words of Markdown ``text`` as plain text (question index)."""
    return Truncator(plain(text)).words(words, truncate=" …")
