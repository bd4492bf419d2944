"""The full text of an inquiry (its OParl mainFile) is stored when the
inquiry or one of its questions is written, not built when it is read: it
must follow every write, and never hold an answer before it is public."""

import datetime
import hashlib
import json
from io import StringIO

from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import reverse

import pytest

from inquiries.models import Inquiry, Question
from inquiries.oparl import files
from tests.admin_forms import change_form_data
from tests.factories import InquiryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ROOT = "http://testserver/oparl/v1.1/"


def main_file(client, inquiry) -> dict:
    """The mainFile as an OParl client reads it, checked against the bytes
    its accessUrl serves."""
    response = client.get(f"{ROOT}file/anfrage-{inquiry.pk}")
    assert response.status_code == 200
    data = json.loads(response.content)
    served = client.get(data["accessUrl"]).content
    assert served.decode("utf-8") == data["text"]
    assert len(served) == data["size"]
    assert hashlib.sha512(served).hexdigest() == data["sha512Checksum"]
    return data


def stored() -> dict[int, tuple]:
    return {
        row[0]: row[1:]
        for row in Inquiry.objects.values_list("pk", *files.FULL_TEXT_FIELDS)
    }


def assert_current():
    """Every stored full text is what the inquiry and its questions make
    now: writing them all anew changes none."""
    before = stored()
    assert before
    files.full_text_refresh(Inquiry.objects.all())
    assert stored() == before
    for text, size, sha512, version in before.values():
        assert version == files.FULL_TEXT_VERSION
        assert size == len(text.encode()) and sha512 == (
            hashlib.sha512(text.encode()).hexdigest()
        )


def test_edits_in_the_admin_show_in_the_full_text(client, django_user_model):
    """A Redaktion editor changes the title and a question in the inquiry's
    form: the OParl full text, its size and checksum follow at once."""
    inquiry = InquiryFactory(title="Alter Titel")
    QuestionFactory(inquiry=inquiry, text="Alte Frage?")
    before = main_file(client, inquiry)
    user = django_user_model.objects.create_user("r", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(user)
    url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    data = change_form_data(client.get(url).content)
    data["title"] = ["Neuer Titel"]
    data["questions-0-text"] = ["Neue Frage?"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    after = main_file(client, inquiry)
    assert "Neuer Titel" in after["text"] and "Neue Frage?" in after["text"]
    assert "Alt" not in after["text"]
    assert after["sha512Checksum"] != before["sha512Checksum"]
    assert_current()


def test_an_answer_enters_the_full_text_only_once_answered(client):
    """A draft answer is never stored in the full text; it enters when the
    inquiry is answered and leaves when the status goes back."""
    inquiry = InquiryFactory(status=Inquiry.Status.DRAFT, answered_on=None)
    QuestionFactory(inquiry=inquiry, answer="Entwurf der Antwort")
    assert "Entwurf der Antwort" not in main_file(client, inquiry)["text"]
    assert "Entwurf der Antwort" not in Inquiry.objects.get().full_text

    inquiry.status = Inquiry.Status.ANSWERED
    inquiry.answered_on = datetime.date(2020, 6, 12)
    inquiry.save()
    assert "Entwurf der Antwort" in main_file(client, inquiry)["text"]

    inquiry.status = Inquiry.Status.DRAFT
    inquiry.answered_on = None
    inquiry.save()
    assert "Entwurf der Antwort" not in main_file(client, inquiry)["text"]
    assert_current()


def test_deleted_and_moved_questions_leave_the_full_text(client):
    """A deleted question leaves its inquiry's full text; a question moved
    to another inquiry leaves the one and enters the other."""
    first, second = InquiryFactory(), InquiryFactory()
    gone = QuestionFactory(inquiry=first, text="Wird gelöscht?")
    moved = QuestionFactory(inquiry=first, text="Zieht um?")
    assert "Wird gelöscht?" in main_file(client, first)["text"]

    gone.delete()
    assert "Wird gelöscht?" not in main_file(client, first)["text"]

    moved.inquiry = second
    moved.save()
    assert "Zieht um?" not in main_file(client, first)["text"]
    assert "Zieht um?" in main_file(client, second)["text"]
    assert_current()


def test_seed_and_generated_data_have_current_full_texts(seed):
    """After load_seed (raw fixtures) and synthesize (bulk inserts, no
    signals) every full text is stored and current."""
    from synthetic.synthesis import synthesize

    synthesize(scale=1, seed=7, force=True)
    assert Inquiry.objects.count() > 100
    assert not Inquiry.objects.filter(full_text="").exists()
    assert_current()


def test_layout_change_warns_and_markdown_render_writes_every_full_text(
    seed, monkeypatch
):
    """After the layout's version is raised the system check warns, and
    markdown_render writes every full text anew."""
    monkeypatch.setattr(files, "FULL_TEXT_VERSION", files.FULL_TEXT_VERSION + 1)
    Question.objects.update(text="Geändert ohne Signal")  # a bulk write
    messages = run_checks(databases=["default"])
    [warning] = [m for m in messages if m.id == "kassel_integration.W002"]
    assert "Volltexte der Anfragen" in warning.msg

    call_command("markdown_render", stdout=StringIO())

    assert not [m for m in run_checks(databases=["default"]) if m.id.endswith("W002")]
    assert all("Geändert ohne Signal" in text for text in stored_texts())
    assert_current()


def stored_texts() -> list[str]:
    return list(Inquiry.objects.values_list("full_text", flat=True))
