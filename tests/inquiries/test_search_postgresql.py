"""PostgreSQL keeps each inquiry's stored search vector current from its
questions (database triggers): what the inquiry search finds follows every
change, as a user would check it on /anfragen/."""

import datetime

from django.db import connection
from django.urls import reverse

import pytest

from inquiries.models import Inquiry
from tests.factories import InquiryFactory, QuestionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the stored vectors and their triggers exist on PostgreSQL only",
    ),
]
LIST_URL = reverse("inquiries:list")


def found(client, inquiry, word) -> bool:
    response = client.get(LIST_URL, {"q": word})
    assert response.status_code == 200
    return inquiry.get_absolute_url() in response.content.decode()


def test_a_changed_question_is_found_by_its_new_words(client):
    """A renamed question is found by its new word, no longer by its old
    one; a deleted question is no longer found."""
    inquiry = InquiryFactory(title="Anfrage zur Quartiersarbeit")
    question = QuestionFactory(inquiry=inquiry, text="Wie viele Sprachpaten gibt es?")
    assert found(client, inquiry, "Sprachpaten")
    question.text = "Wie viele Stadtteilmütter gibt es?"
    question.save()
    assert found(client, inquiry, "Stadtteilmütter")
    assert not found(client, inquiry, "Sprachpaten")
    question.delete()
    assert not found(client, inquiry, "Stadtteilmütter")


def test_an_answer_is_found_once_its_inquiry_is_answered(client):
    """An answer becomes searchable when its inquiry is answered, not before."""
    inquiry = InquiryFactory(status=Inquiry.Status.RECEIVED, answered_on=None)
    QuestionFactory(inquiry=inquiry, text="Wie steht es?", answer="Zwölf Lesepatinnen")
    assert not found(client, inquiry, "Lesepatinnen")
    inquiry.status = Inquiry.Status.ANSWERED
    inquiry.answered_on = datetime.date(2020, 6, 12)
    inquiry.save()
    assert found(client, inquiry, "Lesepatinnen")
