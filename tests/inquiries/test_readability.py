"""Long inquiries stay readable: a question index with jump links, the
original Vorlage, labelled sums and right-aligned numbers."""

import pytest

from inquiries.models import Inquiry

pytestmark = pytest.mark.django_db


def page(client, reference):
    response = client.get(f"/anfragen/{reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_question_index_links_to_every_question(client, seed):
    """101.16.1784 opens with its questions (1 … 10d), each linking to its place."""
    html = page(client, "101.16.1784")
    index = html.split('class="question-index"')[1].split("</nav>")[0]
    assert "Die Fragen im Überblick" in index and 'href="#frage-10d"' in index
    inquiry = Inquiry.objects.get(reference_number="101.16.1784")
    for question in inquiry.questions.all():
        assert f'href="#frage-{question.number}"' in index
        assert f'id="frage-{question.number}"' in html
    assert html.index('class="question-index"') < html.index('id="frage-1"')


def test_original_vorlage_is_linked_where_known(client, seed):
    """A web address of the council information system is linked; anything
    else (or nothing) shows no link."""
    inquiry = Inquiry.objects.get(reference_number="101.18.1671")
    assert "im Ratsinformationssystem" not in page(client, "101.18.1671")
    inquiry.source_web = "https://ris.example.org/vorlage/1671"
    inquiry.save()
    assert 'href="https://ris.example.org/vorlage/1671"' in page(client, "101.18.1671")
    inquiry.source_web = "javascript:alert(1)"
    inquiry.save()
    assert "javascript:" not in page(client, "101.18.1671")


def test_sum_rows_are_labelled_and_numbers_right_aligned(client, seed):
    """The survey tables of 101.16.1784 label their unlabelled sums "Summe",
    align numbers right and carry a hint that they scroll sideways."""
    html = page(client, "101.16.1784")
    assert '<th scope="col" align="right"><span class="visually-hidden">Summe' in html
    assert "<td><strong>Summe</strong></td>" in html
    assert '<td align="right">198</td>' in html
    assert "Tabelle seitlich verschiebbar" in html
