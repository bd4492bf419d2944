"""Read queries of the Runder Tisch, shared by pages, the site search and the
annual report. The public sees approved, public feedback only, never
submitters' data: every public read starts from ``public_feedback()``."""

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import ExtractYear
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from concept.links import page_url_builder
from concept.models import FieldOfAction, Goal
from kassel_integration.compiled import (
    Query,
    compiled,
    compiled_slices,
    together,
    totals,
)
from kassel_integration.pagination import CountedRows
from kassel_integration.queries import related_count

from .models import (
    DISPOSITION_DEFINITIONS,
    Consultation,
    Event,
    Feedback,
    FollowUp,
    WorkingGroup,
)


def _unless_empty(query, *args) -> list:
    """The rows of the compiled ``query(*args)``, or none where the public
    rule selects nothing at all (``EmptyResultSet``: no query is run)."""
    try:
        return query(*args)
    except EmptyResultSet:
        return []


@dataclass(frozen=True)
class RecommendationFilters:
    field_number: int | None = None
    year: int | None = None
    disposition: str = ""


def public_feedback() -> QuerySet[Feedback]:
    """The one rule "feedback is public": approved and released, without the
    submitter's name and address. Every public surface starts here."""
    return Feedback.objects.filter(
        is_public=True, moderation=Feedback.Moderation.APPROVED
    ).defer("submitter_name", "submitter_email")


def disposition_legend() -> list[tuple[str, str, str]]:
    """Every disposition with its label and one-sentence public definition."""
    return [
        (disposition.value, disposition.label, DISPOSITION_DEFINITIONS[disposition])
        for disposition in Feedback.Disposition
    ]


MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


YEAR_AT_END = re.compile(r"(?:^|\s)([12][0-9]{3})\Z")


def _event_sort_key(date, date_note: str) -> int | None:
    """YYYYMMDD of the event: its date, or for an approximate date given as
    text that ends in a year ("2016", "März 2020") that year (and month,
    day 0) so it sorts among the dated events; else None (last)."""
    if date is not None:
        return date.year * 10000 + date.month * 100 + date.day
    found = YEAR_AT_END.search(date_note)
    if found is None:
        return None
    month = next(
        (n for n, name in enumerate(MONTHS, start=1) if date_note.startswith(name)),
        0,
    )
    return int(found.group(1)) * 10000 + month * 100


@compiled
def _event_rows():
    return Event.objects.values_list("pk", "date", "date_note", "title")


def event_order() -> list[int]:
    """The ids of all events newest first, approximate dates among them, then
    by title (1 compiled query of four columns per event). Sorted here: the
    sort key as a database expression cost more to build than the sort
    itself."""
    keyed = [
        (_event_sort_key(date, note), title, pk)
        for pk, date, note, title in _event_rows()
    ]
    keyed.sort(key=lambda row: (row[0] is None, -(row[0] or 0), row[1]))
    return [pk for _key, _title, pk in keyed]


@compiled(objects=True)
def _events_counted(*ids: int) -> QuerySet[Event]:
    return Event.objects.filter(pk__in=ids).annotate(
        feedback_count=related_count(public_feedback(), "event")
    )


def event_list(*, ids: list[int]) -> list[Event]:
    """The events of ``ids`` in that order, with the number of public
    feedback items (counted per shown event, not by grouping all events with
    all feedback; 1 query, compiled once per number of events)."""
    if not ids:
        return []
    by_id = {event.pk: event for event in _unless_empty(_events_counted, *ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _feedback_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "fields_of_action",
            queryset=FieldOfAction.objects.order_by("number"),
            to_attr="field_list",
        ),
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related(
                "organisation", "measure"
            ).order_by("date", "pk"),
            to_attr="follow_up_list",
        ),
    ]


def _feedback_for_pages() -> QuerySet[Feedback]:
    """Public feedback with everything a recommendation on a page shows."""
    return (
        public_feedback()
        .select_related("source_organisation", "event")
        .prefetch_related(*_feedback_prefetches())
    )


@compiled(objects=True)
def _events(slug: str) -> QuerySet[Event]:
    return Event.objects.select_related("concept").filter(slug=slug)


@compiled(objects=True)
def _event_feedback(event_id: int) -> QuerySet[Feedback]:
    return (
        public_feedback()
        .select_related("source_organisation", "event")
        .filter(event=event_id)
    )


@compiled(objects=True)
def _event_working_groups(event_id: int) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.select_related("field").filter(event=event_id)


def event_get(slug: str) -> Event | None:
    """The event ``slug`` with its public feedback as ``public_feedback``
    (as ``_feedback_for_pages()`` prepares it) and its working groups as
    ``working_group_list``, or None (3 compiled queries; 2 more, built by
    the ORM, where there is feedback)."""
    events = _events(slug)
    if not events:
        return None
    event = events[0]
    event.public_feedback = _unless_empty(_event_feedback, event.pk)
    prefetch_related_objects(event.public_feedback, *_feedback_prefetches())
    event.working_group_list = _event_working_groups(event.pk)
    return event


def recommendation_detail_list() -> QuerySet[Feedback]:
    """Public recommendations with their event, fields, goals and follow-ups:
    the permalink page picks one by id."""
    return _feedback_for_pages().prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.all(),  # in reading order (Meta.ordering)
            to_attr="goal_list",
        )
    )


def recommendation_list(*, filters: RecommendationFilters) -> QuerySet[Feedback]:
    queryset = _feedback_for_pages()
    if filters.field_number:
        queryset = queryset.filter(fields_of_action__number=filters.field_number)
    if filters.year:
        queryset = queryset.filter(received_on__year=filters.year)
    if filters.disposition:
        queryset = queryset.filter(disposition=filters.disposition)
    return queryset.order_by("-received_on", "pk")


PAGE_ROW = (
    "pk",
    "title",
    "kind",
    "text",
    "received_on",
    "received_on_basis",
    "disposition",
    "justification",
    "source_name",
    "source_organisation__name",
    "event__slug",
    "event__title",
)


def _filtered(queryset: QuerySet[Feedback], shape: tuple[bool, ...], args: tuple):
    """``queryset`` filtered as :func:`recommendation_list` filters it, the
    values in ``args`` for the filters that ``shape`` has (field, year,
    disposition). The year is compared as a value expression, so that the
    argument goes into the SQL as it is (``received_on__year=2019`` becomes a
    range of dates) and the query can be compiled."""
    values = iter(args)
    with_field, with_year, with_disposition = shape
    if with_field:
        queryset = queryset.filter(fields_of_action__number=next(values))
    if with_year:
        queryset = queryset.filter(received_on__year=Value(next(values)))
    if with_disposition:
        queryset = queryset.filter(disposition=next(values))
    return queryset


@functools.cache
def _count_query(shape: tuple[bool, ...]):
    @compiled
    def count(*args):
        return totals(_filtered(public_feedback(), shape, args), count=Count("*"))

    return count


@functools.cache
def _page_query(shape: tuple[bool, ...]):
    """The rows of a page (``PAGE_ROW``): compiled per filter shape and
    page (``compiled_slices``)."""

    @compiled_slices
    def page(*args):
        return (
            _filtered(public_feedback(), shape, args)
            .order_by("-received_on", "pk")
            .values_list(*PAGE_ROW)
        )

    return page


class RecommendationRows(CountedRows):
    """The public recommendations matching ``filters``, in the list's order,
    for the paginator: its count and its slices (rows of ``PAGE_ROW``) are
    compiled queries, as :func:`recommendation_list` would run them."""

    def __init__(self, filters: RecommendationFilters):
        values = (filters.field_number, filters.year, filters.disposition)
        self.shape = tuple(bool(value) for value in values)
        self.args = tuple(value for value in values if value)

    def count_query(self) -> Query:
        return _count_query(self.shape).query(*self.args)

    def page_query(self, start: int, stop: int) -> Query:
        return _page_query(self.shape).query(start, stop, *self.args)


@compiled
def _page_fields(*ids):
    return (
        Feedback.fields_of_action.through.objects.filter(feedback_id__in=ids)
        .order_by("fieldofaction__number")
        .values_list("feedback_id", "fieldofaction__number")
    )


@compiled
def _page_follow_ups(*ids):
    return (
        FollowUp.objects.filter(feedback_id__in=ids)
        .order_by("date", "pk")
        .values_list(
            "feedback_id",
            "date",
            "date_note",
            "text",
            "organisation__name",
            "measure__title",
        )
    )


def _named(**values) -> SimpleNamespace | None:
    """A related record as the row writers read it; None where it is absent."""
    return None if None in values.values() else SimpleNamespace(**values)


def recommendation_page_items(rows: list[tuple]) -> list[SimpleNamespace]:
    """The recommendations of ``rows`` (a page of :class:`RecommendationRows`)
    with ``field_list`` and ``follow_up_list`` as the list page writes them
    (2 compiled queries of plain rows, sent together, one plan per number
    of rows: model instances and prefetching cost more than the queries on
    a page of twenty)."""
    ids = [row[0] for row in rows]
    fields = defaultdict(list)
    steps = defaultdict(list)
    if ids:  # as a filter on no ids: no query
        field_rows, follow_up_rows = together(
            _page_fields.query(*ids), _page_follow_ups.query(*ids)
        )
        for feedback_id, number in field_rows:
            fields[feedback_id].append(SimpleNamespace(number=number))
        for feedback_id, date, note, text, unit, measure in follow_up_rows:
            steps[feedback_id].append(
                SimpleNamespace(
                    date=date,
                    date_note=note,
                    text=text,
                    organisation=_named(name=unit),
                    measure=_named(title=measure),
                )
            )
    items = []
    for row in rows:
        item = dict(zip(PAGE_ROW[:9], row[:9], strict=True))
        organisation, slug, event_title = row[9:]
        items.append(
            SimpleNamespace(
                **item,
                source_organisation=_named(name=organisation),
                event=_named(slug=slug, title=event_title),
                field_list=fields[item["pk"]],
                follow_up_list=steps[item["pk"]],
            )
        )
    return items


# One probe of the index of public feedback per year instead of reading
# every row ("loose index scan"): the latest day before the first day of the
# year found last. {public} is the condition of public_feedback(), so that
# its partial index (migration 0006) serves every probe.
_YEARS_POSTGRESQL = """
WITH RECURSIVE years(day) AS (
  SELECT max(received_on) FROM {table} WHERE {public}
  UNION ALL
  SELECT (SELECT max(received_on) FROM {table} WHERE {public}
          AND received_on < make_date(extract(year FROM day)::int, 1, 1))
  FROM years WHERE day IS NOT NULL
)
SELECT extract(year FROM day)::int FROM years WHERE day IS NOT NULL
"""


@functools.cache
def _years_sql(public) -> str | None:
    """The query of the years for the rule ``public`` (``public_feedback``,
    looked up per call), its condition's values written in (a parameter
    would keep a generic plan from the partial index); None where the rule
    selects nothing. Built once per rule and process: only SQL is kept."""
    query = public().query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        sql, params = "TRUE", []
    return _YEARS_POSTGRESQL.format(
        table=Feedback._meta.db_table,
        public=connection.ops.compose_sql(sql, params),
    )


def recommendation_years() -> list[int]:
    """The years with public feedback, newest first (1 query). PostgreSQL
    reads one entry of the index of public feedback per year; SQLite
    (development) extracts the year of every public feedback."""
    if connection.vendor == "postgresql":
        sql = _years_sql(public_feedback)
        if sql is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [year for (year,) in cursor.fetchall()]
    years = (
        public_feedback()
        .filter(received_on__isnull=False)
        .order_by()
        .values_list(ExtractYear("received_on"), flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


@compiled
def field_menu_list() -> list[tuple[int, str]]:
    """The number and title of each field of the current edition for a filter
    menu (1 compiled query of plain rows)."""
    return (
        FieldOfAction.objects.filter(concept__is_current=True)
        .order_by("number")
        .values_list("number", "title")
    )


def _recommendation_rows(feedback: QuerySet[Feedback]) -> QuerySet:
    return feedback.order_by("-received_on").values_list("pk", "title", "disposition")


@compiled
def _goal_recommendations(goal_id: int) -> QuerySet:
    return _recommendation_rows(public_feedback().filter(goals=goal_id))


@compiled
def _field_recommendations(field_id: int) -> QuerySet:
    return _recommendation_rows(public_feedback().filter(fields_of_action=field_id))


def _recommendation_items(rows: list[tuple]) -> SafeString:
    """Public recommendations (rows of ``_recommendation_rows()``), newest
    first, as list items "title – disposition" linking to their pages: the
    addresses and labels written here rather than a template loop calling
    ``get_absolute_url()`` and ``get_disposition_display()`` per item."""
    url = page_url_builder("roundtable:recommendation-detail", "pk")
    labels = {value: str(label) for value, label in Feedback.Disposition.choices}
    return mark_safe(  # noqa: S308 - every text escaped here
        "".join(
            f'<li><a href="{escape(url(pk))}">{escape(title)}</a>'
            f" – {escape(labels.get(disposition, disposition))}</li>"
            for pk, title, disposition in rows
        )
    )


def recommendations_for_goal(goal: Goal) -> dict:
    """Section of the goal page: public recommendations concerning the goal."""
    return {
        "items": _recommendation_items(_unless_empty(_goal_recommendations, goal.pk))
    }


def recommendations_for_field(field: FieldOfAction) -> dict:
    """Section of the field page: public recommendations concerning the field."""
    return {
        "items": _recommendation_items(_unless_empty(_field_recommendations, field.pk))
    }


def consultation_open(*, today) -> Consultation | None:
    """The consultation open for feedback on ``today``, if any."""
    return (
        Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .order_by("-opens_on")
        .first()
    )


def event_list_for_year(*, year: int) -> QuerySet[Event]:
    """The events held in ``year``, in date order (1 query)."""
    return Event.objects.filter(date__year=year).order_by("date", "title")


CLOSED = [Feedback.Disposition.DONE, Feedback.Disposition.NOT_ADOPTED]


def recommendation_list_for_year(*, year: int) -> tuple[list, list]:
    """Public feedback received in ``year``, and earlier feedback that was
    followed up in ``year`` or is still open: what the annual report lists
    (3 queries)."""
    feedback = list(
        _feedback_for_pages()
        .filter(received_on__year__lte=year)
        .filter(
            Q(received_on__year=year)
            | Q(follow_ups__date__year=year)
            | ~Q(disposition__in=CLOSED)
        )
        .distinct()
        .order_by("received_on", "pk")
    )
    current = [item for item in feedback if item.received_on.year == year]
    earlier = [item for item in feedback if item.received_on.year < year]
    return current, earlier


def follow_up_dated_list(*, feedback: QuerySet[Feedback]) -> QuerySet[FollowUp]:
    """The dated follow-ups of ``feedback`` (a public feedback queryset),
    newest first, with their feedback and its event (1 query)."""
    return (
        FollowUp.objects.filter(feedback__in=feedback.values("pk"), date__isnull=False)
        .select_related("feedback__event")
        .order_by("-date", "-pk")
    )
