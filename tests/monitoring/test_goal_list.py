"""/konzept/ziele/ and the status badges: which goals are behind, and who is
responsible, without opening every goal page."""

import csv
import io
import json

from django.urls import reverse

import pytest

from monitoring.models import GoalStatus
from tests.concept.test_views import build_field
from tests.factories import FieldOfActionFactory, GoalStatusFactory, TopicFactory

pytestmark = pytest.mark.django_db

DEFERRED = GoalStatus.Status.DEFERRED
URL = "/konzept/ziele/"


def goals_of(field):
    return [goal for topic in field.topics.all() for goal in topic.goals.all()]


def test_list_filters_deferred_goals_of_a_field_with_their_units(client):
    """Filtered by status and field, the list shows just those goals, their
    responsible units and the status badge with its year."""
    field = build_field(topics=1, goals_per_topic=3)
    deferred, done, _without = goals_of(field)
    GoalStatusFactory(goal=deferred, status=DEFERRED, year=2025)
    GoalStatusFactory(goal=done, status=GoalStatus.Status.ACHIEVED, year=2025)
    page = client.get(URL, {"umsetzungsstand": "zurueckgestellt", "handlungsfeld": 1})
    html = page.content.decode()
    assert f'id="ziel-{deferred.code}"' in html
    assert f'id="ziel-{done.code}"' not in html
    assert "zurückgestellt · 2025" in html
    unit = deferred.responsibilities.first().label
    assert unit in html


def test_ohne_angabe_lists_goals_without_approved_status_in_that_year(client):
    """ "ohne Angabe" are the goals without an approved status in the year."""
    field = build_field(topics=1, goals_per_topic=3)
    with_status, draft, old = goals_of(field)
    GoalStatusFactory(goal=with_status, year=2025)
    GoalStatusFactory(goal=draft, year=2025, review=GoalStatus.Review.DRAFT)
    GoalStatusFactory(goal=old, year=2024)
    html = client.get(URL, {"umsetzungsstand": "ohne_angabe"}).content.decode()
    assert f'id="ziel-{with_status.code}"' not in html
    assert f'id="ziel-{draft.code}"' in html and f'id="ziel-{old.code}"' in html
    assert "2 Ziele · Berichtsjahr 2025" in html  # default: latest year


def test_year_topic_and_organisation_filters(client):
    """jahr picks the Berichtsjahr, teilbereich and organisation narrow the list."""
    field = build_field(topics=2, goals_per_topic=1)
    first, second = goals_of(field)
    GoalStatusFactory(goal=first, year=2024, status=DEFERRED)
    GoalStatusFactory(goal=first, year=2025)
    html = client.get(URL, {"jahr": 2024, "umsetzungsstand": "zurueckgestellt"})
    assert f'id="ziel-{first.code}"' in html.content.decode()
    topic = client.get(URL, {"teilbereich": second.topic.code}).content.decode()
    assert f'id="ziel-{second.code}"' in topic
    assert f'id="ziel-{first.code}"' not in topic
    slug = first.responsible_organisations.first().slug
    other = FieldOfActionFactory(concept=field.concept, number=2)
    topic = TopicFactory(field=other)
    GoalStatusFactory(goal__topic=topic, goal__concept=field.concept)
    by_unit = client.get(URL, {"organisation": slug}).content.decode()
    assert by_unit.count('<tr id="ziel-') == 2


def test_invalid_filters_give_a_german_message_not_an_error(client):
    """Mistyped filters are named in German and left out; the page still works."""
    build_field(topics=1, goals_per_topic=2)
    response = client.get(
        URL,
        {
            "umsetzungsstand": "verspaetet",
            "handlungsfeld": "x",
            "teilbereich": "eins",
            "organisation": "gibt-es-nicht",
            "jahr": "1900",
            "sortierung": "egal",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nicht alle Angaben konnten verwendet werden" in html
    assert "z. B. „1.2“" in html
    assert html.count('<tr id="ziel-') == 2


def test_sorting_by_status_and_progress(client):
    """sortierung=fortschritt puts the most advanced goal first."""
    field = build_field(topics=1, goals_per_topic=3)
    low, high, _none = goals_of(field)
    GoalStatusFactory(goal=low, progress=10)
    GoalStatusFactory(goal=high, progress=90)
    html = client.get(URL, {"sortierung": "fortschritt"}).content.decode()
    assert html.index(f'id="ziel-{high.code}"') < html.index(f'id="ziel-{low.code}"')


def test_csv_and_json_give_the_filtered_list_formula_safe(client):
    """The downloads hold the same goals; a cell starting with = is defused."""
    field = build_field(topics=1, goals_per_topic=2)
    goal, other = goals_of(field)
    goal.text = "=HYPERLINK(1)"
    goal.save()
    GoalStatusFactory(goal=goal, status=DEFERRED, progress=5)
    query = {"umsetzungsstand": "zurueckgestellt", "format": "csv"}
    text = client.get(URL, query).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["Nr"] for row in rows] == [goal.code]
    assert rows[0]["Ziel"] == "'=HYPERLINK(1)"
    assert rows[0]["Umsetzungsstand"] == "zurückgestellt"
    data = json.loads(client.get(URL, {"format": "json"}).content)
    assert {row["Nr"]: row["Umsetzungsstand"] for row in data["ziele"]} == {
        goal.code: "zurückgestellt",
        other.code: "ohne Angabe",
    }


@pytest.mark.parametrize("goals", [1, 100])
def test_goal_list_query_count_does_not_grow(client, django_assert_num_queries, goals):
    """The list costs 7 queries for 1 goal and for 100.

    data version +1, current edition +1, fields +1, units +1, status years +1,
    goals with topic, field and status of the year +1, responsible units +1.
    """
    field = build_field(topics=1, goals_per_topic=goals)
    for goal in goals_of(field):
        GoalStatusFactory(goal=goal)
    with django_assert_num_queries(7):
        response = client.get(URL, {"handlungsfeld": 1, "sortierung": "stand"})
    assert response.content.decode().count('<tr id="ziel-') == goals


def test_field_page_shows_each_goals_latest_status_badge(client):
    """Goal tables on field and organisation pages carry the latest approved
    status with its year, or "ohne Angabe"."""
    field = build_field(topics=1, goals_per_topic=2)
    goal, _other = goals_of(field)
    GoalStatusFactory(goal=goal, year=2024, status=GoalStatus.Status.PLANNED)
    GoalStatusFactory(goal=goal, year=2025, status=DEFERRED)
    GoalStatusFactory(goal=goal, year=2026, review=GoalStatus.Review.SUBMITTED)
    unit = goal.responsibilities.first().organisation
    for url in (field.get_absolute_url(), unit.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "zurückgestellt · 2025" in html
        assert "ohne Angabe" in html
        assert "· 2026" not in html  # submitted, not approved


def test_overview_counts_link_to_the_filtered_list(client):
    """Each count on the overview, "ohne Angabe" too, links to those goals."""
    field = build_field(topics=1, goals_per_topic=3)
    GoalStatusFactory(goal=goals_of(field)[0], status=DEFERRED)
    html = client.get(reverse("concept:index")).content.decode()
    rest = "&amp;handlungsfeld=1&amp;jahr=2025"
    link = f"/konzept/ziele/?umsetzungsstand=zurueckgestellt{rest}"
    assert f'<a class="count-link" href="{link}">1</a>' in html
    missing = f"/konzept/ziele/?umsetzungsstand=ohne_angabe{rest}"
    assert f'<a class="count-link" href="{missing}">2</a>' in html
    assert "ohne Angabe 2" in html  # in the chart's text alternative
