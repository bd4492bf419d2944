"""The goal page as a timeline, and whether a metric is on course."""

import datetime
from decimal import Decimal

import pytest

from monitoring.models import GoalStatus, Metric
from monitoring.presentation import metric_course
from tests.concept.test_views import build_field
from tests.factories import (
    DistrictFactory,
    GoalStatusFactory,
    InquiryFactory,
    MeasureFactory,
    MetricFactory,
    ObservationFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def build_goal_with_history():
    goal = build_field(topics=1, goals_per_topic=1).topics.get().goals.get()
    unit = OrganisationFactory(name="Volkshochschule Region Kassel")
    metric = MetricFactory(
        name="Teilnehmende Sprachkurse",
        direction=Metric.Direction.HIGHER,
        target_value=Decimal(300),
        target_year=2030,
    )
    metric.goals.add(goal)
    ObservationFactory(metric=metric, year=2022, value=100)
    latest = ObservationFactory(metric=metric, year=2024, value=200)
    ObservationFactory(metric=metric, year=2024, value=7, district=DistrictFactory())
    old = GoalStatusFactory(
        goal=goal, year=2024, status=GoalStatus.Status.PLANNED, evidence="Beschluss"
    )
    new = GoalStatusFactory(
        goal=goal,
        year=2025,
        status=GoalStatus.Status.DEFERRED,
        narrative="Mittel fehlen.",
        reporting_organisation=unit,
        approved_at=datetime.datetime(2025, 7, 3, 12, tzinfo=datetime.UTC),
    )
    new.evidence_inquiries.add(InquiryFactory(title="Sprachkurse in Kassel"))
    new.evidence_observations.add(latest)
    GoalStatusFactory(goal=goal, year=2026, review=GoalStatus.Review.DRAFT)
    measure = MeasureFactory(title="Deutschsommer")
    measure.goals.add(goal)
    measure.providers.add(unit)
    return goal, old, new


def test_goal_page_shows_every_approved_year_newest_first_with_evidence(client):
    """Each approved year with its status, justification, linked evidence,
    reporting unit and approval date; drafts stay hidden."""
    goal, _old, _new = build_goal_with_history()
    html = client.get(goal.get_absolute_url()).content.decode()
    assert html.index('id="stand-2025"') < html.index('id="stand-2024"')
    assert 'id="stand-2026"' not in html
    heading = {
        year: html.split(f'id="stand-{year}"')[1].split("</h3>")[0]
        for year in (2024, 2025)
    }
    assert "zurückgestellt</span>" in heading[2025]
    assert "in Planung</span>" in heading[2024]
    assert "Mittel fehlen." in html and "Beschluss" in html
    assert "Sprachkurse in Kassel</a>" in html
    assert "Teilnehmende Sprachkurse 2024: 200 Personen</a>" in html
    assert "Gemeldet von <a" in html and "Volkshochschule Region Kassel" in html
    assert "freigegeben am 3. Juli 2025" in html


def test_goal_page_names_its_metrics_with_latest_value_and_course(client):
    """Linked Kennzahlen: latest citywide value, direction and course."""
    goal, _old, _new = build_goal_with_history()
    html = client.get(goal.get_absolute_url()).content.decode()
    assert "200 Personen (2024, gesamte Stadt)" in html
    assert "höher ist besser" in html
    # 2022→2024: +50 a year; 100 to go in 6 years: on course.
    assert "<strong>auf Kurs</strong>" in html
    assert "bis 2030 erreicht" in html


def test_goal_page_query_count_with_timeline(client, django_assert_num_queries):
    """The goal page with a timeline costs 12 queries, however many years.

    data version +1, goal with its edition +1, indicators +1, units +1,
    measures with their providers +1, questions +1, statuses +1, evidence inquiries +1,
    evidence values +1, metrics +1, their citywide values +1,
    recommendations +1.
    """
    goal, _old, _new = build_goal_with_history()
    for year in range(2010, 2020):
        GoalStatusFactory(goal=goal, year=year).evidence_inquiries.add(InquiryFactory())
    with django_assert_num_queries(12):
        response = client.get(goal.get_absolute_url())
    html = response.content.decode()
    assert html.count('<li id="stand-') == 12
    assert "Deutschsommer" in html


@pytest.mark.parametrize(
    "values,target_year,expected",
    [
        ([(2022, 100), (2024, 310)], 2030, "erreicht"),
        ([(2022, 100), (2024, 200)], 2030, "auf_kurs"),
        ([(2022, 190), (2024, 200)], 2030, "nicht_auf_kurs"),
        ([(2022, 190), (2024, 200)], None, "auf_kurs"),
        ([(2022, 200), (2024, 190)], None, "nicht_auf_kurs"),
        ([(2022, 100), (2024, 200)], 2024, "nicht_auf_kurs"),
        ([(2024, 200)], 2030, None),
    ],
)
def test_metric_course_rule(values, target_year, expected):
    """Target 300, higher is better: reached, on pace, too slow, or unknown."""
    metric = Metric(
        unit="Personen",
        direction=Metric.Direction.HIGHER,
        target_value=Decimal(300),
        target_year=target_year,
    )
    series = [ObservationFactory.build(year=y, value=Decimal(v)) for y, v in values]
    course = metric_course(metric=metric, series=series)
    assert (course.key if course else None) == expected
    if course:
        assert course.rule


def test_lower_is_better_and_neutral_metrics():
    """A falling value reaches a lower target; without direction no verdict."""
    series = [ObservationFactory.build(year=2024, value=Decimal(4))]
    lower = Metric(unit="%", direction=Metric.Direction.LOWER, target_value=5)
    assert metric_course(metric=lower, series=series).label == "Ziel erreicht"
    neutral = Metric(unit="%", target_value=5)
    assert metric_course(metric=neutral, series=series) is None


def two_district_values(metric, *, year):
    for number, value in ((1, 40), (2, 70)):
        district = DistrictFactory(number=number)
        ObservationFactory(metric=metric, year=year, value=value, district=district)


def test_metric_page_says_whether_on_course_and_draws_the_city_value(client):
    """The Kennzahl page names the course with its rule; the district chart
    has a reference line for the citywide value of the same year."""
    metric = MetricFactory(
        name="Quote",
        unit="%",
        direction=Metric.Direction.HIGHER,
        target_value=Decimal(60),
        target_year=2030,
    )
    ObservationFactory(metric=metric, year=2022, value=50)
    ObservationFactory(metric=metric, year=2024, value=51)
    two_district_values(metric, year=2024)
    html = client.get(metric.get_absolute_url()).content.decode()
    assert "Stand zum Zielwert: nicht auf Kurs." in html
    assert "bis 2030 erreicht" in html  # the rule, in words
    assert "Stadt gesamt: 51 %" in html


def test_district_chart_without_a_citywide_value_has_no_reference_line(client):
    """No citywide value in the source for that year: no line is invented."""
    metric = MetricFactory(unit="%")
    two_district_values(metric, year=2024)
    html = client.get(metric.get_absolute_url()).content.decode()
    assert "Stadt gesamt" not in html and "stroke-dasharray" not in html
    assert "Stand zum Zielwert" not in html
