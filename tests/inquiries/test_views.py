"""Public inquiry pages: list, search, filters, detail; nothing internal leaks."""

import datetime
import re

from django.db import connection
from django.urls import reverse

import pytest

from inquiries.models import Inquiry
from tests.factories import (
    FactionFactory,
    FieldOfActionFactory,
    GoalFactory,
    InquiryFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db
LIST_URL = reverse("inquiries:list")


def content(response):
    assert response.status_code == 200
    return response.content.decode()


def test_detail_shows_questions_followed_by_answers(client):
    """Each question is followed by the Magistrat's answer, tables as tables."""
    inquiry = InquiryFactory(reference_number="101.18.1671", title="Neufassung")
    QuestionFactory(
        inquiry=inquiry,
        position=1,
        number="1",
        text="Erste Frage?",
        answer="Erste Antwort.",
    )
    QuestionFactory(
        inquiry=inquiry,
        position=2,
        number="10a",
        text="Zweite Frage?",
        answer="| Bereich | Anzahl |\n|---|---|\n| Sport | 3 |",
    )
    html = content(client.get("/anfragen/101.18.1671/"))
    body = html.split('id="fragen"')[1]  # after the index of the questions
    assert (
        body.index("Erste Frage?")
        < body.index("Erste Antwort.")
        < body.index("Zweite Frage?")
    )
    assert 'id="frage-10a"' in html
    assert '<th scope="col">Bereich</th>' in html and '<td align="right">3</td>' in html


def test_internal_fields_never_reach_the_public_pages(client):
    """Internal contact, internal note and unanswered drafts stay in the admin."""
    answered = InquiryFactory()
    QuestionFactory(inquiry=answered, answer="Öffentliche Antwort")
    draft = InquiryFactory(status=Inquiry.Status.DRAFT, answered_on=None)
    QuestionFactory(inquiry=draft, text="Offene Frage?", answer="Geheimer Entwurf")
    pages = [
        content(client.get(LIST_URL)),
        content(client.get(LIST_URL, {"q": "Entwurf"})),
        content(client.get(answered.get_absolute_url())),
        content(client.get(draft.get_absolute_url())),
    ]
    for html in pages:
        assert "Erika Intern" not in html
        assert "1234" not in html
        assert "Vertraulicher Vermerk" not in html
        assert "Geheimer Entwurf" not in html
    assert "Offene Frage?" in pages[3]
    assert "noch nicht beantwortet" in pages[3]
    assert "Öffentliche Antwort" in pages[2]


def test_answer_markdown_is_sanitised(client):
    """Scripts, event handlers and javascript: links never reach the page."""
    question = QuestionFactory(
        answer='<script>alert(1)</script> **fett** <img src=x onerror="alert(2)"> '
        "[klick](javascript:alert(3)) [gut](https://www.kassel.de)"
    )
    html = content(client.get(question.inquiry.get_absolute_url()))
    answer = html[html.index('class="answer') :]
    assert "<script>alert" not in answer
    assert "onerror" not in answer
    assert "javascript:" not in answer
    assert "<strong>fett</strong>" in answer
    assert 'href="https://www.kassel.de"' in answer


def test_search_finds_inflected_words(client):
    """Searching "Sprachkurse" finds an answer that says "Sprachkurs"."""
    hit = QuestionFactory(answer="Der Sprachkurs der Volkshochschule ist voll.")
    QuestionFactory(answer="Nichts über Sport.", text="Wie steht es um den Sport?")
    html = content(client.get(LIST_URL, {"q": "Sprachkurse"}))
    assert "1 Anfrage zu „Sprachkurse“" in html
    assert hit.inquiry.title in html
    assert "<mark>" in html


@pytest.mark.parametrize("q", [":", "&|!", "*"])
def test_a_search_without_a_word_finds_nothing(client, q):
    """Signs without a word match nothing, and say so (it was a 500 once the
    list read plain rows: the empty result lacked the snippet column)."""
    QuestionFactory(answer="Der Sprachkurs der Volkshochschule ist voll.")
    response = client.get(LIST_URL, {"q": q})
    assert response.status_code == 200
    assert "Keine Anfrage entspricht diesen Angaben." in content(response)


def test_search_snippet_escapes_html(client):
    """A snippet shows matched text escaped, with only <mark> added."""
    QuestionFactory(answer="Integration <b onclick=x>fett</b> im Stadtteil")
    html = content(client.get(LIST_URL, {"q": "Integration"}))
    snippet = html[html.index('class="snippet"') :]
    assert "<b onclick" not in snippet


def test_filters_combine_and_stay_in_the_url(client):
    """Faction, year and status filters combine; pagination keeps them."""
    spd = FactionFactory(name="SPD")
    gruene = FactionFactory(name="B90/Grüne")
    for number in range(25):
        InquiryFactory(
            faction=spd,
            reference_number=f"101.16.{number}",
            submitted_on=datetime.date(2010, 10, 1),
        )
    InquiryFactory(
        faction=gruene,
        reference_number="101.18.89",
        submitted_on=datetime.date(2016, 5, 1),
    )
    html = content(client.get(LIST_URL, {"fraktion": "SPD", "jahr": "2010"}))
    assert "25 Anfragen" in html
    assert "101.18.89" not in html
    assert "fraktion=SPD&amp;jahr=2010&amp;seite=2" in html
    html = content(client.get(LIST_URL, {"fraktion": "B90/Grüne", "jahr": "2010"}))
    assert "0 Anfragen" in html


def test_year_filter_offers_the_years_with_inquiries(client):
    """The year choices are the years of a submission or an answer, no empty
    ones; a year finds the inquiries submitted or answered in it, as the
    annual report counts them."""
    InquiryFactory(
        reference_number="101.17.1",
        submitted_on=datetime.date(2017, 11, 20),
        answered_on=datetime.date(2018, 1, 15),
    )
    InquiryFactory(
        reference_number="101.21.2",
        submitted_on=datetime.date(2021, 3, 1),
        answered_on=None,
        status=Inquiry.Status.RECEIVED,
    )
    html = content(client.get(LIST_URL))
    start = html.index('name="jahr"')
    years = re.findall(r'value="(\d+)"', html[start : html.index("</select>", start)])
    assert years == ["2021", "2018", "2017"]
    assert "1 Anfrage<" in content(client.get(LIST_URL, {"jahr": "2018"}))
    assert "101.17.1" in content(client.get(LIST_URL, {"jahr": "2017"}))
    assert "101.21.2" in content(client.get(LIST_URL, {"jahr": "2021"}))


def test_field_filter_uses_question_links(client):
    """Filtering by Handlungsfeld finds inquiries whose questions concern it."""
    goal = GoalFactory(topic__field__number=3, topic__field__concept__is_current=True)
    linked = QuestionFactory()
    linked.goals.add(goal)
    QuestionFactory()
    html = content(client.get(LIST_URL, {"handlungsfeld": "3"}))
    assert "1 Anfrage<" in html
    assert linked.inquiry.title in html


@pytest.mark.parametrize(
    "params",
    [
        {"jahr": "abc"},
        {"fraktion": "gibt es nicht"},
        {"seite": "-3"},
        {"q": "x" * 500},
        {"status": "<script>"},
        {"handlungsfeld": "99"},
    ],
)
def test_bad_parameters_are_ignored_with_a_hint(client, params):
    """Nonsense in the URL never breaks the page; a hint names what was ignored."""
    InquiryFactory()
    html = content(client.get(LIST_URL, params))
    if "seite" not in params:
        assert "wurden ignoriert" in html


@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_is_constant(client, django_assert_num_queries, count):
    """The list costs the same queries for 1 and 30 inquiries.

    fields of the current edition +1, years +1, count +1, page of inquiries +1,
    factions +1, committees +1 (the two filter menus). PostgreSQL reads the
    count and the page in a transaction that tells the planner to use the
    index (begin, SET LOCAL, commit: +3); the page's rows carry their
    faction's name (no further query).
    """
    FieldOfActionFactory(concept__is_current=True)
    for _ in range(count):
        QuestionFactory(answer="Integration im Stadtteil")
    expected = 10 if connection.vendor == "postgresql" else 7
    with django_assert_num_queries(expected):  # +1: data version
        html = content(client.get(LIST_URL, {"q": "Integration"}))
    assert html.count('class="snippet"') == min(count, 20)


@pytest.mark.parametrize("questions", [1, 15])
def test_detail_query_count_is_constant(client, django_assert_num_queries, questions):
    """The detail page costs 5 queries whatever the number of questions.

    inquiry with faction, committee, unit and signers +1, questions +1,
    their fields +1, their goals +1, attachments +1.
    """
    inquiry = InquiryFactory()
    goal = GoalFactory()
    for position in range(1, questions + 1):
        QuestionFactory(inquiry=inquiry, position=position).goals.add(goal)
    with django_assert_num_queries(6):  # +1: data version
        content(client.get(inquiry.get_absolute_url()))


def test_goal_page_lists_questions_concerning_it(client):
    """The goal page links to the questions that concern the goal."""
    goal = GoalFactory(topic__field__concept__is_current=True)
    question = QuestionFactory(number="4", position=4)
    question.goals.add(goal)
    html = content(client.get(goal.get_absolute_url()))
    assert f"{question.inquiry.reference_number}, Frage 4" in html
    assert f'href="{question.inquiry.get_absolute_url()}#frage-4"' in html


def test_unknown_reference_number_gives_404(client):
    """A mistyped Vorlage-Nr. is a plain 404."""
    assert client.get("/anfragen/999.99.999/").status_code == 404
