"""Public monitoring pages: thin views over selectors and presentation."""

import json

from django.http import HttpResponse
from django.shortcuts import render

from concept.selectors import (
    concept_current_get,
    field_of_action_rows,
    organisation_responsible_rows,
)
from kassel_integration.compiled import together
from kassel_integration.freshness import public_page
from kassel_integration.shortcuts import found

from . import presentation, selectors
from .forms import GoalFilterForm
from .observation_files import observation_rows_export, rows_to_csv


@public_page
def monitoring_index(request):
    """Every Kennzahl, grouped by the Handlungsfeld it belongs to."""
    groups = presentation.metric_groups(rows=selectors.metric_index_rows())
    return render(request, "monitoring/index.html", {"groups": groups})


@public_page
def metric_detail(request, key):
    """One Kennzahl: chart, the same data as a table, definition and source."""
    metric = found(selectors.metric_get(key))
    rows = presentation.value_rows(
        metric=metric, observations=selectors.metric_observations(metric)
    )
    return render(
        request,
        "monitoring/metric_detail.html",
        {
            "metric": metric,
            "rows": rows,
            "charts": presentation.metric_charts(metric=metric, rows=rows),
            "course": presentation.metric_course_of_rows(metric=metric, rows=rows),
            "district_sources": presentation.district_sources(rows=rows),
        },
    )


@public_page
def metric_download(request, key, file_format):
    """The metric's values as CSV or JSON (small values suppressed)."""
    metric = found(selectors.metric_get(key))
    rows = list(
        observation_rows_export(
            queryset=selectors.observation_list(metric=metric), public=True
        )
    )
    if file_format == "csv":
        response = HttpResponse(
            rows_to_csv(rows), content_type="text/csv; charset=utf-8"
        )
    else:
        body = json.dumps(
            {"kennzahl": metric.key, "name": metric.name, "werte": rows},
            ensure_ascii=False,
            indent=2,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{metric.key}.{file_format}"'
    )
    return response


@public_page
def goal_status_list(request):
    """/konzept/ziele/: every goal of the edition with its Umsetzungsstand,
    filtered by the GET form; ``?format=csv`` or ``json`` gives the same list."""
    concept = found(concept_current_get())
    fields, organisations, years = together(
        field_of_action_rows.query(concept.pk),
        organisation_responsible_rows.query(concept.pk),
        selectors.status_years_query(concept=concept),
    )
    form = GoalFilterForm(
        request.GET or None,
        fields_of_action=fields,
        organisations=organisations,
        years=years,
    )
    filters = form.filters()
    goals = selectors.goal_status_table(concept=concept, filters=filters)
    file_format = request.GET.get("format")
    if file_format in ("csv", "json"):
        return _goal_download(presentation.goal_table_rows(goals), file_format)
    return render(
        request,
        "monitoring/goal_list.html",
        {
            "concept": concept,
            "form": form,
            "filters": filters,
            "goals": goals,
            "legend": selectors.status_legend(),
        },
    )


def _goal_download(rows: list[dict], file_format: str) -> HttpResponse:
    if file_format == "csv":
        body, content_type = presentation.goal_table_csv(rows), "text/csv"
    else:
        body = json.dumps({"ziele": rows}, ensure_ascii=False, indent=2)
        content_type = "application/json"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ziele.{file_format}"'
    return response
