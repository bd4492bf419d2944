"""Staff workflow for inquiries in the admin."""

import datetime

from django.urls import reverse

import pytest

from inquiries.models import Inquiry, Question
from tests.admin_forms import change_form_data
from tests.factories import (
    CommitteeFactory,
    FactionFactory,
    InquiryFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:inquiries_inquiry_add")
LIST_URL = reverse("admin:inquiries_inquiry_changelist")


def form_data(**overrides):
    """A complete add form for an inquiry with two questions."""
    data = {
        "reference_number": "101.19.7",
        "title": "Sprachkurse für Geflüchtete",
        "faction": FactionFactory(name="SPD").pk,
        "committee": CommitteeFactory().pk,
        "submitted_on": "05.05.2020",
        "meeting_date": "19.06.2020",
        "status": "eingegangen",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-position": "1",
        "questions-0-number": "1",
        "questions-0-text": "Wie viele Kurse gibt es?",
        "questions-1-position": "2",
        "questions-1-number": "2",
        "questions-1-text": "Wer bietet sie an?",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_new_inquiry_gets_due_date_before_meeting(admin_client, settings):
    """Without a due date, the answer is due the configured days before the
    meeting."""
    settings.INQUIRY_ANSWER_DAYS_BEFORE_MEETING = 10
    response = admin_client.post(ADD_URL, form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    inquiry = Inquiry.objects.get(reference_number="101.19.7")
    assert inquiry.due_date == datetime.date(2020, 6, 9)
    assert inquiry.questions.count() == 2


def test_duplicate_reference_number_is_refused(admin_client):
    """A second inquiry with the same Vorlage-Nr. is refused in German."""
    InquiryFactory(reference_number="101.19.7")
    response = admin_client.post(ADD_URL, form_data())
    assert response.status_code == 200
    assert "Eine Anfrage mit dieser Vorlage-Nr. gibt es schon." in (
        response.content.decode()
    )
    assert Inquiry.objects.filter(reference_number="101.19.7").count() == 1


def test_question_number_used_twice_is_refused(admin_client):
    """Two questions numbered "1" are refused and nothing is saved."""
    response = admin_client.post(ADD_URL, form_data(**{"questions-1-number": "1"}))
    assert response.status_code == 200
    assert "doppelten" in response.content.decode()
    assert not Inquiry.objects.exists()
    assert not Question.objects.exists()


def test_answer_date_before_submission_is_refused(admin_client):
    """An answer dated before the submission is refused with a German message."""
    response = admin_client.post(
        ADD_URL,
        form_data(status="beantwortet", answered_on="01.05.2020"),
    )
    assert response.status_code == 200
    assert "liegt vor dem Eingang der Anfrage (05.05.2020)" in (
        response.content.decode()
    )
    assert not Inquiry.objects.exists()


def test_changelist_shows_overdue_and_due_this_week(admin_client):
    """The list flags overdue inquiries and filters those due within a week."""
    today = datetime.date.today()
    InquiryFactory(
        reference_number="101.1.1",
        status=Inquiry.Status.IN_PROGRESS,
        answered_on=None,
        due_date=today - datetime.timedelta(days=3),
    )
    InquiryFactory(
        reference_number="101.1.2",
        status=Inquiry.Status.RECEIVED,
        answered_on=None,
        due_date=today + datetime.timedelta(days=2),
    )
    InquiryFactory(reference_number="101.1.3")
    html = admin_client.get(LIST_URL).content.decode()
    assert "überfällig seit" in html
    overdue = admin_client.get(LIST_URL, {"faellig": "ueberfaellig"}).content.decode()
    assert "101.1.1" in overdue and "101.1.2" not in overdue
    week = admin_client.get(LIST_URL, {"faellig": "woche"}).content.decode()
    assert "101.1.2" in week and "101.1.1" not in week and "101.1.3" not in week


def test_answer_edits_are_kept_in_history(admin_client):
    """Every change of an answer is a history record that the admin can diff."""
    question = QuestionFactory(answer="Erste Fassung")
    question.answer = "Zweite Fassung"
    question.save()
    assert list(question.history.values_list("answer", flat=True)) == [
        "Zweite Fassung",
        "Erste Fassung",
    ]
    url = reverse("admin:inquiries_question_history", args=[question.pk])
    assert admin_client.get(url).status_code == 200


def test_changelist_query_count_is_constant(
    admin_client, django_assert_max_num_queries
):
    """The inquiry list does not query per row."""
    for _ in range(30):
        QuestionFactory()
    with django_assert_max_num_queries(12):
        assert admin_client.get(LIST_URL).status_code == 200


def test_reference_number_of_wrong_form_is_refused(admin_client):
    """A Vorlage-Nr. such as "abc" is refused in German and nothing is saved."""
    response = admin_client.post(ADD_URL, form_data(reference_number="abc"))
    assert response.status_code == 200
    assert "„abc“ ist keine gültige Vorlage-Nr." in response.content.decode()
    assert not Inquiry.objects.exists()


def test_reference_number_pattern_is_a_setting(admin_client, settings):
    """Another city's numbering is accepted once the pattern says so."""
    settings.INQUIRY_REFERENCE_PATTERN = r"^\d+/\d{4}$"
    response = admin_client.post(ADD_URL, form_data(reference_number="1234/2020"))
    assert response.status_code == 302
    assert Inquiry.objects.filter(reference_number="1234/2020").exists()


def test_seed_reference_numbers_match_the_default_pattern(settings):
    """Every Vorlage-Nr. of the seed fixtures has the default form."""
    import json
    import re
    from pathlib import Path

    seed = json.loads(Path("fixtures/inquiries.json").read_text())
    numbers = [
        row["fields"]["reference_number"]
        for row in seed
        if row["model"] == "inquiries.inquiry"
    ]
    assert numbers
    for number in numbers:
        assert re.search(settings.INQUIRY_REFERENCE_PATTERN, number), number


def test_imported_reference_number_can_still_be_edited(admin_client):
    """A record with a number from a council system saves unchanged."""
    inquiry = InquiryFactory(reference_number="1234/2014")
    url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    data = change_form_data(admin_client.get(url).content)
    data["title"] = ["Neuer Titel"]
    assert admin_client.post(url, data).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.title == "Neuer Titel"


def test_answer_date_in_the_future_is_refused(admin_client):
    """An answer dated tomorrow is refused with a German message."""
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = admin_client.post(
        ADD_URL,
        form_data(status="beantwortet", answered_on=tomorrow.strftime("%d.%m.%Y")),
    )
    assert response.status_code == 200
    assert "liegt in der Zukunft" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_inline_questions_are_numbered_automatically(admin_client):
    """Questions added without Reihenfolge and Nummer get the next ones."""
    response = admin_client.post(
        ADD_URL,
        form_data(
            **{
                "questions-TOTAL_FORMS": "3",
                "questions-1-position": "",
                "questions-1-number": "",
                "questions-2-text": "Und wer zahlt?",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    questions = Inquiry.objects.get().questions.order_by("position")
    assert [(q.position, q.number) for q in questions] == [
        (1, "1"),
        (2, "2"),
        (3, "3"),
    ]
    assert questions[2].text == "Und wer zahlt?"


def test_preview_shows_unpublished_answer_to_staff(admin_client):
    """The preview shows the drafted answer as the public page will, marked as
    preview, not cached and not indexed; the public page still hides it."""
    question = QuestionFactory(
        inquiry__status=Inquiry.Status.DRAFT,
        inquiry__answered_on=None,
        answer="Es gibt zwölf Kurse.",
    )
    inquiry = question.inquiry
    url = reverse("admin:inquiries_inquiry_preview", args=[inquiry.pk])
    response = admin_client.get(url)
    page = response.content.decode()
    assert "Vorschau" in page and "nicht öffentlich" in page
    assert "Es gibt zwölf Kurse." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    public = admin_client.get(inquiry.get_absolute_url()).content.decode()
    assert "Es gibt zwölf Kurse." not in public
    change = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    assert url in admin_client.get(change).content.decode()


@pytest.mark.parametrize("role", ["Fachamt", None])
def test_preview_needs_the_view_permission(client, django_user_model, role):
    """Staff without the view permission on inquiries get no preview."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("x", password="x", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    question = QuestionFactory(answer="Geheimer Entwurf")
    url = reverse("admin:inquiries_inquiry_preview", args=[question.inquiry.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "Geheimer Entwurf" not in response.content.decode()
