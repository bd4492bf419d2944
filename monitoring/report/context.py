"""What the annual Integrationsbericht shows: one context built from the four
apps' selectors, one function per chapter.

This package is the one place that reads all four apps (DESIGN.md); it does
so only through their selectors.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.conf import settings
from django.utils import timezone

from concept import selectors as concept_selectors
from concept.models import Concept, FieldOfAction, Goal, Measure
from inquiries import selectors as inquiry_selectors
from roundtable import selectors as roundtable_selectors

from .. import presentation, selectors
from ..models import AnnualReport, GoalStatus
from ..sections import status_overview


@dataclass
class GoalEntry:
    """One goal in chapter 1: its approved status and the status it had in
    the last issued report."""

    goal: Goal
    status: GoalStatus
    before: str | None  # status key in the baseline report; None: not listed

    @property
    def changed(self) -> bool:
        return self.before != self.status.status

    @property
    def before_label(self) -> str | None:
        """The baseline status in German (an unknown key as stored)."""
        if self.before is None:
            return None
        try:
            return GoalStatus.Status(self.before).label
        except ValueError:
            return self.before


@dataclass
class FieldEntry:
    field: FieldOfAction
    goals: list[GoalEntry] = field(default_factory=list)
    goals_without_status: list[Goal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


def _status_chapter(
    *,
    concept: Concept,
    year: int,
    fields: list[FieldOfAction],
    baseline: AnnualReport | None,
) -> dict:
    """Chapter 1: every goal with its approved status of ``year``, grouped
    by Handlungsfeld, the distribution, and what changed since ``baseline``."""
    statuses = selectors.goal_status_year_map(concept=concept, year=year)
    before = baseline.status_snapshot if baseline else {}
    entries = [FieldEntry(field_of_action) for field_of_action in fields]
    for entry in entries:
        for topic in entry.field.topic_list:
            for goal in topic.goal_list:
                status = statuses.get(goal.pk)
                if status is None:
                    entry.goals_without_status.append(goal)
                else:
                    entry.goals.append(GoalEntry(goal, status, before.get(goal.code)))
    goal_entries = [goal for entry in entries for goal in entry.goals]
    status = status_overview(
        concept=concept,
        year=year,
        fields=fields,
        title="Umsetzungsstand je Handlungsfeld",
    )
    status["year"] = year if statuses else None
    return {
        "fields": entries,
        "status": status,
        "status_count": len(statuses),
        "goal_count": sum(field_of_action.goal_count for field_of_action in fields),
        "changes": [goal for goal in goal_entries if goal.changed] if baseline else [],
        "snapshot": {entry.goal.code: entry.status.status for entry in goal_entries},
        "annex": _annex(fields=fields, statuses=statuses),
    }


def _measure_fields(measure: Measure) -> set[int]:
    """The fields a measure belongs to: its own, else those of its goals."""
    own = {field.pk for field in measure.field_list}
    return own or {goal.topic.field_id for goal in measure.goal_list}


def _measure_chapter(*, year: int, entries: list[FieldEntry]) -> dict:
    """Chapter 2: the programmes and measures of ``year``, filed into the
    field ``entries``; those of no field are cross-cutting."""
    by_field = {entry.field.pk: entry for entry in entries}
    cross_cutting = []
    for measure in concept_selectors.measure_list_for_year(year=year):
        field_ids = _measure_fields(measure) & by_field.keys()
        for field_id in field_ids:
            by_field[field_id].measures.append(measure)
        if not field_ids:
            cross_cutting.append(measure)
    return {
        "cross_cutting_measures": cross_cutting,
        "measure_count": sum(len(entry.measures) for entry in entries)
        + len(cross_cutting),
    }


def _metric_chapter(*, year: int) -> dict:
    """Chapter 3: every Kennzahl with values up to ``year``: table, charts
    and the sentences on its development."""
    observations = selectors.observation_list_until(year=year)
    by_metric = {
        metric_id: list(values)
        for metric_id, values in groupby(observations, key=lambda o: o.metric_id)
    }
    entries = []
    for metric in selectors.metric_list():
        values = by_metric.get(metric.pk)
        if not values:
            continue
        rows = presentation.value_rows(metric=metric, observations=values)
        entries.append(
            {
                "metric": metric,
                "rows": rows,
                "charts": presentation.metric_charts(metric=metric, rows=rows),
                "trend": presentation.metric_trend(metric=metric, rows=rows),
            }
        )
    return {"metrics": entries}


@dataclass
class FeedbackEntry:
    """A recommendation in chapter 4 with the follow-ups known by the end of
    the report year (an undated one cannot be placed later, so it stays)."""

    item: object
    follow_ups: list


def _feedback_entries(items, *, year: int) -> list[FeedbackEntry]:
    return [
        FeedbackEntry(
            item,
            [f for f in item.follow_up_list if f.date is None or f.date.year <= year],
        )
        for item in items
    ]


def _roundtable_chapter(*, year: int) -> dict:
    """Chapter 4: the Runder Tisch's meetings and recommendations of ``year``
    and the earlier recommendations still followed up; nothing dated after
    the end of ``year``."""
    current, earlier = roundtable_selectors.recommendation_list_for_year(year=year)
    return {
        "events": list(roundtable_selectors.event_list_for_year(year=year)),
        "feedback_current": _feedback_entries(current, year=year),
        "feedback_earlier": _feedback_entries(earlier, year=year),
    }


def _inquiry_chapter(*, year: int) -> dict:
    """Chapter 5: the council inquiries of ``year`` on integration, each with
    its answer date only if the answer came by the end of ``year``."""
    rows = [
        (
            inquiry,
            inquiry.answered_on
            if inquiry.answered_on and inquiry.answered_on.year <= year
            else None,
        )
        for inquiry in inquiry_selectors.inquiry_list_for_year(year=year)
    ]
    return {"inquiries": rows}


def _annex(*, fields: list[FieldOfAction], statuses: dict) -> list[dict]:
    """The annex: every goal of every topic with its approved status of the
    report year (None: none approved)."""
    return [
        {
            "field": field_of_action,
            "topics": [
                (topic, [(goal, statuses.get(goal.pk)) for goal in topic.goal_list])
                for topic in field_of_action.topic_list
            ],
        }
        for field_of_action in fields
    ]


def report_context(
    *,
    year: int,
    concept: Concept | None = None,
    baseline: AnnualReport | None = None,
    stand: date | None = None,
) -> dict:
    """Everything the report shows for ``year``; ``baseline`` is the issued
    report that "Was hat sich geändert" compares with."""
    concept = concept or concept_selectors.concept_current()
    fields = list(concept_selectors.field_of_action_tree(concept=concept))
    for field_of_action in fields:
        field_of_action.goal_count = sum(
            len(topic.goal_list) for topic in field_of_action.topic_list
        )
    status = _status_chapter(
        concept=concept, year=year, fields=fields, baseline=baseline
    )
    return {
        "year": year,
        "concept": concept,
        "stand": stand or timezone.localdate(),
        "issuer": settings.REPORT_ISSUER,
        "site_url": settings.SITE_URL,
        "baseline": baseline,
        **status,
        **_measure_chapter(year=year, entries=status["fields"]),
        **_metric_chapter(year=year),
        **_roundtable_chapter(year=year),
        **_inquiry_chapter(year=year),
    }
