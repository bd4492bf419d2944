"""Markdown is rendered when it is saved: every rich-text field keeps its
sanitised HTML beside the source, and pages read the stored HTML."""

from io import StringIO

from django.core.checks import run_checks
from django.core.management import call_command

import pytest

from inquiries.models import Inquiry, Question
from kassel_integration import markdown
from monitoring.models import GoalStatus
from roundtable.models import Feedback
from tests.factories import GoalStatusFactory, InquiryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def stale_html_warnings() -> list[str]:
    messages = run_checks(databases=["default"])
    return [m.id for m in messages if m.id == "kassel_integration.W002"]


def test_saved_answer_is_stored_as_html(client):
    """An answer saved as Markdown is on the page as HTML; a later save shows
    the new text."""
    question = QuestionFactory(answer="Die **Erstfassung**.")
    assert question.answer_html == "<p>Die <strong>Erstfassung</strong>.</p>"
    question.answer = "Die *Zweitfassung*."
    question.save()
    html = client.get(question.inquiry.get_absolute_url()).content.decode()
    assert "Die <em>Zweitfassung</em>." in html
    # A word the generated title and questions never hold ("erste" was
    # found in a generated "Verstehen").
    assert "Erstfassung" not in html


def test_status_narrative_is_stored_as_html():
    """A status narrative is kept as HTML beside its Markdown."""
    status = GoalStatusFactory(narrative="Zwei *neue* Kurse.")
    stored = GoalStatus.objects.get(pk=status.pk)
    assert stored.narrative_html == "<p>Zwei <em>neue</em> Kurse.</p>"


def test_bulk_created_rows_get_html():
    """Rows written in bulk (the generated test data) carry their HTML too."""
    inquiry = InquiryFactory()
    (question,) = Question.objects.bulk_create(
        [Question(inquiry=inquiry, position=1, number="1", text="Wer *fragt*?")]
    )
    stored = Question.objects.get(pk=question.pk)
    assert stored.text_html == "<p>Wer <em>fragt</em>?</p>"
    assert stored.html_version == markdown.RENDERER_VERSION


def test_seed_as_make_run_loads_it_shows_rendered_text(client):
    """After load_seed (as `make run` loads the fixtures), the inquiry shows
    its tables as HTML, the sums column with a header for screen readers."""
    call_command("load_seed", stdout=StringIO())
    assert not markdown.stored_html_stale(Question).exists()
    html = client.get("/anfragen/101.16.1784/").content.decode()
    assert "<table>" in html
    assert "| Bereich |" not in html
    hidden_sum = (  # numeric column: aligned right
        '<th scope="col" align="right"><span class="visually-hidden">Summe</span></th>'
    )
    assert html.count(hidden_sum) == 2
    assert '<th scope="col"></th>' not in html


def test_renderer_change_rerenders_every_record(seed, client, monkeypatch):
    """After a change of the renderer (new version, smaller allow-list) the
    system check warns, and markdown_render renders every record anew."""
    GoalStatusFactory(narrative="Eine Tabelle:\n\n| a |\n|---|\n| 1 |")
    monkeypatch.setattr(markdown, "RENDERER_VERSION", markdown.RENDERER_VERSION + 1)
    monkeypatch.setattr(markdown, "ALLOWED_TAGS", markdown.ALLOWED_TAGS - {"table"})
    assert stale_html_warnings() == ["kassel_integration.W002"]

    call_command("markdown_render", stdout=StringIO())

    assert stale_html_warnings() == []
    for model in (Inquiry, Question, Feedback, GoalStatus):
        assert not markdown.stored_html_stale(model).exists()
    assert not Question.objects.filter(answer_html__contains="<table>").exists()
    assert not GoalStatus.objects.filter(narrative_html__contains="<table>").exists()
    html = client.get("/anfragen/101.16.1784/").content.decode()
    assert "<table>" not in html
    assert "Arbeitsberatung" in html
