"""Read queries for the concept, shared by public pages, API and report.

Every selector sets the ``select_related``/``prefetch_related`` its callers
need, so that no page issues a query per row.
"""

import functools
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from kassel_integration.compiled import Query, compiled, compiled_lookups, together

from .extensions import goal_table_status_queries, merged_statuses
from .models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalResponsibility,
    Guideline,
    Indicator,
    MainGoal,
    Measure,
    Organisation,
    Topic,
)

NO_CURRENT_EDITION = "Es ist keine aktuelle Fassung des Integrationskonzepts erfasst."


def concept_current_list() -> QuerySet[Concept]:
    """The edition the public pages show: at most one row (a named unique
    constraint), so a view takes ``get_object_or_404(concept_current_list())``."""
    return Concept.objects.filter(is_current=True)


@compiled(objects=True)
def _current_concepts() -> QuerySet[Concept]:
    return concept_current_list()


def concept_current_get() -> Concept | None:
    """The current edition, or None (1 query, compiled once)."""
    concepts = _current_concepts()
    return concepts[0] if concepts else None


def concept_current_or_none() -> Concept | None:
    return concept_current_list().first()


def concept_current() -> Concept:
    """The current edition, for work outside a request (the report); raises
    ``Concept.DoesNotExist`` with a German message when none is marked."""
    concept = concept_current_or_none()
    if concept is None:
        raise Concept.DoesNotExist(NO_CURRENT_EDITION)
    return concept


@compiled(named=True)
def _guidelines(concept_id: int) -> QuerySet:
    return (
        Guideline.objects.filter(concept=concept_id)
        .order_by("number")
        .values_list("number", "text")
    )


def guideline_list(*, concept: Concept) -> list:
    """The Leitlinien of ``concept`` as rows of number and text (1 query,
    compiled once)."""
    return _guidelines(concept.pk)


def field_of_action_choice_list(*, concept: Concept | None) -> list[FieldOfAction]:
    """The fields of ``concept`` for filter menus (one query, nothing prefetched)."""
    if concept is None:
        return []
    return list(FieldOfAction.objects.filter(concept=concept).order_by("number"))


@compiled(objects=True)
def _fields_with_goal_counts(concept_id: int) -> QuerySet[FieldOfAction]:
    return (
        FieldOfAction.objects.filter(concept=concept_id)
        .annotate(goal_count=Count("topics__goals"))
        .order_by("number")
    )


@compiled
def _topic_rows(concept_id: int) -> QuerySet:
    return (
        Topic.objects.filter(field__concept=concept_id)
        .order_by("number")
        .values_list("field_id", "code", "title")
    )


def field_of_action_list(*, concept: Concept) -> list[FieldOfAction]:
    """Fields with ``goal_count`` and their topics as ``topic_list`` of
    (code, title) pairs, in order (for the overview; 2 queries compiled
    once, 1 without fields)."""
    fields = _fields_with_goal_counts(concept.pk)
    topics: dict[int, list[tuple[str, str]]] = {field.pk: [] for field in fields}
    if fields:
        for field_id, code, title in _topic_rows(concept.pk):
            topics[field_id].append((code, title))
    for field in fields:
        field.topic_list = topics[field.pk]
    return fields


def _goal_children() -> list[Prefetch]:
    return [
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position"),
            to_attr="indicator_list",
        ),
        goal_responsibility_prefetch(),
    ]


def goal_responsibility_prefetch() -> Prefetch:
    """A goal's responsible units as ``responsibility_list``, in the order
    (and wording) of the source, not alphabetically."""
    return Prefetch(
        "responsibilities",
        queryset=GoalResponsibility.objects.select_related("organisation").order_by(
            "position", "id"
        ),
        to_attr="responsibility_list",
    )


def responsible_units_by_goal(**goals) -> dict[int, list[tuple[str, str]]]:
    """The responsible units of the goals selected by the Goal lookups
    ``goals`` (``concept=…``, ``topic__field=…``) as plain (label, slug)
    pairs, in the order and wording of the source
    (``GoalResponsibility.label``): for long tables, without a model instance
    per unit (1 query; a join, not a list of goal ids, which costs Django
    several function calls per id to compile)."""
    return responsible_units_by_goal_query(**goals).rows()


def responsible_units_by_goal_query(**goals) -> Query:
    """``responsible_units_by_goal()`` as a query not yet run."""
    return _responsibilities.query(**_of_goals(goals)).then(_units_by_goal)


def _units_by_goal(rows) -> dict[int, list[tuple[str, str]]]:
    units: dict[int, list[tuple[str, str]]] = {}
    for goal_id, designation, name, slug in rows:
        units.setdefault(goal_id, []).append((designation or name, slug))
    return units


@compiled_lookups
def _responsibilities(**lookups) -> QuerySet:
    return (
        GoalResponsibility.objects.filter(**lookups)
        .order_by("position", "id")
        .values_list(
            "goal_id", "designation", "organisation__name", "organisation__slug"
        )
    )


def _of_goals(goals: dict) -> dict:
    """Goal lookups as lookups of a model with a ``goal`` foreign key."""
    return {f"goal__{lookup}": value for lookup, value in goals.items()}


def _of_edition(concept: Concept | None) -> Q:
    """Rows of ``concept``; without one, of the current edition, joined in
    the same query (a page then needs no query of its own for the edition)."""
    return Q(concept=concept) if concept is not None else Q(concept__is_current=True)


def field_of_action_detail_list(
    *, concept: Concept | None = None
) -> QuerySet[FieldOfAction]:
    """The fields of ``concept`` (default: the current edition) with their
    edition (1 query); ``field_page_parts()`` adds what the field page shows
    of one."""
    return FieldOfAction.objects.filter(_of_edition(concept)).select_related("concept")


@compiled(objects=True)
def _current_field(number: int) -> QuerySet[FieldOfAction]:
    return field_of_action_detail_list().filter(number=number)


def field_of_action_get(number: int) -> FieldOfAction | None:
    """Field ``number`` of the current edition with the edition, or None."""
    fields = _current_field(number)
    return fields[0] if fields else None


def field_page_parts(field: FieldOfAction) -> None:
    """Give ``field`` (from ``field_of_action_detail_list()``) its main goals'
    texts as ``main_goal_list`` and its topics as ``topic_list``, each topic
    with its goals as ``goal_list`` of ``GoalTableRow`` (5 queries in 3
    round trips; 3 without goals, 2 without topics)."""
    main_goals, field.topic_list = together(
        _main_goal_texts.query(field.pk), _field_topics.query(field.pk)
    )
    field.main_goal_list = [text for (text,) in main_goals]
    by_topic: dict[int, list[GoalTableRow]] = {}
    rows = (
        goal_table_rows(("topic__number", "number"), topic__field=field)
        if field.topic_list
        else []
    )
    for row in rows:
        by_topic.setdefault(row.topic_id, []).append(row)
    for topic in field.topic_list:
        topic.goal_list = by_topic.get(topic.pk, [])


@compiled(objects=True)
def _field_topics(field_id: int) -> QuerySet[Topic]:
    return Topic.objects.filter(field=field_id).order_by("number")


@dataclass(frozen=True, slots=True)
class GoalTableRow:
    """A goal of a goal table (field and organisation pages) as plain data:
    a model instance per goal, indicator, unit and status was most of those
    pages' time."""

    pk: int
    code: str
    text: str
    footnote: str
    topic_id: int
    indicators: list[str]
    units: list[tuple[str, str]]  # (the unit as the source names it, its slug)
    status: tuple[str, str, int] | None  # (key, label, year); None: none


def goal_table_rows(
    order: tuple[str, ...] | None = None, **goals
) -> list[GoalTableRow]:
    """The goals selected by the Goal lookups ``goals`` (sorted by ``order``,
    default: the model's) with indicators, responsible units and the status
    other apps register for goal tables (3 queries, the last two sent
    together; 1 without goals). The indicators come with the goals, a row
    per goal and indicator."""
    order = order if order is not None else tuple(Goal._meta.ordering)
    rows = _goal_rows(order)(**goals)
    goal_rows: dict[int, tuple] = {}
    indicators: dict[int, list[str]] = {}
    for pk, code, text, footnote, topic_id, indicator in rows:
        if pk not in goal_rows:
            goal_rows[pk] = (code, text, footnote, topic_id)
            indicators[pk] = []
        if indicator is not None:
            indicators[pk].append(indicator)
    if not goal_rows:
        return []
    units, *statuses = together(
        responsible_units_by_goal_query(**goals),
        *goal_table_status_queries(_of_goals(goals)),
    )
    statuses = merged_statuses(statuses)
    return [
        GoalTableRow(
            pk,
            code,
            text,
            footnote,
            topic_id,
            indicators[pk],
            units.get(pk, []),
            statuses.get(pk),
        )
        for pk, (code, text, footnote, topic_id) in goal_rows.items()
    ]


@functools.cache
def _goal_rows(order: tuple[str, ...]):
    """The goal-table rows in ``order``: a compiled query per order."""

    @compiled_lookups
    def rows(**goals) -> QuerySet:
        return (
            Goal.objects.filter(**goals)
            .order_by(*order, "indicators__position")
            .values_list(
                "pk", "code", "text", "footnote", "topic_id", "indicators__text"
            )
        )

    return rows


def goal_list(*, concept: Concept | None = None) -> QuerySet[Goal]:
    """Goals of ``concept`` (default: the current edition) with their edition,
    topic and field (1 query); ``goal_page_parts()`` adds what the goal page
    shows of one goal."""
    return Goal.objects.filter(_of_edition(concept)).select_related(
        "concept", "topic__field"
    )


@compiled
def _main_goal_texts(field_id: int) -> QuerySet:
    return (
        MainGoal.objects.filter(field=field_id).order_by("position").values_list("text")
    )


@compiled(objects=True)
def _current_goal(code: str) -> QuerySet[Goal]:
    return goal_list().filter(code=code)


def goal_get(code: str) -> Goal | None:
    """Goal ``code`` of the current edition with its edition, topic and field,
    or None (1 query, compiled once); ``goal_page_parts()`` adds the rest."""
    goals = _current_goal(code)
    return goals[0] if goals else None


@dataclass(frozen=True, slots=True)
class GoalMeasure:
    """A measure on a goal page as plain data."""

    title: str
    kind: str  # the German label of its kind
    period_note: str
    description: str
    providers: list[tuple[str, str]]  # (name, slug), by name


def goal_page_parts(goal: Goal) -> None:
    """Give ``goal`` (from ``goal_list()``) its indicators as
    ``indicator_list`` (dicts of text and footnote), its responsible units as
    ``unit_list`` ((label, slug) in the order of the source) and its measures
    with their providers as ``measure_list`` (``GoalMeasure`` by title): plain
    rows, no model instance per row (3 queries)."""
    goal.indicator_list = [
        {"text": text, "footnote": footnote}
        for text, footnote in _indicator_texts(goal.pk)
    ]
    goal.unit_list = responsible_units_by_goal(pk=goal.pk).get(goal.pk, [])
    goal.measure_list = _goal_measures(goal)


def _goal_measures(goal: Goal) -> list[GoalMeasure]:
    """The measures of ``goal`` with their providers in one query: a row per
    measure and provider (one without providers: a row with ``None``)."""
    kinds = {str(value): str(label) for value, label in Measure.Kind.choices}
    measures: dict[int, GoalMeasure] = {}
    for pk, title, kind, period_note, description, name, slug in _measure_rows(goal.pk):
        measure = measures.get(pk)
        if measure is None:
            measure = measures[pk] = GoalMeasure(
                title, kinds.get(kind, kind), period_note, description, []
            )
        if name is not None:
            measure.providers.append((name, slug))
    return list(measures.values())


@compiled
def _indicator_texts(goal_id: int) -> QuerySet:
    return (
        Indicator.objects.filter(goal=goal_id)
        .order_by("position")
        .values_list("text", "footnote")
    )


@compiled
def _measure_rows(goal_id: int) -> QuerySet:
    return (
        Measure.objects.filter(goals=goal_id)
        .order_by("title", "pk", "providers__name")
        .values_list(
            "pk",
            "title",
            "kind",
            "period_note",
            "description",
            "providers__name",
            "providers__slug",
        )
    )


def organisation_responsible_list(*, concept: Concept | int) -> QuerySet[Organisation]:
    """Units responsible for goals of ``concept`` (or its primary key), with
    ``goal_count``."""
    return (
        Organisation.objects.filter(goals__concept=concept)
        .annotate(goal_count=Count("goals"))
        .order_by("name")
    )


@compiled
def organisation_goal_counts(concept_id: int) -> QuerySet:
    """``organisation_responsible_list()`` as (name, slug, goal count) rows
    (1 query, compiled once)."""
    return organisation_responsible_list(concept=concept_id).values_list(
        "name", "slug", "goal_count"
    )


@compiled(named=True)
def field_of_action_rows(concept_id: int) -> QuerySet:
    """The fields of an edition for filter menus, as (number, title) rows."""
    return (
        FieldOfAction.objects.filter(concept=concept_id)
        .order_by("number")
        .values_list("number", "title")
    )


@compiled(named=True)
def organisation_responsible_rows(concept_id: int) -> QuerySet:
    """The units of ``organisation_responsible_list()`` for filter menus, as
    (pk, slug, name) rows."""
    return (
        Organisation.objects.filter(goals__concept=concept_id)
        .annotate(goal_count=Count("goals"))
        .order_by("name")
        .values_list("pk", "slug", "name")
    )


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


@compiled(objects=True)
def _organisation(slug: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(slug=slug)


def organisation_get(slug: str) -> Organisation | None:
    """The unit with ``slug``, or None (1 query, compiled once)."""
    organisations = _organisation(slug)
    return organisations[0] if organisations else None


def organisation_goal_list(
    *, organisation: Organisation, concept: Concept
) -> list[GoalTableRow]:
    """The goals of ``concept`` that ``organisation`` is (co-)responsible
    for, as goal-table rows (4 queries)."""
    return goal_table_rows(concept=concept, responsible_organisations=organisation)


@compiled(objects=True)
def _provided_measures(organisation_id: int) -> QuerySet[Measure]:
    return Measure.objects.filter(providers=organisation_id).order_by("title")


def organisation_measure_list(*, organisation: Organisation) -> list[Measure]:
    """The measures ``organisation`` provides, by title (1 query, compiled
    once)."""
    return _provided_measures(organisation.pk)


def field_of_action_tree(*, concept: Concept) -> QuerySet[FieldOfAction]:
    """Every field with topics, goals, indicators and organisations, in
    reading order: the whole edition for the report (5 queries)."""
    goals = Goal.objects.order_by("number").prefetch_related(*_goal_children())
    return (
        FieldOfAction.objects.filter(concept=concept)
        .prefetch_related(
            Prefetch(
                "topics",
                queryset=Topic.objects.order_by("number").prefetch_related(
                    Prefetch("goals", queryset=goals, to_attr="goal_list")
                ),
                to_attr="topic_list",
            )
        )
        .order_by("number")
    )


def measure_list_for_year(*, year: int) -> QuerySet[Measure]:
    """Measures whose recorded period includes ``year`` (open end: still
    running), with providers, fields and the fields of their goals (4 queries).
    Measures recorded without any year are not counted for a year."""
    return (
        Measure.objects.filter(start_year__lte=year)
        .exclude(end_year__lt=year)
        .prefetch_related(
            Prefetch(
                "providers",
                queryset=Organisation.objects.order_by("name"),
                to_attr="provider_list",
            ),
            Prefetch(
                "fields_of_action",
                queryset=FieldOfAction.objects.order_by("number"),
                to_attr="field_list",
            ),
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("topic__field").order_by("code"),
                to_attr="goal_list",
            ),
        )
        .order_by("title", "pk")
    )
