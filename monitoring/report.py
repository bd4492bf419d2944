"""The annual Integrationsbericht: one context from the apps' query functions,
one template for the HTML preview and the PDF, rendered by WeasyPrint as
PDF/UA-1.

This is the one module that reads all four apps (DESIGN.md); it does so only
through their selectors.
"""

import logging
import mimetypes
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone

from weasyprint.urls import URLFetcher, URLFetcherResponse

from concept import selectors as concept_selectors
from concept.models import Concept, FieldOfAction, Goal, Measure
from inquiries import selectors as inquiry_selectors
from roundtable import selectors as roundtable_selectors

from . import presentation, selectors
from .models import AnnualReport, GoalStatus

TEMPLATE = "monitoring/report/report.html"
PDF_VARIANT = "pdf/ua-1"


@dataclass
class GoalEntry:
    """One goal in chapter 1: its approved status and the status it had in
    the last issued report."""

    goal: Goal
    status: GoalStatus
    before: str | None  # German label in the baseline report; None: not listed

    @property
    def changed(self) -> bool:
        return self.before != self.status.get_status_display()


@dataclass
class FieldEntry:
    field: FieldOfAction
    goals: list[GoalEntry] = field(default_factory=list)
    goals_without_status: list[Goal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    page_count: int
    assembly_seconds: float
    layout_seconds: float
    snapshot: dict[str, str]


def _status_label(value: str) -> str:
    try:
        return GoalStatus.Status(value).label
    except ValueError:
        return value


def _measure_fields(measure: Measure) -> set[int]:
    """The fields a measure belongs to: its own, else those of its goals."""
    own = {field.pk for field in measure.field_list}
    return own or {goal.topic.field_id for goal in measure.goal_list}


def _metric_entries(year: int) -> list[dict]:
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
    return entries


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
    statuses = selectors.goal_status_year_map(concept=concept, year=year)
    before = baseline.status_snapshot if baseline else {}
    entries = {
        field_of_action.pk: FieldEntry(field_of_action) for field_of_action in fields
    }
    snapshot = {}
    for field_of_action in fields:
        entry = entries[field_of_action.pk]
        for topic in field_of_action.topic_list:
            for goal in topic.goal_list:
                status = statuses.get(goal.pk)
                if status is None:
                    entry.goals_without_status.append(goal)
                    continue
                snapshot[goal.code] = status.status
                previous = before.get(goal.code)
                entry.goals.append(
                    GoalEntry(
                        goal, status, _status_label(previous) if previous else None
                    )
                )

    cross_cutting = []
    for measure in concept_selectors.measure_list_for_year(year=year):
        field_ids = _measure_fields(measure) & entries.keys()
        for field_id in field_ids:
            entries[field_id].measures.append(measure)
        if not field_ids:
            cross_cutting.append(measure)

    rows = selectors.status_distribution(concept=concept, year=year, fields=fields)
    goal_entries = [goal for entry in entries.values() for goal in entry.goals]
    current_feedback, earlier_feedback = (
        roundtable_selectors.recommendation_list_for_year(year=year)
    )
    return {
        "year": year,
        "concept": concept,
        "stand": stand or timezone.localdate(),
        "issuer": settings.REPORT_ISSUER,
        "site_url": settings.SITE_URL,
        "fields": list(entries.values()),
        "status": {
            "year": year if statuses else None,
            "rows": rows,
            "legend": selectors.status_legend(),
            "chart": presentation.status_chart(
                title=f"Umsetzungsstand je Handlungsfeld {year}", rows=rows
            ),
        },
        "status_count": len(statuses),
        "goal_count": sum(field_of_action.goal_count for field_of_action in fields),
        "baseline": baseline,
        "changes": [goal for goal in goal_entries if goal.changed] if baseline else [],
        "snapshot": snapshot,
        "cross_cutting_measures": cross_cutting,
        "measure_count": sum(len(entry.measures) for entry in entries.values())
        + len(cross_cutting),
        "metrics": _metric_entries(year),
        "events": list(roundtable_selectors.event_list_for_year(year=year)),
        "feedback_current": current_feedback,
        "feedback_earlier": earlier_feedback,
        "inquiries": list(inquiry_selectors.inquiry_list_for_year(year=year)),
    }


def _static_file(name: str) -> str | None:
    """The file on disk behind a static name: the collected copy (with
    ``DEBUG=False`` the template asks for the hashed ``report.<hash>.css``
    that only ``collectstatic`` wrote), else the source file the finders see
    (development)."""
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None
    return finders.find(name)


class StaticFileFetcher(URLFetcher):
    """Lets WeasyPrint read the site's static files from disk and ``data:``
    URLs; anything else (HTTP, other files) is refused, and a file that cannot
    be read stops the rendering instead of leaving the report unstyled."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlparse(url).path)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        found = path.startswith(prefix) and _static_file(path[len(prefix) :])
        if not found:
            raise ValueError(f"Der Bericht lädt nur eigene statische Dateien: {url}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": content_type}
        )


class _PageProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page 12" into "Seite 12 gesetzt"."""

    def __init__(self, progress):
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record):
        if match := re.search(r"Page (\d+)", record.getMessage()):
            self.progress(f"Seiten setzen (WeasyPrint): Seite {match[1]}")


@contextmanager
def _weasyprint_progress(progress):
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _PageProgress(progress)
    saved = progress_logger.level, progress_logger.propagate
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.level, progress_logger.propagate = saved


def report_html(context: dict) -> str:
    return render_to_string(TEMPLATE, context)


def report_render(
    *,
    year: int,
    baseline: AnnualReport | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> Rendered:
    """Assemble, lay out and write the PDF, reporting each step to ``progress``."""
    from weasyprint import HTML

    started = time.perf_counter()
    progress("Daten und Vorlage zusammenstellen …")
    context = report_context(year=year, baseline=baseline)
    html = report_html(context)
    assembled = time.perf_counter()
    progress(f"Seiten setzen (WeasyPrint) … Daten nach {assembled - started:.1f} s")
    with _weasyprint_progress(progress):
        document = HTML(
            string=html, base_url="file:///", url_fetcher=StaticFileFetcher()
        ).render(pdf_variant=PDF_VARIANT)
        progress(f"PDF schreiben ({len(document.pages)} Seiten) …")
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    finished = time.perf_counter()
    return Rendered(
        pdf=pdf,
        page_count=len(document.pages),
        assembly_seconds=assembled - started,
        layout_seconds=finished - assembled,
        snapshot=context["snapshot"],
    )
