"""Addresses of the concept pages without a full ``reverse()`` for each one.

A goal table links every goal, field and unit: hundreds of addresses per
page, and ``reverse()`` walks the URL patterns anew for each (about 20 µs).
``page_url()`` reverses a page once with a placeholder and keeps the text
around it, per URL configuration and script prefix, so every further address
is the placeholder replaced by the quoted value: the same text ``reverse()``
gives, in a fraction of the time.
"""

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_PLACEHOLDER = "4711080915"  # digits: fits <int:…>, <slug:…> and <str:…>
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted
_PLAIN = re.compile(r"[A-Za-z0-9._~-]+")  # what quote() leaves as it is


@lru_cache(maxsize=64)
def _around(viewname: str, kwarg: str, resolver, prefix: str) -> tuple[str, str] | None:
    """The address of ``viewname`` before and after the value of ``kwarg``
    (``None`` if the pattern changes the value on the way)."""
    url = reverse(viewname, kwargs={kwarg: _PLACEHOLDER})
    before, found, after = url.rpartition(_PLACEHOLDER)
    return (before, after) if found else None


def page_url_builder(viewname: str, kwarg: str) -> Callable[[object], str]:
    """``page_url`` for many addresses of one page in one request: the URL
    configuration and script prefix are read once, not per address."""
    parts = _around(viewname, kwarg, get_resolver(get_urlconf()), get_script_prefix())

    def build(value) -> str:
        text = str(value)
        if parts is None or not text or "/" in text:
            return reverse(viewname, kwargs={kwarg: value})
        if _PLAIN.fullmatch(text) is None:
            text = quote(text, safe=_SAFE)
        return parts[0] + text + parts[1]

    return build


def topic_url_builder() -> Callable[[str], str]:
    """Addresses of Teilbereiche by code: a topic has no page of its own, its
    address is its field's page (the number before the first dot) with the
    anchor ``#teilbereich-<code>``: "1.2" → "/konzept/handlungsfeld/1/#teilbereich-1.2".
    """
    field_url = page_url_builder("concept:field-detail", "number")

    def build(code: str) -> str:
        return f"{field_url(code.split('.')[0])}#teilbereich-{code}"

    return build


def page_url(viewname: str, kwarg: str, value) -> str:
    """``reverse(viewname, kwargs={kwarg: value})`` for a page with one
    argument. A value with a "/" (which no pattern here accepts) goes through
    ``reverse()`` itself, so it fails the same way."""
    return page_url_builder(viewname, kwarg)(value)
