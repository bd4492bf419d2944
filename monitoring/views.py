"""Public monitoring pages: thin views over selectors and presentation."""

import json

from django.http import HttpResponse
from django.shortcuts import render

from kassel_integration.freshness import public_page

from . import presentation, selectors
from .services import observation_rows_export, rows_to_csv


@public_page
def monitoring_index(request):
    """Every Kennzahl, grouped by the Handlungsfeld it belongs to."""
    groups: dict[str, list] = {}
    for metric in selectors.metric_list():
        labels = [f"{f.number}. {f.title}" for f in metric.field_list] or [
            "Übergreifende Kennzahlen"
        ]
        for label in labels:
            groups.setdefault(label, []).append(metric)
    return render(
        request,
        "monitoring/index.html",
        {
            "groups": sorted(
                groups.items(), key=lambda item: (item[0][0] == "Ü", item[0])
            )
        },
    )


@public_page
def metric_detail(request, key):
    """One Kennzahl: chart, the same data as a table, definition and source."""
    metric = selectors.metric_get(key=key)
    rows = presentation.value_rows(
        metric=metric, observations=list(selectors.observation_list(metric=metric))
    )
    return render(
        request,
        "monitoring/metric_detail.html",
        {
            "metric": metric,
            "rows": rows,
            "charts": presentation.metric_charts(metric=metric, rows=rows),
            "district_sources": presentation.district_sources(rows=rows),
        },
    )


@public_page
def metric_download(request, key, file_format):
    """The metric's values as CSV or JSON (small values suppressed)."""
    metric = selectors.metric_get(key=key)
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
