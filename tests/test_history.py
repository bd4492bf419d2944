"""The version history in German: change reason, readable word diff."""

from django.urls import reverse

import pytest

from kassel_integration.history import word_diff
from tests.admin_forms import change_form_data
from tests.factories import InquiryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _save(client, url, **changes):
    data = change_form_data(client.get(url).content)
    data.update({name: [value] for name, value in changes.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_change_form_offers_optional_change_reason(admin_client):
    """Every history-tracked change form ends with an optional Änderungsgrund."""
    question = QuestionFactory()
    url = reverse("admin:inquiries_question_change", args=[question.pk])
    page = admin_client.get(url).content.decode()
    assert "Änderungsgrund" in page
    assert 'name="change_reason"' in page
    _save(admin_client, url)  # saving without a reason works


def test_history_shows_reason_and_marked_words(admin_client):
    """The history lists the reason given and marks the changed words."""
    long_text = "Die Stadt bietet " + "viele Sprachkurse an. " * 10
    question = QuestionFactory(answer=long_text)
    url = reverse("admin:inquiries_question_change", args=[question.pk])
    _save(
        admin_client,
        url,
        answer=long_text.replace("bietet", "finanziert"),
        change_reason="Antwort des Magistrats",
    )
    page = admin_client.get(
        reverse("admin:inquiries_question_history", args=[question.pk])
    ).content.decode()
    assert "Antwort des Magistrats" in page
    assert "<del>bietet</del>" in page and "<ins>finanziert</ins>" in page
    assert "Änderungen" in page and "Geändert von" in page
    for english in ("chars]", "None", "Changes", "Change reason", "Keine/r"):
        assert english not in page


def test_history_shows_empty_and_booleans_in_german(admin_client):
    """An empty value reads "–", a flag "ja"/"nein", a date 15.03.2021."""
    inquiry = InquiryFactory(answered_on=None, answer_undated=False)
    url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    _save(admin_client, url, answer_undated="on")
    page = admin_client.get(
        reverse("admin:inquiries_inquiry_history", args=[inquiry.pk])
    ).content.decode()
    assert "<del>nein</del>" in page and "<ins>ja</ins>" in page
    assert "True" not in page and "False" not in page


def test_word_diff_escapes_and_marks_only_changed_words():
    """Only changed words are marked, and markup in a value is escaped."""
    old, new = word_diff("a <b> c", "a <b> d")
    assert old == "a &lt;b&gt; <del>c</del>"
    assert new == "a &lt;b&gt; <ins>d</ins>"
    assert word_diff("–", "neu") == ("–", "<ins>neu</ins>")
