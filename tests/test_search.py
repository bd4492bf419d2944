"""Site search /suche/: grouped, highlighted results, codes jump straight to
their page, odd input gives a friendly page, the index follows every save."""

from django.db import connection
from django.urls import reverse

import pytest

from concept.models import Goal
from inquiries.models import Inquiry
from roundtable.models import Feedback
from tests.factories import InquiryFactory, QuestionFactory

pytestmark = pytest.mark.django_db
URL = reverse("search")


def results(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_search_groups_results_by_type_with_highlights(client, seed):
    """ "Sprachkurse" finds goals, inquiries and the VHS metric, each group
    labelled, the matched words marked."""
    page = results(client, "Sprachkurse")
    for heading in ("Ziele", "Anfragen", "Kennzahlen"):
        assert f">{heading} <span" in page
    assert "<mark>" in page
    assert reverse("inquiries:detail", args=["101.16.1784"]) in page
    assert "Teilnehmende an Sprachkursen der Volkshochschule" in page


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("1.1.3", "/konzept/ziel/1.1.3/"),
        (" 101.18.1671 ", "/anfragen/101.18.1671/"),
    ],
)
def test_code_jumps_straight_to_its_page(client, seed, query, target):
    """A goal code or a Vorlage-Nr. opens that record directly."""
    response = client.get(URL, {"q": query})
    assert response.status_code == 302
    assert response["Location"] == target


def test_unknown_code_searches_instead(client, seed):
    """A code that matches no record is searched like words, without an error."""
    assert 'value="9.9.9"' in results(client, "9.9.9")


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("", "Suchen Sie nach einem Wort"),
        ("   ", "Suchen Sie nach einem Wort"),
        ("Integration " * 40, "Ihre Suche ist zu lang"),
        ("%%% ***", "mindestens ein Wort"),
        ("\x00", "mindestens ein Wort"),
        ("Quetzalcoatl", "wurde nichts gefunden"),
    ],
)
def test_odd_queries_give_a_friendly_page(client, seed, query, hint):
    """Empty, overlong or odd queries give a page with a German hint."""
    assert hint in results(client, query)


def test_query_is_escaped_on_the_page(client, seed):
    """What the user typed is shown as text, never as markup."""
    page = results(client, "<script>alert(1)</script> Sprachkurse")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_index_follows_every_save(client, seed):
    """A changed goal text is found at once; the old wording no longer is."""
    goal = Goal.objects.get(concept__is_current=True, code="2.1.1")
    goal.text = "Zauberwortförderung in allen Stadtteilen"
    goal.save()
    assert "2.1.1 Zauberwortförderung" in results(client, "Zauberwortförderung")


def test_unpublished_feedback_and_unanswered_answers_stay_hidden(client, seed):
    """Search shows only what the public pages show: no unmoderated feedback,
    no answer of an inquiry that is not answered yet."""
    Feedback.objects.create(
        kind=Feedback.Kind.SUGGESTION,
        title="Geheimvorschlag",
        text="Nicht moderiert",
        moderation=Feedback.Moderation.PENDING,
    )
    inquiry = InquiryFactory(status=Inquiry.Status.RECEIVED)
    QuestionFactory(inquiry=inquiry, text="Wie steht es?", answer="Entwurfsantwort xyz")
    assert "wurde nichts gefunden" in results(client, "Geheimvorschlag")
    assert "wurde nichts gefunden" in results(client, "Entwurfsantwort")
    published = Feedback.objects.get(title="Geheimvorschlag")
    published.moderation = Feedback.Moderation.APPROVED
    published.is_public = True
    published.save()
    assert "Geheimvorschlag" in results(client, "Geheimvorschlag").split("<main")[1]


def test_search_costs_a_fixed_number_of_queries(
    client, seed, django_assert_num_queries
):
    """Grouping and snippets need the same queries however many hits there are."""
    # data version, best hits with the count per type (PostgreSQL: then
    # the headlines for those hits only)
    expected = 3 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(expected):
        results(client, "Integration")
