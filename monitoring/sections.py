"""Sections the monitoring adds to the concept pages (see concept.extensions)."""

from concept.models import Concept, FieldOfAction

from . import presentation, selectors


def status_overview(
    *,
    concept: Concept,
    year: int,
    fields: list[FieldOfAction] | None,
    title: str,
) -> dict:
    """The approved status distribution of ``year`` per Handlungsfeld: table
    rows, definitions and chart; the concept pages and the report share it."""
    rows = selectors.status_distribution(concept=concept, year=year, fields=fields)
    return {
        "year": year,
        "rows": rows,
        "legend": selectors.status_legend(),
        "chart": presentation.status_chart(title=f"{title} {year}", rows=rows),
    }


def _latest_overview(concept, fields, title):
    year = selectors.status_latest_year(concept=concept)
    if year is None:
        return {"year": None}
    return status_overview(concept=concept, year=year, fields=fields, title=title)


def index_status(concept):
    """Status distribution of every Handlungsfeld for the latest year (the
    fields the overview has read, if it passes them as ``field_list``)."""
    fields = getattr(concept, "field_list", None)
    return _latest_overview(concept, fields, "Umsetzungsstand je Handlungsfeld")


def field_status(field):
    """Status distribution of one Handlungsfeld for the latest year."""
    field.goal_count = sum(len(topic.goal_list) for topic in field.topic_list)
    return _latest_overview(
        field.concept, [field], f"Umsetzungsstand Handlungsfeld {field.number}"
    )


def goal_status(goal):
    """The goal's approved statuses year by year (newest first) with their
    evidence, its metrics with latest value and course, and the definitions."""
    statuses = selectors.goal_status_public_list(goal=goal)
    metrics = selectors.metric_list_for_goal(goal=goal)
    return {
        "timeline": [presentation.timeline_entry(status) for status in statuses],
        "metrics": [presentation.metric_summary(metric) for metric in metrics],
        "legend": selectors.status_legend(),
    }
