"""Freshness of the public pages: one data version for all public content.

Every save, delete or many-to-many change in a content app raises the
version (inside the writing transaction, so readers never see new data under
an old version). Public pages use it for ``ETag``/``Last-Modified``, answer
conditional requests with 304, and cache their HTML under a key that
contains the version: after a change no old page is served, without having
to know which page shows which record. The cache is the store all workers
share (settings.CACHES), so a page is rendered once after a change; each
worker keeps a copy in memory of what it has read. The middleware
``page_cache`` answers from it before sessions, CSRF and authentication run.
Bulk writes that send no signals call ``data_changed()`` themselves.

Imports no app; the content apps are named by label.
"""

import datetime
import hashlib
import logging
from functools import wraps

from django.core.cache import cache, caches
from django.db import Error as DatabaseError
from django.db import connections, router
from django.db.models import F
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
)
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import http_date

from .models import DataVersion

logger = logging.getLogger(__name__)

CONTENT_APPS = {"concept", "inquiries", "monitoring", "roundtable"}
PAGE_SECONDS = 24 * 60 * 60  # an entry of an old version is never read again


def data_changed(using: str = "default") -> None:
    """Raise the data version (call after writes that send no signals)."""
    versions = DataVersion.objects.using(using)
    updated = versions.filter(pk=1).update(
        counter=F("counter") + 1, changed_at=timezone.now()
    )
    if not updated:
        versions.get_or_create(pk=1, defaults={"changed_at": timezone.now()})


def _on_migrate(sender, using="default", **kwargs):
    """Every ``migrate`` (each deploy runs it) raises the version: pages
    rendered by the code before the deploy are never served after it, even
    where the data did not change (a fixed template or query)."""
    data_changed(using)


def data_version() -> DataVersion:
    """The current version: one query, written out because every public
    request asks it (the ORM took four times the query's own time to build
    it). It doubles as the connection's health check (CONN_HEALTH_CHECKS),
    which would cost a round trip of its own: on a kept connection that
    fails it, the connection is closed and the query runs on a new one."""
    connection = connections[router.db_for_read(DataVersion)]
    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    try:
        row = _version_row(connection)
    except DatabaseError as error:
        if not checking:
            raise
        logger.info("Datenbankverbindung unbrauchbar, neu verbunden: %s", error)
        connection.close()
        row = _version_row(connection)
    if row is None:
        return DataVersion(pk=1, counter=0, changed_at=timezone.now())
    counter, changed_at = row
    if isinstance(changed_at, str):  # SQLite returns the text it stores (UTC)
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return DataVersion(pk=1, counter=counter, changed_at=changed_at)


def _version_row(connection):
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection))
        return cursor.fetchone()


def _version_sql(connection) -> str:
    quote, meta = connection.ops.quote_name, DataVersion._meta
    return (
        f"SELECT {quote(meta.get_field('counter').column)}, "
        f"{quote(meta.get_field('changed_at').column)} FROM {quote(meta.db_table)} "
        f"WHERE {quote(meta.pk.column)} = 1"
    )


def _on_change(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS and not sender.__name__.startswith(
        "Historical"
    ):
        data_changed()


def connect_signals(app_config) -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"freshness-{id(signal)}")
    post_migrate.connect(_on_migrate, sender=app_config, dispatch_uid="freshness")


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


# Headers of a 200 that say what its body is; a 304 or 412 has no body.
_BODY_HEADERS = {"content-type", "content-length", "content-disposition"}


class PublicPage:
    """A public address at this request's data version: its validators and
    its key in the page cache. One per request (``PublicPage.of``), so the
    version is read once, whether the middleware or the view asks first."""

    def __init__(self, request):
        version = data_version()
        request.data_version = version
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        address = address[:16]
        # The day too: pages say what today makes of a date ("Termin
        # verstrichen"), so a page is rendered anew each day.
        today = timezone.localdate()
        midnight = timezone.make_aware(
            datetime.datetime.combine(today, datetime.time())
        )
        self.etag = f'"{version.counter}-{today:%Y%m%d}-{address}"'
        self.changed = int(max(version.changed_at, midnight).timestamp())
        # the change time too: a restored or new database starts its counter
        # anew, while a shared store (Redis) may still hold its old pages.
        # An entry holds the answer with the headers of every middleware
        # below ``page_cache`` ("page3": without the day it was "page2").
        self.key = f"page3:{version.counter}:{self.changed}:{address}"
        self.looked_up = False  # the cache was asked for this request
        self.served = False  # … and answered it

    @classmethod
    def of(cls, request) -> "PublicPage":
        page = getattr(request, "public_page", None)
        if page is None:
            page = request.public_page = cls(request)
        return page

    def validate(self, response):
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.changed)
        response["Cache-Control"] = "no-cache"  # revalidate: 304 costs nothing
        return response

    def conditional(self, request):
        """304 (or 412) when the request's conditions say so, else None.
        RFC 9110 15.4.5: a 304 carries the validators a 200 would. Only the
        ETag decides: Last-Modified counts whole seconds, so two changes
        within one second would look alike to If-Modified-Since (browsers
        send If-None-Match beside it, and that answers 304)."""
        response = get_conditional_response(request, etag=self.etag)
        return None if response is None else self.validate(response)

    def cached(self):
        """(content, headers) of this address at this version, or None."""
        self.looked_up = True
        entry = _page_get(self.key)
        self.served = entry is not None
        return entry

    def answer(self, request, entry):
        """The stored answer; 304 or 412 when the request's conditions say
        so, with the headers the middleware below would have added to it."""
        content, headers = entry
        response = self.conditional(request)
        if response is None:
            return HttpResponse(content, headers=headers)
        for name, value in headers.items():
            if name.lower() not in _BODY_HEADERS:
                response.headers.setdefault(name, value)
        response["Content-Length"] = str(len(response.content))
        return response

    def store(self, response) -> None:
        """Keep a rendered 200 for everyone: never one that sets a cookie or
        varies by it (its content may be the visitor's own)."""
        if (
            self.served
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or has_vary_header(response, "Cookie")
        ):
            return
        _page_set(self.key, (response.content, dict(response.items())))


def public_page(view):
    """For a public GET view: ETag and Last-Modified from the data version,
    304 for a matching conditional request, the page from the cache when this
    address was rendered at this version (``page_cache`` stores it and
    usually answers before the view is reached)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        page = PublicPage.of(request)
        conditional = page.conditional(request)
        if conditional is not None:
            return conditional
        entry = None if page.looked_up else page.cached()
        if entry is not None:  # the middleware below adds nothing it lacks
            return HttpResponse(entry[0], headers=entry[1])
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            page.validate(response)
        return response

    return wrapped


_public_paths: set[str] = set()  # this worker's addresses of public views
_PUBLIC_PATHS_MAX = 10_000


def page_cache(get_response):
    """Middleware: answer a public page from the cache as early as whitenoise
    answers a static file, before sessions, CSRF, authentication, messages
    and the rest run (placed right after them in MIDDLEWARE; they add nothing
    to a public page that the stored answer does not hold). A path is known
    as public once its view ran in this worker (``public_page``); until then
    the view looks into the cache itself. Stores what that view rendered,
    with every header the middleware below added."""

    def middleware(request):
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        if request.path_info in _public_paths:
            page = PublicPage.of(request)
            entry = page.cached()
            if entry is not None:
                return page.answer(request, entry)
        response = get_response(request)
        page = getattr(request, "public_page", None)
        if page is not None:
            if len(_public_paths) >= _PUBLIC_PATHS_MAX:
                _public_paths.clear()
            _public_paths.add(request.path_info)
            page.store(response)
        return response

    return middleware


def data_changed_at(request):
    """Context processor: when the public content last changed."""
    version = getattr(request, "data_version", None)
    return {"data_changed_at": version.changed_at if version else None}
