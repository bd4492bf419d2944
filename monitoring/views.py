"""Public monitoring pages: thin views over selectors and presentation."""

from django.shortcuts import render

from . import presentation, selectors


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
        },
    )
