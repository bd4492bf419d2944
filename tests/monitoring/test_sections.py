"""What monitoring adds to the concept pages (sections.py and the goal-table
prefetch, through concept.extensions) costs a fixed number of queries."""

from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from concept.selectors import field_of_action_tree
from monitoring import sections, selectors
from monitoring.models import GoalStatus
from tests.concept.test_views import build_field
from tests.factories import (
    GoalStatusFactory,
    InquiryFactory,
    MetricFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db
YEARS = range(2020, 2025)
STATUSES = list(GoalStatus.Status)


def _goals(field):
    return [goal for topic in field.topics.all() for goal in topic.goals.all()]


def _report_every_year(goals):
    """An approved status for every goal in every year of ``YEARS``."""
    for i, goal in enumerate(goals):
        for year in YEARS:
            if not goal.statuses.filter(year=year).exists():
                status = STATUSES[(i + year) % len(STATUSES)]
                GoalStatusFactory(goal=goal, year=year, status=status)


def _reported_edition(*, years: int):
    """A field of 8 goals; with ``years`` 1 one status (2025), with 5 a
    status for every goal in every year of ``YEARS``."""
    field = build_field(topics=2, goals_per_topic=4)
    goals = _goals(field)
    if years == 5:
        _report_every_year(goals)
    else:
        GoalStatusFactory(goal=goals[0])
    return field, goals


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "Umsetzungsstand" in response.content.decode()
    return len(queries)


@pytest.mark.parametrize("page", ["index", "field", "goal", "organisation"])
def test_concept_pages_cost_the_same_with_one_status_and_many(client, page):
    """The overview, a field page, a goal page and an organisation page issue
    as many queries with one approved status as with a status for each of
    their goals in five years (status overview, badges, a goal's history)."""
    field = build_field(topics=2, goals_per_topic=4)
    goals = _goals(field)
    GoalStatusFactory(goal=goals[0], year=2020)
    url = {
        "index": reverse("concept:index"),
        "field": field.get_absolute_url(),
        "goal": goals[0].get_absolute_url(),
        "organisation": goals[0].responsible_organisations.first().get_absolute_url(),
    }[page]
    one = _page_queries(client, url)
    _report_every_year(goals)
    assert _page_queries(client, url) == one


@pytest.mark.parametrize("years", [1, 5])
def test_status_sections_cost_fixed_queries(django_assert_num_queries, years):
    """Each section costs the same however many statuses there are.

    overview of the edition: latest year +1, counts per field and status +1,
    fields with goal counts +1; one field (loaded with its edition and goals,
    as on its page): latest year +1, counts +1; one goal: its approved
    statuses +1, their evidence inquiries +1 and values +1, its Kennzahlen +1
    and their citywide values +1.
    """
    field, goals = _reported_edition(years=years)
    metric = MetricFactory()
    metric.goals.add(goals[0])
    for year in YEARS:
        ObservationFactory(metric=metric, year=year)
    for status in goals[0].statuses.all():
        status.evidence_inquiries.add(InquiryFactory())
        status.evidence_observations.set(metric.observations.all())
    (tree_field,) = field_of_action_tree(concept=field.concept)
    tree_field.concept = field.concept
    with django_assert_num_queries(3):
        overview = sections.index_status(field.concept)
    with django_assert_num_queries(2):
        one_field = sections.field_status(tree_field)
    with django_assert_num_queries(5):
        goal = sections.goal_status(goals[0])
    assert overview["rows"][0].goal_total == len(goals)
    assert one_field["rows"][0].total == (len(goals) if years == 5 else 1)
    assert len(goal["timeline"]) == years
    assert len(goal["metrics"]) == 1


@pytest.mark.parametrize("years", [1, 5])
def test_goal_table_badges_cost_one_query(django_assert_num_queries, years):
    """The latest approved status of every goal in a table: 1 query, whatever
    the number of goals and years."""
    field, goals = _reported_edition(years=years)
    with django_assert_num_queries(1):
        prefetch_related_objects(goals, selectors.goal_status_prefetch())
    latest = [goal.status_list[0].year for goal in goals if goal.status_list]
    assert latest == ([max(YEARS)] * len(goals) if years == 5 else [2025])
