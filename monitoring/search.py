"""What the monitoring contributes to the site search: the Kennzahlen."""

from kassel_integration.search import Document, SearchType, register

from .models import Metric


def metric_document(metric: Metric) -> Document:
    return Document(
        title=metric.name,
        body=" ".join(
            part for part in (metric.definition, metric.source, metric.note) if part
        ),
        url=metric.get_absolute_url(),
    )


def register_search() -> None:
    register(
        SearchType(
            Metric, "Kennzahl", "Kennzahlen", metric_document, Metric.objects.all
        )
    )
