"""The OParl lists: which sources a list pages through, in which order, and
how a row of each becomes OParl; and one page of such a list.

A source is a selector's queryset (or constants) with its serialiser; each
costs one count and at most one fetch (plus its prefetches) per page, whatever
the number of objects. The views parse the request and answer with HTTP.
"""

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from kassel_integration.compiled import compiled, compiled_slices, totals

from . import selectors, serializers
from .common import CONSTANTS_MODIFIED, LEGISLATIVE_TERMS, Api, ListFilters, _deleted


class Source:
    """One part of a list: the list pages through its sources in order."""

    def count(self) -> int:
        raise NotImplementedError

    def page(self, start: int, stop: int) -> list[dict]:
        raise NotImplementedError


@dataclass
class QuerySource(Source):
    queryset: QuerySet
    serialise: Callable[[Any], dict]
    counted: QuerySet | None = None  # a cheaper query of the same rows to count
    total: int | None = None  # counted already, with another source
    fetch: Callable[[QuerySet], Iterable] | None = None  # reads a page's rows

    def count(self) -> int:
        if self.total is not None:
            return self.total
        return (self.queryset if self.counted is None else self.counted).count()

    def page(self, start: int, stop: int) -> list[dict]:
        rows = self.queryset[start:stop]
        if self.fetch is not None:
            rows = self.fetch(rows)
        return [self.serialise(row) for row in rows]


@dataclass
class RowsSource(Source):
    """A part whose rows a function reads a page of (``rows(start, stop)``),
    counted already."""

    rows: Callable[[int, int], Iterable]
    serialise: Callable[[Any], dict]
    total: int

    def count(self) -> int:
        return self.total

    def page(self, start: int, stop: int) -> list[dict]:
        return [self.serialise(row) for row in self.rows(start, stop)]


@dataclass
class ConstantSource(Source):
    items: list[dict]

    def count(self) -> int:
        return len(self.items)

    def page(self, start: int, stop: int) -> list[dict]:
        return self.items[start:stop]


@dataclass(frozen=True)
class Page:
    """Page ``number`` of a list of ``total`` objects; ``data`` is empty
    beyond the last page."""

    number: int
    per_page: int
    total: int
    data: list[dict]

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def list_page(sources: list[Source], *, number: int, per_page: int) -> Page:
    """Page ``number`` of the list made of ``sources``: each source is
    counted, and only those on the page are fetched."""
    counts = [source.count() for source in sources]
    start, stop, offset, data = (number - 1) * per_page, number * per_page, 0, []
    for source, count in zip(sources, counts, strict=True):
        low, high = max(start - offset, 0), min(stop - offset, count)
        if low < high:
            data.extend(source.page(low, high))
        offset += count
    return Page(number, per_page, sum(counts), data)


def _constants(filters: ListFilters, items: Iterable[dict]) -> ConstantSource:
    accepted = filters.accepts(CONSTANTS_MODIFIED, CONSTANTS_MODIFIED)
    return ConstantSource(list(items) if accepted else [])


def _with_tombstones(
    sources: list[Source], api: Api, filters: ListFilters, kind: str
) -> list[Source]:
    """Deleted objects are listed only to a client that asks what changed
    since a moment (spec 2.8); a plain list shows live objects only."""
    if filters.modified_since:
        tombstones = selectors.oparl_tombstone_list(kind=kind)
        sources.append(
            QuerySource(
                filters.apply(tombstones, modified="deleted_at"),
                lambda row: _deleted(api, row.path, kind, row.created, row.deleted_at),
            )
        )
    return sources


def _rows(
    api: Api,
    filters: ListFilters,
    queryset,
    serialise,
    total: int | None = None,
    fetch: Callable[[QuerySet], Iterable] | None = None,
) -> QuerySource:
    """The rows of ``queryset`` that pass ``filters``, serialised for ``api``."""
    return QuerySource(
        filters.apply(queryset),
        functools.partial(serialise, api),
        total=total,
        fetch=fetch,
    )


@functools.cache
def _compiled_list(rows_of: Callable[[], QuerySet]):
    """The count and the pages of ``rows_of()`` (model instances), each a
    query compiled once per process."""

    def count():
        return totals(rows_of(), count=Count("*"))

    count.__qualname__ = f"{rows_of.__qualname__}[count]"
    return compiled(count), compiled_slices(rows_of, objects=True)


def _objects(
    api: Api, filters: ListFilters, rows_of, serialise, *prefetches: Prefetch
) -> Source:
    """The objects of ``rows_of()`` that pass ``filters``, with
    ``prefetches`` per page: without bounds (a plain list) counted and read
    by compiled queries."""
    if filters.bounded:
        queryset = rows_of().prefetch_related(*prefetches)
        return _rows(api, filters, queryset, serialise)
    count, page = _compiled_list(rows_of)

    def rows(start: int, stop: int) -> list:
        objects = page(start, stop)
        prefetch_related_objects(objects, *prefetches)
        return objects

    return RowsSource(rows, functools.partial(serialise, api), count()[0][0])


def paper_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    """Inquiries, then answers; with ``modified_since`` also deleted ones.
    Both parts are counted in one query; a page of papers is read by
    ``selectors.oparl_paper_page`` (3 queries, 2 for answers)."""
    papers, answers = selectors.oparl_paper_counts(filters)
    page = functools.partial(selectors.oparl_paper_page, filters)
    sources = [
        RowsSource(
            functools.partial(page, files=True),
            functools.partial(serializers.inquiry_paper_data, api),
            papers,
        ),
        RowsSource(
            functools.partial(page, answers=True),
            functools.partial(serializers.answer_paper_data, api),
            answers,
        ),
    ]
    return _with_tombstones(sources, api, filters, "Paper")


def organization_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    """Factions, committees and the Magistrat."""
    sources = [
        _objects(
            api,
            filters,
            selectors.oparl_faction_rows,
            serializers.faction_data,
            selectors.oparl_faction_members(),
        ),
        _objects(
            api, filters, selectors.oparl_committee_list, serializers.committee_data
        ),
        _constants(filters, [serializers.magistrat_data(api)]),
    ]
    return _with_tombstones(sources, api, filters, "Organization")


def person_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [
        _objects(api, filters, selectors.oparl_person_list, serializers.person_data)
    ]
    return _with_tombstones(sources, api, filters, "Person")


def membership_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    sources = [
        _rows(api, filters, selectors.oparl_member_list(), serializers.membership_data)
    ]
    return _with_tombstones(sources, api, filters, "Membership")


def meeting_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    serialise = functools.partial(serializers.meeting_data, api)
    if filters.given:
        meetings = filters.apply(
            selectors.oparl_meeting_list(),
            created="first_created",
            modified="last_modified",
        )
        sources = [QuerySource(meetings, serialise)]
    else:  # counted from the index alone, a page read by a compiled query
        total = selectors.oparl_meeting_count()
        sources = [RowsSource(selectors.oparl_meeting_page, serialise, total)]
    return _with_tombstones(sources, api, filters, "Meeting")


def consultation_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    consultations = selectors.oparl_consultation_list()
    sources = [_rows(api, filters, consultations, serializers.consultation_data)]
    return _with_tombstones(sources, api, filters, "Consultation")


def file_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    """Public attachments, then every inquiry's full text."""
    sources = [
        _rows(api, filters, selectors.oparl_file_list(), serializers.file_data),
        _rows(
            api,
            filters,
            selectors.oparl_main_file_list(),
            serializers.main_file_data,
            fetch=selectors.oparl_papers,
        ),
    ]
    return _with_tombstones(sources, api, filters, "File")


def body_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    return [_constants(filters, [serializers.body_data(api)])]


def legislative_term_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    terms = (serializers.legislative_term_data(api, term) for term in LEGISLATIVE_TERMS)
    return [_constants(filters, terms)]


def empty_sources(*, api: Api, filters: ListFilters) -> list[Source]:
    """AgendaItem and Location: not recorded, so always empty."""
    return []
