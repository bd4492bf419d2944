"""Read queries for inquiries, shared by the public pages, the OParl API and the
report.

Public readers see every inquiry with its questions; answers only once the
inquiry is answered (``Inquiry.Status.ANSWERED``). Every public surface (the
pages, the OParl API, the site search, monitoring and the report) starts from
``public_inquiries()``, so internal fields are never selected for public use.
"""

import functools
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, ExtractYear

from concept.links import page_url_builder
from concept.models import FieldOfAction, Goal
from concept.selectors import concept_current_list
from kassel_integration.compiled import Query, compiled, compiled_slices, totals
from kassel_integration.pagination import CountedRows
from kassel_integration.queries import related_count
from kassel_integration.search import MARK_END, MARK_START, terms_of

from .models import Attachment, Committee, Faction, Inquiry, Question

ANSWERED = Inquiry.Status.ANSWERED
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class InquiryFilters:
    """Validated filter values of the public list (see ``forms.InquiryFilterForm``)."""

    q: str = ""
    faction: Faction | None = None
    committee: Committee | None = None
    year: int | None = None
    field_number: int | None = None
    status: str = ""


# Columns no public reader loads: the staff's own notes, and the search
# index (large, read only by the database). Relations that reach an inquiry
# (a question's ``inquiry``) defer them too: ``internal_fields("inquiry")``.
INTERNAL_FIELDS = (
    "internal_contact",
    "internal_note",
    "search_vector",
    "document_vector",
)


def internal_fields(prefix: str = "") -> list[str]:
    """``INTERNAL_FIELDS``, as seen through the relation ``prefix``."""
    return [f"{prefix}__{name}" if prefix else name for name in INTERNAL_FIELDS]


def public_inquiries() -> QuerySet[Inquiry]:
    """Every inquiry as the public may see it, without its internal columns.

    An inquiry is public once it is recorded (the council publishes it); its
    answers are public once it is answered, which each reader checks with
    ``Inquiry.Status.ANSWERED``. Start every public read here; a later
    ``only()`` cannot bring the internal columns back.
    """
    return Inquiry.objects.defer(*INTERNAL_FIELDS)


# One index probe per year and column instead of reading every inquiry
# ("loose index scan"): the next year's first day, from the indexes on
# submitted_on (list order) and answered_on.
_YEARS_POSTGRESQL = """
WITH RECURSIVE
  submitted(day) AS (
    SELECT min(submitted_on) FROM {table}
    UNION ALL
    SELECT (SELECT min(submitted_on) FROM {table}
            WHERE submitted_on >= make_date(extract(year FROM day)::int + 1, 1, 1))
    FROM submitted WHERE day IS NOT NULL
  ),
  answered(day) AS (
    SELECT min(answered_on) FROM {table}
    UNION ALL
    SELECT (SELECT min(answered_on) FROM {table}
            WHERE answered_on >= make_date(extract(year FROM day)::int + 1, 1, 1))
    FROM answered WHERE day IS NOT NULL
  )
SELECT DISTINCT extract(year FROM day)::int AS year
FROM (SELECT day FROM submitted UNION ALL SELECT day FROM answered) AS days
WHERE day IS NOT NULL
ORDER BY year DESC
"""


def inquiry_year_list() -> list[int]:
    """The years in which an inquiry was submitted or answered, newest first:
    the choices of the year filter (1 query). PostgreSQL reads one index
    entry per year; SQLite (development) reads every inquiry."""
    return inquiry_years_query().rows()


def inquiry_years_query() -> Query:
    """``inquiry_year_list()`` as a query not yet run."""
    if connection.vendor == "postgresql":
        sql = _YEARS_POSTGRESQL.format(table=Inquiry._meta.db_table)
        return Query(connection, sql, ()).then(_newest_first)
    return _years_of_every_inquiry.query().then(_newest_first)


@compiled
def _years_of_every_inquiry() -> QuerySet:
    def years(field: str) -> QuerySet:
        inquiries = Inquiry.objects.filter(**{f"{field}__isnull": False})
        return inquiries.order_by().values_list(ExtractYear(field))

    return years("submitted_on").union(years("answered_on"))


def _newest_first(rows: list[tuple[int]]) -> list[int]:
    return sorted((year for (year,) in rows), reverse=True)


def field_of_action_menu_query() -> Query:
    """(number, title) of the fields of the current edition, for the field
    filter (1 compiled query, not yet run; no rows without a current
    edition)."""
    return _field_menu_rows.query()


@compiled
def _field_menu_rows():
    return (
        FieldOfAction.objects.filter(concept__in=concept_current_list())
        .order_by("number")
        .values_list("number", "title")
    )


# What a listed inquiry shows of its relations.
LISTED_RELATIONS = ("faction", "committee", "answering_organisation")


def _listed_inquiries() -> QuerySet[Inquiry]:
    return (
        public_inquiries()
        .select_related(*LISTED_RELATIONS)
        .annotate(question_count=related_count(Question.objects, "inquiry"))
    )


# What a row of the public list shows: plain values, no model instances.
LIST_ROW_FIELDS = (
    "reference_number",
    "title",
    "faction_name",
    "submitted_on",
    "answered_on",
    "status",
    "question_count",
)


# What a list row reads of other tables, as SQL subqueries: built from
# expressions (Subquery, related_count) they cost about 3,400 Python calls a
# page (issue #20). The faction's name by subquery, not a join: counting the
# matches then reads the inquiries alone (an index-only scan).
_QUESTION_COUNT = """
SELECT COUNT(*) FROM inquiries_question
WHERE inquiries_question.inquiry_id = inquiries_inquiry.id
"""
_FACTION_NAME = """
SELECT name FROM inquiries_faction
WHERE inquiries_faction.id = inquiries_inquiry.faction_id
"""


def _filtered_inquiries(
    *, faction=None, committee=None, year=None, status="", field_number=None
) -> QuerySet[Inquiry]:
    """Public inquiries matching the set filters (a faction or committee as
    instance or primary key)."""
    queryset = public_inquiries()
    if faction:
        queryset = queryset.filter(faction=faction)
    if committee:
        queryset = queryset.filter(committee=committee)
    if year:  # submitted or answered that year, as in the annual report
        queryset = queryset.filter(
            Q(submitted_on__year=year) | Q(answered_on__year=year)
        )
    if status:
        queryset = queryset.filter(status=status)
    if field_number:
        concerning = Question.objects.filter(inquiry=OuterRef("pk")).filter(
            Q(fields_of_action__number=field_number)
            | Q(goals__topic__field__number=field_number)
        )
        queryset = queryset.filter(Exists(concerning))
    return queryset


def _with_row_values(queryset: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    return queryset.annotate(
        question_count=RawSQL(_QUESTION_COUNT, (), output_field=IntegerField()),
        faction_name=RawSQL(_FACTION_NAME, (), output_field=CharField()),
    )


def _list_order(queryset: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    return queryset.order_by(
        F("submitted_on").desc(nulls_last=True), "-reference_number"
    )


def _filter_lookups(filters: InquiryFilters) -> dict:
    return {
        "faction": filters.faction,
        "committee": filters.committee,
        "year": filters.year,
        "status": filters.status,
        "field_number": filters.field_number,
    }


def inquiry_search(*, filters: InquiryFilters) -> QuerySet[dict]:
    """Rows (``LIST_ROW_FIELDS``) of the inquiries matching ``filters``; with
    a query ranked best first and with an HTML-free ``snippet`` (marks as
    \\x02…\\x03; on SQLite with ``fallback_terms`` to cut it)."""
    queryset = _with_row_values(_filtered_inquiries(**_filter_lookups(filters)))
    if not filters.q:
        return _list_order(queryset).values(*LIST_ROW_FIELDS)
    if not terms_of(filters.q):  # signs only (":"), no word: nothing matches
        return queryset.none().values(*LIST_ROW_FIELDS)
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, _raw_query(filters.q)).values(
            *LIST_ROW_FIELDS, "snippet"
        )
    return _search_fallback(queryset, filters.q).values(
        *LIST_ROW_FIELDS, "snippet", "fallback_terms"
    )


class _CompiledRows(CountedRows):
    """The rows of ``inquiry_search()`` as the paginator reads them: the
    count and one page, each a compiled query (issue #20: building the
    search's queries cost about 0.8 ms a page). ``lookups``: the set
    filters (names, primary keys) and the search's ``raw`` query."""

    def __init__(self, lookups: dict):
        self.names = tuple(lookups)
        self.values = tuple(lookups.values())

    def count_query(self) -> Query:
        return _compiled_count(self.names).query(*self.values)

    def page_query(self, start: int, stop: int) -> Query:
        fields = _row_fields(self.names)
        rows = _compiled_page(self.names).query(start, stop, *self.values)
        return rows.then(
            lambda rows: [dict(zip(fields, row, strict=True)) for row in rows]
        )


def _row_fields(names: tuple[str, ...]) -> tuple[str, ...]:
    return (*LIST_ROW_FIELDS, "snippet") if "raw" in names else LIST_ROW_FIELDS


def _matching(lookups: dict) -> QuerySet[Inquiry]:
    raw = lookups.pop("raw", None)
    queryset = _filtered_inquiries(**lookups)
    if raw is None:
        return queryset
    return queryset.filter(document_vector=_search_query(raw))


@functools.cache
def _compiled_count(names: tuple[str, ...]):
    def build(*values):
        lookups = dict(zip(names, values, strict=True))
        return totals(_matching(lookups), count=Count("*"))

    build.__qualname__ = f"inquiry_count[{', '.join(names)}]"
    return compiled(build)


@functools.cache
def _compiled_page(names: tuple[str, ...]):
    """Slices of the list's rows, compiled per filter shape and page
    (``compiled_slices``)."""
    fields = _row_fields(names)

    def build(*values):
        lookups = dict(zip(names, values, strict=True))
        raw = lookups.pop("raw", None)
        queryset = _with_row_values(_filtered_inquiries(**lookups))
        if raw is None:
            queryset = _list_order(queryset)
        else:
            queryset = _search_postgresql(queryset, raw)
        return queryset.values_list(*fields)

    build.__qualname__ = f"inquiry_page[{', '.join(names)}]"
    return compiled_slices(build)


def inquiry_rows(*, filters: InquiryFilters):
    """What the public list pages through: ``inquiry_search()``, as compiled
    queries where they can be (no year filter, PostgreSQL for a search), else
    the queryset itself."""
    compilable = not filters.year and (
        not filters.q or (connection.vendor == "postgresql" and terms_of(filters.q))
    )
    if not compilable:
        return inquiry_search(filters=filters)
    lookups = {
        name: getattr(value, "pk", value)
        for name, value in _filter_lookups(filters).items()
        if value
    }
    if filters.q:
        lookups["raw"] = _raw_query(filters.q)
    return _CompiledRows(lookups)


def _public_question_text():
    """A question's text, followed by its answer only once the inquiry is
    answered: what search may show in a snippet."""
    return Case(
        When(
            inquiry__status=ANSWERED,
            then=Concat("text", Value(" – "), "answer", output_field=TextField()),
        ),
        default=F("text"),
        output_field=TextField(),
    )


def _raw_query(text) -> str:
    """Every word must match as a prefix of its roughly stemmed form
    (``to_tsquery()`` text; empty without a word).

    The German Snowball stemmer maps "Sprachkurs" to "sprachkur" but
    "Sprachkurse" to "sprachkurs"; stripping one suffix first and matching
    prefixes makes both forms (and compounds such as "Sportamt" for "Sport")
    find each other.
    """
    return " & ".join(f"{term}:*" for term in terms_of(text))


# The snippet of a hit: the headline of its best matching question (text,
# and answer once answered: ``_public_question_text()``), best by rank. SQL
# rather than a Subquery of expressions, whose building cost more Python
# calls than the rest of the search (issue #20). Params: status, query,
# options, query, query, status, query, status, query, 0.0.
_SNIPPET_POSTGRESQL = """
SELECT ts_headline(
  'german'::regconfig,
  CASE WHEN answered.status = %s
    THEN question.text || ' – ' || question.answer
    ELSE question.text
  END,
  to_tsquery('german'::regconfig, %s),
  %s
)
FROM inquiries_question AS question
JOIN inquiries_inquiry AS answered ON answered.id = question.inquiry_id
WHERE question.inquiry_id = inquiries_inquiry.id
  AND (
    question.text_vector @@ to_tsquery('german'::regconfig, %s)
    OR (
      question.answer_vector @@ to_tsquery('german'::regconfig, %s)
      AND answered.status = %s
    )
  )
ORDER BY ts_rank(question.text_vector, to_tsquery('german'::regconfig, %s))
  + CASE WHEN answered.status = %s
      THEN ts_rank(question.answer_vector, to_tsquery('german'::regconfig, %s))
      ELSE %s
    END
  DESC
LIMIT 1
"""


def _search_query(raw: str) -> SearchQuery:
    return SearchQuery(raw, config="german", search_type="raw")


def _search_postgresql(queryset, raw):
    """Inquiries whose stored ``document_vector`` (own text, questions, and
    answers once answered) matches: one GIN-indexed vector per inquiry.
    Ranked by the inquiry's own text (number, title, preamble), newest
    first among equals; the snippet comes from its best matching question
    (``_SNIPPET_POSTGRESQL``; answers count only where the inquiry is
    answered), read only for the inquiries shown."""
    if not raw:
        return queryset.none()
    query = _search_query(raw)
    options = ", ".join(
        connection.ops.compose_sql(f"{option}=%s", [value])
        for option, value in (
            ("StartSel", MARK_START),
            ("StopSel", MARK_END),
            ("MaxWords", SNIPPET_WORDS),
            ("MinWords", 15),
        )
    )
    status = ANSWERED.value
    snippet = RawSQL(
        _SNIPPET_POSTGRESQL,
        (status, raw, options, raw, raw, status, raw, status, raw, 0.0),
        output_field=TextField(),
    )
    return (
        queryset.filter(document_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query), snippet=snippet)
        .order_by("-rank", "-reference_number")
    )


def _search_fallback(queryset, text):
    """SQLite: every term (roughly stemmed) must occur somewhere, case-insensitive."""
    terms = terms_of(text)
    if not terms:
        return queryset.none()
    for term in terms:
        in_questions = Question.objects.filter(inquiry=OuterRef("pk")).filter(
            Q(text__icontains=term)
            | Q(answer__icontains=term, inquiry__status=ANSWERED)
        )
        queryset = queryset.filter(
            Q(reference_number__icontains=term)
            | Q(title__icontains=term)
            | Q(preamble__icontains=term)
            | Exists(in_questions)
        )
    first = terms[0]
    best = Question.objects.filter(inquiry=OuterRef("pk")).filter(
        Q(text__icontains=first) | Q(answer__icontains=first, inquiry__status=ANSWERED)
    )
    public_text = _public_question_text()
    return queryset.annotate(
        snippet=Subquery(
            best.annotate(public_text=public_text).values("public_text")[:1]
        ),
        fallback_terms=Value(" ".join(terms)),
    ).order_by(F("submitted_on").desc(nulls_last=True), "-reference_number")


@dataclass(frozen=True)
class Concern:
    """A field or goal a question concerns, as its link shows it."""

    label: str
    url: str


@compiled
def _field_concerns(inquiry_id: int):
    return (
        Question.fields_of_action.through.objects.filter(
            question__inquiry_id=inquiry_id
        )
        .order_by("fieldofaction__number")
        .values_list("question_id", "fieldofaction__number")
    )


@compiled
def _goal_concerns(inquiry_id: int):
    return (
        Question.goals.through.objects.filter(question__inquiry_id=inquiry_id)
        .order_by(*(f"goal__{name}" for name in Goal._meta.ordering))
        .values_list("question_id", "goal__code")
    )


def _concerns(inquiry_id: int) -> tuple[dict, dict]:
    """The field and goal links of the questions of the inquiry
    ``inquiry_id`` (2 compiled queries of plain rows), by question id:
    fields by number, goals in reading order (``Goal.Meta.ordering``)."""
    fields, goals = {}, {}
    field_url = page_url_builder("concept:field-detail", "number")
    goal_url = page_url_builder("concept:goal-detail", "code")
    for question_id, number in _field_concerns(inquiry_id):
        fields.setdefault(question_id, []).append(
            Concern(f"Handlungsfeld {number}", field_url(number))
        )
    for question_id, code in _goal_concerns(inquiry_id):
        goals.setdefault(question_id, []).append(
            Concern(f"Ziel {code}", goal_url(code))
        )
    return fields, goals


# What the public page shows of a question: plain values, no model instances.
QUESTION_ROW_FIELDS = (
    "id",
    "inquiry_id",
    "number",
    "text",
    "text_html",
    "answer",
    "answer_html",
)


@compiled
def _question_rows(inquiry_id: int):
    return (
        Question.objects.filter(inquiry_id=inquiry_id)
        .order_by("position")
        .values_list(*QUESTION_ROW_FIELDS)
    )


def inquiry_question_rows(inquiry: Inquiry) -> None:
    """Give ``inquiry`` (of ``inquiry_detail_list()``) its ``question_list``:
    its questions in order as plain rows (``QUESTION_ROW_FIELDS``) with
    ``field_list`` and ``goal_list`` (``Concern`` links), 3 compiled queries; a
    prefetch would build a model instance per question, field and goal."""
    rows = [
        dict(zip(QUESTION_ROW_FIELDS, row, strict=True))
        for row in _question_rows(inquiry.pk)
    ]
    fields, goals = _concerns(inquiry.pk)
    for row in rows:
        row["field_list"] = fields.get(row["id"], [])
        row["goal_list"] = goals.get(row["id"], [])
    inquiry.question_list = rows


# What the page of an inquiry shows of its relations (``str()`` of a person).
SHOWN_OF_RELATIONS = (
    "faction__name",
    "committee__name",
    "answering_organisation__name",
    "signed_by__name",
    "signed_by__role",
    "answer_signed_by__name",
    "answer_signed_by__role",
)


def inquiry_detail_list() -> QuerySet[Inquiry]:
    """Inquiries with everything the public page of one shows but its
    questions (``inquiry_question_rows()``).

    Queries: inquiry, attachments. Columns the page does not show
    (time stamps, search vectors, the imported source values, the stored
    full text of OParl) stay unread.
    """
    inquiries = (
        public_inquiries()
        .defer("created", "modified", "source_values", "full_text")
        .select_related(
            "faction",
            "committee",
            "answering_organisation",
            "signed_by",
            "answer_signed_by",
        )
        # The inquiry's columns but those deferred above, and of its
        # relations what the page shows: reading all their columns cost
        # 1,500 Python calls (issue #20).
        .only(
            *(field.name for field in Inquiry._meta.concrete_fields),
            *SHOWN_OF_RELATIONS,
        )
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_public=True)
                .only("id", "inquiry_id", "title", "file", "note")
                .order_by("title"),
                to_attr="attachment_list",
            ),
        )
    )
    return inquiries


@compiled(objects=True)
def _inquiry_by_number(reference_number: str):
    return (
        inquiry_detail_list()
        .prefetch_related(None)
        .filter(reference_number=reference_number)
    )


@compiled(objects=True)
def _public_attachments(inquiry_id: int):
    return (
        Attachment.objects.filter(inquiry_id=inquiry_id, is_public=True)
        .only("id", "inquiry_id", "title", "file", "note")
        .order_by("title")
    )


def inquiry_detail_get(*, reference_number: str) -> Inquiry | None:
    """The inquiry of the public page ``reference_number`` as
    ``inquiry_detail_list()`` reads it, its ``attachment_list`` and
    ``question_list`` (``inquiry_question_rows()``) attached, or None: 5
    compiled queries (issue #20: building them cost about 0.6 ms)."""
    found = _inquiry_by_number(reference_number)
    if not found:
        return None
    inquiry = found[0]
    inquiry.attachment_list = _public_attachments(inquiry.pk)
    inquiry_question_rows(inquiry)
    return inquiry


def inquiry_preview_get(*, pk: int) -> Inquiry:
    """One inquiry as its public page will read once it is answered (the
    staff preview): the stored answers shown, nothing internal."""
    inquiry = inquiry_detail_list().get(pk=pk)
    inquiry_question_rows(inquiry)
    inquiry.status = Inquiry.Status.ANSWERED
    return inquiry


def question_list_for_goal(*, goal: Goal) -> QuerySet[Question]:
    """Questions that concern ``goal`` directly, with their inquiry (1 query)."""
    return (
        Question.objects.filter(goals=goal, inquiry__in=public_inquiries())
        .select_related("inquiry__faction")
        .defer(*internal_fields("inquiry"), "answer")
        .order_by("-inquiry__submitted_on", "inquiry__reference_number", "position")
    )


@compiled(named=True)
def _goal_question_rows(goal_id: int):
    return question_list_for_goal(goal=goal_id).values_list(
        "inquiry__reference_number",
        "number",
        "inquiry__faction__name",
        "inquiry__submitted_on",
        "text",
    )


@dataclass(frozen=True)
class GoalQuestion:
    """A question as the goal page lists it (``goal_questions.html``)."""

    url: str
    reference_number: str
    number: str
    faction_name: str
    submitted_on: date | None
    text: str


def goal_questions_section(goal: Goal) -> dict:
    """Context of the goal page's section "Anfragen zu diesem Ziel": the
    questions of ``question_list_for_goal()`` as plain rows (1 compiled
    query; model instances cost about 5,000 Python calls, issue #20)."""
    url = page_url_builder("inquiries:detail", "reference_number")
    return {
        "questions": [
            GoalQuestion(f"{url(row[0])}#frage-{row[1]}", *row)
            for row in _goal_question_rows(goal.pk)
        ]
    }


def inquiry_list_for_year(*, year: int) -> QuerySet[Inquiry]:
    """Inquiries submitted or answered in ``year``, oldest first (1 query)."""
    return (
        _listed_inquiries()
        .filter(Q(submitted_on__year=year) | Q(answered_on__year=year))
        .order_by(F("submitted_on").asc(nulls_last=True), "reference_number")
    )
