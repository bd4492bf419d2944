"""What the concept contributes to the site search: goals, indicators and
measures of the current edition; a goal code jumps to its page."""

import re

from django.db.models import prefetch_related_objects
from django.urls import reverse

from kassel_integration.search import Document, SearchType, register, register_jump

from .extensions import goal_table_prefetches
from .models import Concept, Goal, Indicator, Measure

GOAL_CODE = re.compile(r"\d{1,2}(\.\d{1,2}){2,3}")


def goal_document(goal: Goal) -> Document | None:
    if not goal.concept.is_current:
        return None
    return Document(
        title=f"{goal.code} {goal.text}",
        body=" ".join(part for part in (goal.text, goal.footnote) if part),
        url=goal.get_absolute_url(),
    )


def indicator_document(indicator: Indicator) -> Document | None:
    goal = indicator.goal
    if not goal.concept.is_current:
        return None
    return Document(
        title=f"Indikator zu Ziel {goal.code}",
        body=" ".join(part for part in (indicator.text, indicator.footnote) if part),
        url=f"{goal.get_absolute_url()}#indikatoren",
    )


def measure_document(measure: Measure) -> Document:
    goal = measure.goals.filter(concept__is_current=True).order_by("code").first()
    return Document(
        title=measure.title,
        body=" ".join(
            part
            for part in (measure.description, measure.period_note, measure.funding)
            if part
        ),
        url=goal.get_absolute_url() if goal else reverse("concept:index"),
    )


def goal_details(ids: list[int]) -> dict[int, Goal]:
    """What the goal tables show about each goal from other apps (its
    Umsetzungsstand, ``status_list``), for the goals of one result page.
    The hit already names the goal, so only the prefetches run: the goals
    stand in by their ids (one query per registered prefetch)."""
    goals = [Goal(pk=pk) for pk in ids]
    prefetch_related_objects(goals, *goal_table_prefetches())
    return {goal.pk: goal for goal in goals}


def jump_to_goal(text: str) -> str | None:
    if not GOAL_CODE.fullmatch(text):
        return None
    goal = Goal.objects.filter(concept__is_current=True, code=text).first()
    return goal.get_absolute_url() if goal else None


def register_search() -> None:
    register(
        SearchType(
            Goal,
            "Ziel",
            "Ziele",
            goal_document,
            lambda: Goal.objects.select_related("concept"),
            also={Concept: lambda concept: concept.goals.select_related("concept")},
            details=goal_details,
            details_template="concept/includes/goal_search_status.html",
        )
    )
    register(
        SearchType(
            Indicator,
            "Indikator",
            "Indikatoren",
            indicator_document,
            lambda: Indicator.objects.select_related("goal__concept"),
            also={
                Concept: lambda concept: Indicator.objects.filter(
                    goal__concept=concept
                ).select_related("goal__concept")
            },
        )
    )
    register(
        SearchType(
            Measure, "Maßnahme", "Maßnahmen", measure_document, Measure.objects.all
        )
    )
    register_jump(jump_to_goal)
