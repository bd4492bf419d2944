"""Two staff members edit the same record: the second save is refused with
what changed, nothing is overwritten silently."""

from django.urls import reverse

import pytest

from roundtable.models import Feedback
from tests.admin_forms import change_form_data
from tests.factories import GoalStatusFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _feedback():
    return Feedback.objects.create(
        kind=Feedback.Kind.RECOMMENDATION,
        title="Mehr Sprachkurse",
        text="Bitte ausbauen.",
    )


CASES = [
    ("inquiries_question", QuestionFactory, "answer", "Antwort"),
    ("monitoring_goalstatus", GoalStatusFactory, "narrative", "Erläuterung"),
    ("roundtable_feedback", _feedback, "text", "Inhalt"),
]


@pytest.fixture
def editors(client, django_user_model):
    from django.test import Client

    clients = []
    for name in ("anna", "bernd"):
        django_user_model.objects.create_superuser(
            name, f"{name}@kassel.de", "pw-geheim-123"
        )
        browser = Client()
        browser.force_login(django_user_model.objects.get(username=name))
        clients.append(browser)
    return clients


@pytest.mark.parametrize(("admin_name", "make", "field", "label"), CASES)
def test_second_save_is_refused_and_shows_the_change(
    editors, admin_name, make, field, label
):
    """Anna and Bernd open the same record; Bernd saves first. Anna's save is
    refused with Bernd's name and his change; a deliberate second save works."""
    anna, bernd = editors
    record = make()
    url = reverse(f"admin:{admin_name}_change", args=[record.pk])
    form_anna = change_form_data(anna.get(url).content)
    form_bernd = change_form_data(bernd.get(url).content)
    assert form_anna["_bearbeitungsstand"] == form_bernd["_bearbeitungsstand"]

    form_bernd[field] = ["Bernds Fassung"]
    response = bernd.post(url, form_bernd)
    assert response.status_code == 302, response.content.decode()[-3000:]

    form_anna[field] = ["Annas Fassung"]
    refused = anna.post(url, form_anna)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Nicht gespeichert: bernd hat diesen Datensatz am" in page
    assert f"{label}: " in page and "→ „Bernds Fassung“" in page
    record.refresh_from_db()
    assert getattr(record, field) == "Bernds Fassung"

    again = change_form_data(refused.content)
    assert again[field] == ["Annas Fassung"], "her input is still in the form"
    assert anna.post(url, again).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Annas Fassung"


def test_unchanged_record_saves_normally(editors):
    """Without a concurrent edit the change form saves as always."""
    anna, _bernd = editors
    question = QuestionFactory()
    url = reverse("admin:inquiries_question_change", args=[question.pk])
    form = change_form_data(anna.get(url).content)
    form["answer"] = ["Neue Antwort"]
    assert anna.post(url, form).status_code == 302
    form = change_form_data(anna.get(url).content)
    form["answer"] = ["Zweite Antwort"]
    assert anna.post(url, form).status_code == 302
    question.refresh_from_db()
    assert question.answer == "Zweite Antwort"
