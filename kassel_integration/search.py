"""Site-wide search over everything public: one index table, filled by the
apps.

Each app registers its searchable models in ``AppConfig.ready()`` with a
function that turns a record into a ``Document`` (or ``None`` when the record
is not public); the index entry is rewritten on every save and removed on
delete. ``also`` names models whose change alters another record's document
(a question changes its inquiry). Codes that identify one record (a goal's
"1.1.3", a Vorlage-Nr.) jump straight to it via registered ``jump``
functions. PostgreSQL matches with German full-text search over a
trigger-maintained, GIN-indexed vector of the whole entry and ranks by a small
one of its title and beginning; SQLite falls back to substring matching.

Imports no app.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SearchEntry

MAX_QUERY = 200
PER_KIND = 10
CONFIG = "german"  # PostgreSQL's text search configuration
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_CHARS = 240
# Crude German stemming: "Sprachkurse" finds "Sprachkurs", "Familien" "Familie".
_SUFFIX = re.compile(r"(?<=\w{4})(ern|en|er|es|e|n|s)$", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    url: str


_MARKUP = re.compile(r"<[^>]*>|[|*_#`>~]+|\[|\]\([^)]*\)|-{3,}")


def plain(text: str) -> str:
    """Markdown and HTML reduced to words: what a snippet may show."""
    return " ".join(_MARKUP.sub(" ", text).split())


@dataclass
class SearchType:
    model: type
    kind: str  # German label of one result, e.g. "Ziel"
    plural: str
    document: Callable[[object], Document | None]
    rebuild: Callable[[], Iterable]  # every record, with what document() reads
    also: dict[type, Callable[[object], Iterable]] = field(default_factory=dict)
    # What a hit shows beside its title (a goal's Umsetzungsstand):
    # ``details(ids)`` maps the ids of one page's hits of this type to what
    # ``details_template`` receives as ``details`` (one query for all).
    details: Callable[[list[int]], dict[int, object]] | None = None
    details_template: str = ""


_types: list[SearchType] = []
_jumps: list[Callable[[str], str | None]] = []


def register(search_type: SearchType) -> None:
    _types.append(search_type)
    post_save.connect(_saved, sender=search_type.model, weak=False)
    post_delete.connect(_deleted, sender=search_type.model, weak=False)
    m2m_changed.connect(_related_changed, weak=False, dispatch_uid="search-m2m")
    for model in search_type.also:
        post_save.connect(_other_changed, sender=model, weak=False)
        post_delete.connect(_other_changed, sender=model, weak=False)


def register_jump(jump: Callable[[str], str | None]) -> None:
    """``jump(query)`` returns the address of the one record ``query``
    identifies, or ``None``."""
    _jumps.append(jump)


def _type_of(model) -> SearchType | None:
    return next((t for t in _types if t.model is model), None)


def index(obj, search_type: SearchType | None = None) -> None:
    """Write (or remove) the index entry of ``obj``."""
    search_type = search_type or _type_of(type(obj))
    content_type = ContentType.objects.get_for_model(type(obj))
    try:
        document = search_type.document(obj)
    except ObjectDoesNotExist:  # a fixture still loading its relations
        return
    if document is None:
        SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        return
    SearchEntry.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={
            "kind": search_type.kind,
            "title": document.title[:500],
            "body": plain(document.body),
            "url": document.url,
        },
    )


_pending: dict[type, set[int]] = {}


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index(instance)
        return
    # Fixture loads: index once the whole load has committed, when every
    # relation exists, in one pass per model (the first callback does the
    # work, the others find nothing left; a rolled-back load's leftovers
    # are indexed, or found gone, by the next commit).
    _pending.setdefault(sender, set()).add(instance.pk)
    transaction.on_commit(_index_pending)


def _index_pending() -> None:
    pending = dict(_pending)
    _pending.clear()
    for model, pks in pending.items():
        search_type = _type_of(model)
        content_type = ContentType.objects.get_for_model(model)
        SearchEntry.objects.filter(
            content_type=content_type, object_id__in=pks
        ).delete()
        objects = search_type.rebuild().filter(pk__in=pks)
        SearchEntry.objects.bulk_create(_entries(search_type, objects), batch_size=2000)


def _deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def _related_changed(sender, instance, action, **kwargs):
    # Relations only move a measure's link; index once the change commits.
    if action.startswith("post_") and _type_of(type(instance)):
        _saved(type(instance), instance, raw=True)


def _other_changed(sender, instance, raw=False, **kwargs):
    for search_type in _types:
        if sender in search_type.also:
            try:
                targets = list(search_type.also[sender](instance))
            except ObjectDoesNotExist:
                continue
            for target in targets:
                if raw:
                    _saved(search_type.model, target, raw=True)
                else:
                    index(target, search_type)


def _entries(search_type: SearchType, objects: Iterable) -> Iterator[SearchEntry]:
    content_type = ContentType.objects.get_for_model(search_type.model)
    for obj in objects:
        document = search_type.document(obj)
        if document is not None:
            yield SearchEntry(
                kind=search_type.kind,
                content_type=content_type,
                object_id=obj.pk,
                title=document.title[:500],
                body=plain(document.body),
                url=document.url,
            )


def rebuild(progress: Callable[[str], None] = lambda message: None) -> int:
    """Rewrite the whole index (after bulk loads that send no signals)."""
    SearchEntry.objects.all().delete()
    for search_type in _types:
        entries = _entries(search_type, search_type.rebuild().iterator(chunk_size=2000))
        SearchEntry.objects.bulk_create(entries, batch_size=2000)
        progress(f"{search_type.plural}: fertig")
    return SearchEntry.objects.count()


# --- querying ---------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString
    details: object = None
    details_template: str = ""


@dataclass(frozen=True)
class Group:
    kind: str
    plural: str
    total: int
    hits: list[Hit]


# A query's words beyond this are ignored (the site search and the inquiry
# search): each costs a join or an index scan, and 100 words cost 4x.
MAX_SEARCH_TERMS = 12


def terms_of(text: str) -> list[str]:
    """The words of a query, each roughly stemmed."""
    words = re.findall(r"\w+", text)[:MAX_SEARCH_TERMS]
    return [_SUFFIX.sub("", word) for word in words]


def jump_target(text: str) -> str | None:
    text = text.strip()
    for jump in _jumps:
        if url := jump(text):
            return url
    return None


def marked(text: str) -> SafeString:
    """Escape ``text`` and turn the match markers into ``<mark>``."""
    return with_marks(escape(text))


def with_marks(escaped: str) -> SafeString:
    """The match markers of the escaped text ``escaped`` as ``<mark>``."""
    html = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped before, only <mark> added


def excerpt(text: str, terms: list[str]) -> str:
    """Where the database cannot cut a snippet (SQLite): the passage of
    ``text`` (reduced to words) around the first match, every word that
    contains a term marked whole."""
    body = plain(text)
    lowered = body.lower()
    found = [lowered.find(term.lower()) for term in terms]
    found = [position for position in found if position >= 0]
    start = max(min(found) - SNIPPET_CHARS // 3, 0) if found else 0
    if start:  # begin at a word
        start = body.find(" ", start) + 1 or start
    end = start + SNIPPET_CHARS
    if end < len(body):  # end at a word
        end = (
            body.rfind(" ", start, end) if body.rfind(" ", start, end) > start else end
        )
    passage = body[start:end]
    if terms:
        words = "|".join(re.escape(term) for term in terms)
        pattern = re.compile(rf"\w*(?:{words})\w*", re.IGNORECASE)
        passage = pattern.sub(lambda m: f"{MARK_START}{m[0]}{MARK_END}", passage)
    more = len(body) > end
    return ("… " if start else "") + passage + (" …" if more else "")


def _groups(counts: dict[str, int], rows: list[Hit]) -> list[Group]:
    groups = []
    for search_type in _types:
        hits = [hit for hit in rows if hit.kind == search_type.kind]
        if hits:
            groups.append(
                Group(
                    search_type.kind,
                    search_type.plural,
                    counts.get(search_type.kind, len(hits)),
                    hits,
                )
            )
    return groups


def _hits(rows: list, snippet: Callable) -> list[Hit]:
    """``rows`` (entries, or rows with their fields) as hits, each type's
    details read once for all its hits."""
    details = {}
    for search_type in _types:
        ids = [row.object_id for row in rows if row.kind == search_type.kind]
        if search_type.details and ids:
            details[search_type.kind] = search_type.details(ids)
    hits = []
    for row in rows:
        search_type = _type_of_kind(row.kind)
        hits.append(
            Hit(
                row.kind,
                row.title,
                row.url,
                marked(snippet(row)),
                details.get(row.kind, {}).get(row.object_id),
                search_type.details_template if search_type else "",
            )
        )
    return hits


def _type_of_kind(kind: str) -> SearchType | None:
    return next((t for t in _types if t.kind == kind), None)


def search(text: str) -> list[Group]:
    """Results grouped by type, best first, at most ``PER_KIND`` per type,
    with the number of matches per type (PostgreSQL 2 queries, SQLite 1;
    +1 per type with ``details`` among the hits)."""
    terms = terms_of(text)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(terms)
    return _search_fallback(terms)


def _best_per_kind(matching, order):
    """SQLite: the first ``PER_KIND`` entries of each kind in ``order``, each with
    the number of matches of its kind, in one pass over the matches. A kind
    is one model: partitioned by its content type, an integer, the sort
    compares numbers instead of collating text."""
    return matching.annotate(
        position=Window(RowNumber(), partition_by=F("content_type"), order_by=order),
        total=Window(Count("pk"), partition_by=F("content_type")),
    ).filter(position__lte=PER_KIND)


LEAD_FOR_SNIPPET = 1500  # characters of an entry's beginning for its snippet


@contextmanager
def index_scans() -> Iterator[None]:
    """Inside, PostgreSQL finds full-text matches through their GIN index.

    A common word ("Integration") matches most rows, and the planner then
    prefers to read the whole table and test every row's full vector, most
    of them stored out of line: three to four times slower than the index,
    which lists the matches in a few milliseconds however many there are.
    Each query inside is planned for its words, also where psycopg has
    prepared it (a generic plan, blind to how common a word is, took twice
    as long). Reads inside run in one transaction. SQLite: nothing to do."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true),"
                " set_config('plan_cache_mode', 'force_custom_plan', true)"
            )
        yield


# The best PER_KIND matches of each kind, the number of matches per kind,
# and a snippet of each of the best, in one statement. The matches are ranked
# once and kept (MATERIALIZED); each kind then takes its best from them by a
# top-N sort, and a hash counts them. One window sort of every match by kind
# and rank, as on SQLite, took about half as long again for a common word
# ("Integration": 9,800 matches, 33 against 26 ms). Equal ranks: the newest
# entry (collating titles is slow); the page lists them by rank and title,
# entries of equal rank and title newest first.
# Where an entry matches in its beginning (its rank vector), the snippet is
# cut from that beginning: ts_headline then reads LEAD_FOR_SNIPPET characters
# instead of a long inquiry's whole text.
_BEST_PER_KIND_SQL = """
WITH matching AS MATERIALIZED (
    SELECT id, content_type_id,
           ts_rank(rank_vector, to_tsquery(%(config)s::regconfig, %(query)s)) AS rank
    FROM {table}
    WHERE search_vector @@ to_tsquery(%(config)s::regconfig, %(query)s)
), kinds AS (
    SELECT content_type_id, count(*) AS total FROM matching GROUP BY content_type_id
), best AS (
    SELECT best.id, best.rank, kinds.total
    FROM kinds, LATERAL (
        SELECT id, rank FROM matching
        WHERE matching.content_type_id = kinds.content_type_id
        ORDER BY rank DESC, id DESC
        LIMIT %(per_kind)s
    ) AS best
)
SELECT entry.kind, entry.object_id, entry.title, entry.url, best.total,
       ts_headline(
           %(config)s::regconfig,
           CASE WHEN entry.rank_vector @@ to_tsquery(%(config)s::regconfig, %(query)s)
               THEN left(entry.body, %(lead)s)
               ELSE entry.body
           END,
           to_tsquery(%(config)s::regconfig, %(query)s),
           %(headline)s
       ) AS snippet
FROM best JOIN {table} AS entry ON entry.id = best.id
ORDER BY best.rank DESC, entry.title, entry.id DESC
"""
_HEADLINE_OPTIONS = (
    f"StartSel='{MARK_START}', StopSel='{MARK_END}', MaxWords=35, MinWords=15"
)


class _BestRow(NamedTuple):
    kind: str
    object_id: int
    title: str
    url: str
    total: int  # matches of its kind
    snippet: str


def _search_postgresql(terms: list[str]) -> list[Group]:
    with index_scans(), connection.cursor() as cursor:
        cursor.execute(
            _BEST_PER_KIND_SQL.format(table=SearchEntry._meta.db_table),
            {
                "config": CONFIG,
                "query": " & ".join(f"{term}:*" for term in terms),
                "per_kind": PER_KIND,
                "lead": LEAD_FOR_SNIPPET,
                "headline": _HEADLINE_OPTIONS,
            },
        )
        rows = [_BestRow(*row) for row in cursor.fetchall()]
    counts = {row.kind: row.total for row in rows}
    return _groups(counts, _hits(rows, lambda row: row.snippet))


def _search_fallback(terms: list[str]) -> list[Group]:
    matching = SearchEntry.objects.all()
    for term in terms:
        matching = matching.filter(Q(title__icontains=term) | Q(body__icontains=term))
    rows = list(_best_per_kind(matching, F("title").asc()).order_by("kind", "position"))
    counts = {row.kind: row.total for row in rows}
    return _groups(counts, _hits(rows, lambda row: excerpt(row.body, terms)))
