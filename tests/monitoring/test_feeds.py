"""Atom feeds: follow the changes without visiting the site."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from inquiries.models import Inquiry
from monitoring.models import GoalStatus
from roundtable.models import Feedback, FollowUp
from tests.concept.test_views import build_field
from tests.factories import (
    FieldOfActionFactory,
    GoalStatusFactory,
    InquiryFactory,
    QuestionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url="/feeds/aenderungen/"):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in feed.iter(f"{ATOM}entry")
    ]


def published_recommendation():
    return Feedback.objects.create(
        kind="empfehlung",
        title="Mehr Kurse",
        text="x",
        moderation="freigegeben",
        is_public=True,
        received_on=datetime.date(2025, 3, 1),
    )


def approve(goal, year, day):
    return GoalStatusFactory(
        goal=goal,
        year=year,
        status=GoalStatus.Status.DEFERRED,
        approved_at=datetime.datetime(2026, 3, day, tzinfo=datetime.UTC),
    )


def test_a_newly_approved_status_appears_first_with_a_link_to_the_goal(client):
    """A subscriber sees the approval as the newest entry, linking to the goal's
    timeline; drafts and submitted statuses never appear."""
    goal = build_field(topics=1, goals_per_topic=1).topics.get().goals.get()
    approve(goal, 2024, 1)
    GoalStatusFactory(goal=goal, year=2026, review=GoalStatus.Review.SUBMITTED)
    assert len(entries(client)) == 1
    approve(goal, 2025, 20)
    title, link = entries(client)[0]
    assert title == f"Ziel {goal.code}: zurückgestellt (2025)"
    assert link.endswith(f"/konzept/ziel/{goal.code}/#stand-2025")
    assert all("(2026)" not in title for title, _link in entries(client))


def test_answered_inquiries_and_public_feedback_with_follow_ups(client):
    """Answered inquiries and published feedback and follow-ups are entries;
    open inquiries and unpublished feedback are not."""
    build_field(topics=1, goals_per_topic=1)
    InquiryFactory(title="Sprachkurse beantwortet")
    InquiryFactory(title="Noch offen", status=Inquiry.Status.RECEIVED, answered_on=None)
    public = published_recommendation()
    FollowUp.objects.create(feedback=public, date=datetime.date(2025, 9, 1), text="y")
    Feedback.objects.create(
        kind="kritik", title="Intern", text="x", received_on=datetime.date(2025, 3, 1)
    )
    titles = [title for title, _link in entries(client)]
    assert titles == [
        "Umsetzung zu „Mehr Kurse“",
        "Empfehlung: Mehr Kurse",
        "Anfrage beantwortet: Sprachkurse beantwortet",
    ]


def test_field_feed_holds_only_that_fields_changes(client):
    """/feeds/handlungsfeld/1/ leaves out what concerns another field."""
    field = build_field(topics=1, goals_per_topic=1)
    approve(field.topics.get().goals.get(), 2025, 1)
    other = FieldOfActionFactory(concept=field.concept, number=2)
    GoalStatusFactory(
        goal__topic=TopicFactory(field=other), goal__concept=field.concept
    )
    inquiry = InquiryFactory(title="Zu Feld 1")
    QuestionFactory(inquiry=inquiry).fields_of_action.add(field)
    InquiryFactory(title="Zu nichts")
    titles = [title for title, _link in entries(client, "/feeds/handlungsfeld/1/")]
    assert len(titles) == 2 and "Anfrage beantwortet: Zu Feld 1" in titles
    assert client.get("/feeds/handlungsfeld/9/").status_code == 404


@pytest.mark.parametrize("items", [1, 40])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, items):
    """The feed costs 5 queries: answered inquiries, approved statuses with
    goals, public feedback, follow-ups, issued reports."""
    goals = build_field(topics=1, goals_per_topic=items).topics.get().goals.all()
    for goal in goals:
        GoalStatusFactory(goal=goal)
        InquiryFactory()
        feedback = published_recommendation()
        feedback.fields_of_action.add(goal.topic.field)
        FollowUp.objects.create(feedback=feedback, date=datetime.date(2025, 4, 1))
    with django_assert_num_queries(5):
        found = entries(client)
    assert len(found) == min(4 * items, 30)


def test_pages_announce_the_feeds_in_their_head(client):
    """Feed readers find the feeds from any page; the field page has its own."""
    field = build_field(topics=1, goals_per_topic=1)
    html = client.get(field.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert 'type="application/atom+xml"' in head
    assert 'href="/feeds/aenderungen/"' in head
    assert 'href="/feeds/handlungsfeld/1/"' in head
