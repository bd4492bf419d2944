"""Extension points through which other apps add sections to concept pages.

``concept`` imports no sibling app (DESIGN.md); instead, an app that has
something to say about a goal registers a section in its ``AppConfig.ready()``:

    register_goal_section("inquiries/includes/goal_questions.html", questions_ctx)

where ``questions_ctx(goal)`` returns the template context, or ``None`` to
leave the section out. The template receives that context as ``section``.
Each section must cost a constant number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    template_name: str
    context: dict


_goal_sections: list[tuple[str, Callable]] = []


def register_goal_section(template_name: str, context: Callable) -> None:
    if (template_name, context) not in _goal_sections:
        _goal_sections.append((template_name, context))


def goal_page_sections(*, goal) -> list[Section]:
    sections = []
    for template_name, context in _goal_sections:
        data = context(goal)
        if data is not None:
            sections.append(Section(template_name, data))
    return sections
