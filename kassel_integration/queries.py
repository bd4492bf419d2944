"""Query expressions shared by the apps' selectors."""

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def related_count(rows: QuerySet, field: str):
    """How many of ``rows`` point at the outer row through ``field``, as a
    subquery (0 for none): counted for the rows a page shows, from the index
    on ``field``, not by grouping every outer row with all its related rows."""
    counted = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1]), Value(0))
