"""Public monitoring pages: metric list, metric page with chart and table."""

from django.urls import reverse

import pytest

from tests.factories import (
    DistrictFactory,
    FieldOfActionFactory,
    MetricFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db


def content(response):
    assert response.status_code == 200
    return response.content.decode()


def test_index_groups_metrics_by_field(client):
    """Metrics appear under their Handlungsfeld, others under "Übergreifend",
    each with its unit, one without values marked; the number of values is
    on the metric's page."""
    field = FieldOfActionFactory(number=1, title="Bildung und Sprachförderung")
    courses = MetricFactory(name="Teilnehmende Sprachkurse", unit="Personen")
    courses.fields_of_action.add(field)
    for year in (2015, 2016, 2017):
        ObservationFactory(metric=courses, year=year)
    MetricFactory(name="Eingeworbene Projektmittel", unit="€")
    html = content(client.get(reverse("monitoring:index")))
    assert 'Teilnehmende Sprachkurse</a> <span class="meta">(Personen)' in html
    assert (
        'Eingeworbene Projektmittel</a> <span class="meta">(noch keine Werte, €)'
        in html
    )
    assert html.index("1. Bildung und Sprachförderung") < html.index(
        "Teilnehmende Sprachkurse"
    )
    assert html.index("Übergreifende Kennzahlen") < html.index(
        "Eingeworbene Projektmittel"
    )
    page = content(client.get(courses.get_absolute_url()))
    assert "Teilnehmende Sprachkurse: alle Werte (3)</caption>" in page


def test_metric_page_shows_chart_table_and_qualifiers(client):
    """A time series gets a line chart; "rund" and "über" stay with the value."""
    metric = MetricFactory(name="Teilnehmende VHS-Sprachkurse", unit="Personen")
    ObservationFactory(metric=metric, year=2015, value=350)
    ObservationFactory(metric=metric, year=2016, value=400, qualifier="rund")
    html = content(client.get(metric.get_absolute_url()))
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "rund 400 Personen" in html
    assert "350 Personen" in html
    assert metric.definition in html and metric.source in html


def test_small_numbers_are_not_disclosed(client):
    """Breakdown values below the threshold show as "< 5", never the value."""
    metric = MetricFactory(unit="Personen", disclosure_threshold=5)
    district = DistrictFactory(name="Waldau")
    ObservationFactory(metric=metric, year=2020, district=district, value=3)
    ObservationFactory(metric=metric, year=2020, area="Sport", value=17)
    html = content(client.get(metric.get_absolute_url()))
    assert "&lt; 5 Personen" in html
    assert ">3 Personen<" not in html and "17 Personen" in html


@pytest.mark.parametrize("count", [2, 40])
def test_metric_page_query_count_is_constant(client, django_assert_num_queries, count):
    """The metric page costs 3 queries: metric, its goals, its values."""
    metric = MetricFactory()
    for year in range(count):
        ObservationFactory(metric=metric, year=1990 + year)
    with django_assert_num_queries(4):  # +1: data version
        content(client.get(metric.get_absolute_url()))


@pytest.mark.parametrize("count", [1, 25])
def test_index_query_count_is_constant(client, django_assert_num_queries, count):
    """The metric list costs 1 query: metrics with their fields."""
    field = FieldOfActionFactory()
    for _ in range(count):
        MetricFactory().fields_of_action.add(field)
    with django_assert_num_queries(2):  # +1: data version
        content(client.get(reverse("monitoring:index")))


def test_unknown_metric_gives_404(client):
    """A mistyped metric key is a plain 404."""
    assert client.get("/monitoring/gibt-es-nicht/").status_code == 404


def test_index_orders_fields_by_number_and_cross_cutting_last(client):
    """Handlungsfelder follow their numbers (10 after 2, whatever the title
    starts with); metrics of no field come last."""
    for number, title in [(10, "Arbeit"), (2, "Übergänge in Ausbildung")]:
        MetricFactory(name=f"Kennzahl {number}").fields_of_action.add(
            FieldOfActionFactory(number=number, title=title)
        )
    MetricFactory(name="Projektmittel")
    html = content(client.get(reverse("monitoring:index")))
    assert (
        html.index("2. Übergänge in Ausbildung")
        < html.index("10. Arbeit")
        < html.index("Übergreifende Kennzahlen")
    )


def test_target_value_reads_like_the_chart(client):
    """The Zielwert in the definition list is written like the chart's key:
    German digits, no trailing zeros."""
    metric = MetricFactory(unit="Personen", target_value=2000.5, target_year=2030)
    ObservationFactory(metric=metric, year=2015, value=350)
    ObservationFactory(metric=metric, year=2016, value=400)
    html = content(client.get(metric.get_absolute_url()))
    assert "<dd>2.000,5 Personen bis 2030</dd>" in html
    assert "Ziel 2.000,5 Personen (2030)" in html
