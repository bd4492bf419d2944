"""Freshness of the public pages: one data version for all public content.

Every save, delete or many-to-many change in a content app raises the
version (inside the writing transaction, so readers never see new data under
an old version). Public pages use it for ``ETag``/``Last-Modified``, answer
conditional requests with 304, and cache their HTML under a key that
contains the version: after a change no old page is served, without having
to know which page shows which record. The cache is the store all workers
share (settings.CACHES), so a page is rendered once after a change; each
worker keeps a copy in memory of what it has read. Bulk writes that send no signals
call ``data_changed()`` themselves.

Imports no app; the content apps are named by label.
"""

import hashlib
from functools import wraps

from django.core.cache import cache, caches
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .models import DataVersion

CONTENT_APPS = {"concept", "inquiries", "monitoring", "roundtable"}
PAGE_SECONDS = 24 * 60 * 60  # an entry of an old version is never read again


def data_changed() -> None:
    """Raise the data version (call after writes that send no signals)."""
    updated = DataVersion.objects.filter(pk=1).update(
        counter=F("counter") + 1, changed_at=timezone.now()
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now()})


def data_version() -> DataVersion:
    """The current version (1 query)."""
    version = DataVersion.objects.filter(pk=1).first()
    return version or DataVersion(pk=1, counter=0, changed_at=timezone.now())


def _on_change(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS and not sender.__name__.startswith(
        "Historical"
    ):
        data_changed()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"freshness-{id(signal)}")


def _page_get(key: str):
    """A page from this worker's memory, else from the shared store (then
    kept in memory too): rendered once for all workers."""
    page = caches["local"].get(key)
    if page is None:
        page = cache.get(key)
        if page is not None:
            caches["local"].set(key, page, PAGE_SECONDS)
    return page


def _page_set(key: str, page) -> None:
    cache.set(key, page, PAGE_SECONDS)
    caches["local"].set(key, page, PAGE_SECONDS)


def public_page(view):
    """For a public GET view: ETag and Last-Modified from the data version,
    304 for a matching conditional request, the HTML from the cache when this
    address was rendered at this version."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = data_version()
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:16]
        etag = f'"{version.counter}-{address}"'
        changed = int(version.changed_at.timestamp())
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=changed
        )
        if not_modified is not None:
            # RFC 9110 15.4.5: a 304 carries the validators a 200 would.
            not_modified["ETag"] = etag
            not_modified["Last-Modified"] = http_date(changed)
            not_modified["Cache-Control"] = "no-cache"
            return not_modified
        request.data_version = version
        # the change time too: a restored or new database starts its counter
        # anew, while a shared store (Redis) may still hold its old pages
        key = f"page:{version.counter}:{changed}:{address}"
        cached = _page_get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content, headers=headers)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                _page_set(key, (response.content, dict(response.items())))
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(changed)
            response["Cache-Control"] = "no-cache"  # revalidate: 304 costs nothing
        return response

    return wrapped


def data_changed_at(request):
    """Context processor: when the public content last changed."""
    version = getattr(request, "data_version", None)
    return {"data_changed_at": version.changed_at if version else None}
