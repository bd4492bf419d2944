"""Public concept pages: what a reader sees, and how many queries it costs."""

import re

from django.urls import reverse

import pytest

from concept import selectors
from concept.models import Concept
from roundtable.models import Event, Feedback
from tests.factories import (
    ConceptFactory,
    FieldOfActionFactory,
    GoalFactory,
    GoalStatusFactory,
    IndicatorFactory,
    InquiryFactory,
    MeasureFactory,
    OrganisationFactory,
    QuestionFactory,
    TopicFactory,
)

# each recommendation links to its permalink page
RECOMMENDATION_LINK = re.compile(r'href="/runder-tisch/empfehlungen/\d+/"')

pytestmark = pytest.mark.django_db


def build_field(*, topics, goals_per_topic, number=1):
    """A current edition with one field of ``topics`` × ``goals_per_topic`` goals."""
    concept = ConceptFactory(is_current=True)
    field = FieldOfActionFactory(concept=concept, number=number)
    organisations = [OrganisationFactory(), OrganisationFactory()]
    for topic_number in range(1, topics + 1):
        topic = TopicFactory(field=field, number=topic_number)
        for goal_number in range(1, goals_per_topic + 1):
            goal = GoalFactory(
                topic=topic,
                number=goal_number,
                responsible_organisations=organisations,
            )
            IndicatorFactory(goal=goal, position=1)
            IndicatorFactory(goal=goal, position=2)
    return field


@pytest.mark.parametrize("topics,goals_per_topic", [(1, 1), (5, 20)])
def test_field_page_query_count_does_not_grow(
    client, django_assert_num_queries, topics, goals_per_topic
):
    """The field page costs the same 9 queries for 1 goal and for 100 goals.

    field with its edition +1, main goals +1, topics +1, goals with their
    indicators +1, responsible organisations +1, latest approved status of
    each goal (badges) +1, latest status year +1, status counts +1,
    recommendations concerning the field (plain rows) +1.
    """
    field = build_field(topics=topics, goals_per_topic=goals_per_topic)
    GoalStatusFactory(goal=field.topics.first().goals.first())
    with django_assert_num_queries(10):  # +1: data version
        response = client.get(field.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="ziel-') == topics * goals_per_topic


@pytest.mark.parametrize("goals", [1, 30])
def test_concept_index_query_count_does_not_grow(
    client, django_assert_num_queries, goals
):
    """The overview costs 7 queries however many goals there are.

    current edition +1, fields with goal counts +1, topics +1, guidelines +1,
    responsible units with goal counts +1, latest status year +1, status
    counts +1 (the status table reuses the fields).
    """
    field = build_field(topics=1, goals_per_topic=goals)
    GoalStatusFactory(goal=field.topics.first().goals.first())
    with django_assert_num_queries(8):  # +1: data version
        response = client.get(reverse("concept:index"))
    expected = "1 Handlungsfeld mit 1 Ziel<" if goals == 1 else f"mit {goals} Zielen"
    assert expected in response.content.decode()


@pytest.mark.parametrize("goals", [1, 30])
def test_organisation_page_query_count_does_not_grow(
    client, django_assert_num_queries, goals
):
    """An organisation page costs 6 queries whatever the number of its goals.

    current edition +1, organisation +1, goals with their indicators +1,
    organisations +1, latest approved status of each goal (badges) +1,
    measures +1.
    """
    field = build_field(topics=1, goals_per_topic=goals)
    organisation = field.topics.get().goals.first().responsible_organisations.first()
    with django_assert_num_queries(7):  # +1: data version
        response = client.get(organisation.get_absolute_url())
    assert response.content.decode().count('<tr id="ziel-') == goals


def test_goal_page_query_count(client, django_assert_num_queries):
    """A goal page costs 10 queries: goal with its edition, indicators, units,
    measures with their providers, questions concerning the goal, approved
    statuses, their evidence inquiries, their evidence values, metrics (none
    here, so their values are not asked for), recommendations concerning the
    goal."""
    field = build_field(topics=1, goals_per_topic=3)
    goal = field.topics.get().goals.first()
    measure = MeasureFactory(title="Deutschsommer")
    measure.goals.add(goal)
    measure.providers.add(OrganisationFactory(name="Stiftung Polytechnische"))
    GoalStatusFactory(goal=goal)
    with django_assert_num_queries(11):  # +1: data version
        response = client.get(goal.get_absolute_url())
    assert "Deutschsommer" in response.content.decode()
    assert "Stiftung Polytechnische" in response.content.decode()


def add_feedback(goal, count):
    """``count`` public feedback items on ``goal`` and its field, alternately
    recommendations and suggestions, each from an event of its own, and as
    many questions on the goal, each in an inquiry of its own."""
    for number in range(count):
        event = Event.objects.create(
            slug=f"termin-{number}",
            kind=Event.Kind.ROUND_TABLE,
            title=f"Termin {number}",
        )
        feedback = Feedback.objects.create(
            kind=Feedback.Kind.RECOMMENDATION
            if number % 2
            else Feedback.Kind.SUGGESTION,
            title=f"Rückmeldung {number}",
            text="Text",
            event=event,
            moderation=Feedback.Moderation.APPROVED,
            is_public=True,
        )
        feedback.goals.add(goal)
        feedback.fields_of_action.add(goal.topic.field)
        question = QuestionFactory(inquiry=InquiryFactory(), text=f"Frage {number}?")
        question.goals.add(goal)


@pytest.mark.parametrize("count", [1, 12])
def test_goal_page_with_feedback_and_questions_query_count(
    client, django_assert_num_queries, count
):
    """A goal page with recommendations, other feedback and questions costs
    the same 10 queries for 1 and for 12 of each (those of
    test_goal_page_query_count): questions come with their inquiries, feedback
    with its events."""
    goal = build_field(topics=1, goals_per_topic=1).topics.get().goals.get()
    MeasureFactory().goals.add(goal)
    goal.measures.get().providers.add(OrganisationFactory())
    GoalStatusFactory(goal=goal)
    add_feedback(goal, count)
    with django_assert_num_queries(11):  # +1: data version
        response = client.get(goal.get_absolute_url())
    html = response.content.decode()
    assert len(RECOMMENDATION_LINK.findall(html)) == count
    assert f"Frage {count - 1}?" in html


@pytest.mark.parametrize("count", [1, 12])
def test_field_page_with_feedback_query_count(client, django_assert_num_queries, count):
    """A field page with feedback from many events costs the same 9 queries
    as without (see test_field_page_query_count_does_not_grow)."""
    field = build_field(topics=1, goals_per_topic=2)
    goal = field.topics.get().goals.first()
    GoalStatusFactory(goal=goal)
    add_feedback(goal, count)
    with django_assert_num_queries(10):  # +1: data version
        response = client.get(field.get_absolute_url())
    html = response.content.decode()
    assert len(RECOMMENDATION_LINK.findall(html)) == count


def test_current_edition_outside_a_request_is_a_plain_error():
    """Without a current edition, work outside a request (the annual report's
    job) fails with a German sentence, never with an HTTP 404."""
    ConceptFactory(is_current=False)
    with pytest.raises(Concept.DoesNotExist, match="keine aktuelle Fassung"):
        selectors.concept_current()


def test_unknown_goal_and_field_give_404(client):
    """A mistyped goal code or field number is a plain 404, not an error."""
    build_field(topics=1, goals_per_topic=1)
    assert client.get("/konzept/ziel/9.9.9/").status_code == 404
    assert client.get("/konzept/handlungsfeld/42/").status_code == 404
    assert client.get("/konzept/organisation/gibt-es-nicht/").status_code == 404


def test_pages_without_current_edition_give_404(client):
    """Without a current edition the concept pages say so instead of crashing."""
    ConceptFactory(is_current=False)
    response = client.get(reverse("concept:index"))
    assert response.status_code == 404
