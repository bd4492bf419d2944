"""Extension points through which other apps add sections to concept pages.

``concept`` imports no sibling app (DESIGN.md); instead, an app that has
something to say about a concept page registers a section in its
``AppConfig.ready()``:

    register_section("goal", "inquiries/includes/goal_questions.html", context)

``page`` is "index" (``/konzept/``, object: the edition, with ``field_list``:
its fields with ``goal_count`` and ``topic_list`` of (code, title) pairs),
"field" (object: the Handlungsfeld with its edition and ``topic_list``) or
"goal" (object: the goal). ``context(obj)`` returns the template context, or
``None`` to leave the section out; the template receives it as ``section``.
Each section must cost a constant number of queries.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from kassel_integration.compiled import Query, compiled_lookups

PAGES = ("index", "field", "goal")


@dataclass(frozen=True)
class Section:
    template_name: str
    context: dict


_sections: dict[str, list[tuple[str, Callable]]] = {page: [] for page in PAGES}


def register_section(page: str, template_name: str, context: Callable) -> None:
    if (template_name, context) not in _sections[page]:
        _sections[page].append((template_name, context))


def page_sections(page: str, obj) -> list[Section]:
    sections = []
    for template_name, context in _sections[page]:
        data = context(obj)
        if data is not None:
            sections.append(Section(template_name, data))
    return sections


# Goal tables (field, Teilbereich and organisation pages) and search results
# show each goal's Umsetzungsstand: monitoring registers a function returning
# a ``Prefetch`` of the goals' ``statuses`` (``status``, ``year``) as
# ``status_list``, which the search adds to its goals and the tables read as
# plain rows (1 query each).
_goal_prefetches: list[Callable] = []


def register_goal_prefetch(factory: Callable) -> None:
    if factory not in _goal_prefetches:
        _goal_prefetches.append(factory)


def goal_table_prefetches() -> list:
    return [factory() for factory in _goal_prefetches]


def goal_table_status_queries(lookups: dict) -> list[Query]:
    """The status each goal of a table shows, read through the registered
    prefetches as plain rows filtered by ``lookups``
    (``{"goal__topic__field": field}``): one query each, not yet run; the
    ``merged_statuses()`` of their results is {goal id: (key, German label,
    year)}."""
    return [
        _status_rows(factory).query(**lookups).then(_labelled(factory))
        for factory in _goal_prefetches
    ]


def merged_statuses(results: list[dict]) -> dict[int, tuple[str, str, int]]:
    statuses = {}
    for result in results:
        statuses.update(result)
    return statuses


def _labelled(factory) -> Callable[[list], dict[int, tuple[str, str, int]]]:
    """{goal id: (key, label, year)} of the rows of ``_status_rows(factory)``."""
    choices = factory().queryset.model._meta.get_field("status").flatchoices
    labels = {str(key): str(label) for key, label in choices}
    return lambda rows: {
        goal_id: (key, labels.get(key, key), year) for goal_id, key, year in rows
    }


@functools.cache
def _status_rows(factory):
    """The rows of a registered prefetch: a compiled query per factory."""

    @compiled_lookups
    def rows(**lookups):
        queryset = factory().queryset.filter(**lookups)
        return queryset.values_list("goal_id", "status", "year")

    return rows
