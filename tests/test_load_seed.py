"""manage.py load_seed: the seed goes into an empty database once and never
over data (issue #14: a restart lost staff edits)."""

from io import StringIO

from django.core.management import call_command

import pytest

from concept.models import Goal, Indicator
from inquiries.models import Inquiry
from kassel_integration.models import SearchEntry


def load_seed(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("load_seed", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_seed_fills_an_empty_database(django_capture_on_commit_callbacks):
    """On an empty database every seed record is loaded and indexed."""
    output = load_seed(django_capture_on_commit_callbacks)
    assert Goal.objects.count() == 99
    assert Inquiry.objects.count() == 3
    assert SearchEntry.objects.filter(title__contains="1.1.1").exists()
    assert "0 schon vorhanden" in output


@pytest.mark.django_db
def test_load_seed_keeps_a_staff_edit(django_capture_on_commit_callbacks):
    """Editing a seed goal and loading the seed again keeps the edit and says
    what was skipped."""
    load_seed(django_capture_on_commit_callbacks)
    goal = Goal.objects.get(concept__slug="2012", code="1.1.1")
    goal.text = "Von der Redaktion geändert"
    goal.save()

    output = load_seed(django_capture_on_commit_callbacks)

    goal.refresh_from_db()
    assert goal.text == "Von der Redaktion geändert"
    assert Goal.objects.count() == 99
    assert "0 Datensätze neu angelegt" in output
    assert "Übersprungen (vorhanden, nicht überschrieben):" in output
    assert "99 Ziele" in output


@pytest.mark.django_db
def test_load_seed_adds_only_missing_records(django_capture_on_commit_callbacks):
    """A deleted seed record comes back; the others stay as they are."""
    load_seed(django_capture_on_commit_callbacks)
    indicator = Indicator.objects.order_by("pk").first()
    pk, text = indicator.pk, indicator.text
    indicator.delete()
    Goal.objects.filter(code="1.1.2").update(text="geändert")

    output = load_seed(django_capture_on_commit_callbacks)

    assert Indicator.objects.get(pk=pk).text == text
    assert Goal.objects.get(concept__slug="2012", code="1.1.2").text == "geändert"
    assert "1 Datensätze neu angelegt" in output
    assert "Ergänzt: 1 Indikatoren" in output


@pytest.mark.django_db
def test_load_seed_leaves_new_records_creatable(django_capture_on_commit_callbacks):
    """After loading explicit keys the database hands out fresh ones
    (PostgreSQL's sequences are reset)."""
    load_seed(django_capture_on_commit_callbacks)
    goal = Goal.objects.order_by("pk").last()
    copy = Indicator.objects.create(goal=goal, text="neu", position=99)
    assert copy.pk > Indicator.objects.exclude(pk=copy.pk).order_by("pk").last().pk
