"""Addresses of the concept pages without a full ``reverse()`` for each one.

A goal table links every goal, field and unit: hundreds of addresses per
page, and ``reverse()`` walks the URL patterns anew for each (about 20 µs).
``page_url()`` reverses a page once with a placeholder and keeps the text
around it, per URL configuration and script prefix, so every further address
is the placeholder replaced by the quoted value: the same text ``reverse()``
gives, in a fraction of the time.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_PLACEHOLDER = "4711080915"  # digits: fits <int:…>, <slug:…> and <str:…>
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


@lru_cache(maxsize=64)
def _around(viewname: str, kwarg: str, resolver, prefix: str) -> tuple[str, str] | None:
    """The address of ``viewname`` before and after the value of ``kwarg``
    (``None`` if the pattern changes the value on the way)."""
    url = reverse(viewname, kwargs={kwarg: _PLACEHOLDER})
    before, found, after = url.rpartition(_PLACEHOLDER)
    return (before, after) if found else None


def page_url(viewname: str, kwarg: str, value) -> str:
    """``reverse(viewname, kwargs={kwarg: value})`` for a page with one
    argument. A value with a "/" (which no pattern here accepts) goes through
    ``reverse()`` itself, so it fails the same way."""
    text = str(value)
    parts = None
    if text and "/" not in text:
        parts = _around(
            viewname, kwarg, get_resolver(get_urlconf()), get_script_prefix()
        )
    if parts is None:
        return reverse(viewname, kwargs={kwarg: value})
    return parts[0] + quote(text, safe=_SAFE) + parts[1]
