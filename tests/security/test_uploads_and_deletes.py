"""Uploads are limited; referenced concept data cannot be deleted."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

import pytest

from concept.models import Organisation
from inquiries.models import Attachment
from tests.factories import InquiryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,size,message",
    [
        ("anlage.exe", 100, "Dateien vom Typ „.exe“ sind nicht erlaubt"),
        ("anlage.pdf", 21 * 1024 * 1024, "erlaubt sind höchstens 20 MB"),
    ],
)
def test_attachment_uploads_are_limited(name, size, message):
    """Wrong types and oversize files are refused with a German message."""
    attachment = Attachment(
        inquiry=InquiryFactory(),
        title="Anlage",
        file=SimpleUploadedFile(name, b"x" * size),
    )
    with pytest.raises(ValidationError, match=message):
        attachment.full_clean()


def test_referenced_organisation_cannot_be_deleted(seed, admin_client):
    """Deleting a unit that goals depend on is refused, naming what depends on it."""
    jugendamt = Organisation.objects.get(name="Jugendamt")
    with pytest.raises(ProtectedError):  # a Teilbereich with goals stays
        jugendamt.goals.first().topic.delete()
    inquiry = InquiryFactory(answering_organisation=jugendamt)
    url = reverse("admin:concept_organisation_delete", args=[jugendamt.pk])
    html = admin_client.post(url, {"post": "yes"}).content.decode()
    assert "Kann Organisation nicht löschen" in html
    assert "geschützten verwandten Objekte" in html
    assert inquiry.reference_number in html
    assert Organisation.objects.filter(pk=jugendamt.pk).exists()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.mark.parametrize("name", ["anlage.pdf", "anlage.txt", "anlage.csv"])
def test_html_under_a_harmless_name_is_refused(name):
    """A web page saved as .pdf, .txt or .csv is recognised by its content."""
    attachment = Attachment(
        inquiry=InquiryFactory(), title="Anlage", file=SimpleUploadedFile(name, HTML)
    )
    with pytest.raises(ValidationError, match="passt nicht zur Endung"):
        attachment.full_clean()


@pytest.mark.parametrize(
    "name,content",
    [
        ("anlage.pdf", PDF),
        ("werte.csv", "Kennzahl;Jahr;Wert\nx;2020;1,5\n".encode("cp1252")),
        ("notiz.txt", "Grüße aus Kassel".encode("cp1252")),
    ],
)
def test_genuine_files_are_accepted(name, content):
    """Real PDF and text files (also Windows-1252) pass the content check."""
    attachment = Attachment(
        inquiry=InquiryFactory(), title="Anlage", file=SimpleUploadedFile(name, content)
    )
    attachment.full_clean(exclude=["inquiry"])


def test_an_oversized_request_is_refused_before_its_body_is_read(admin_client):
    """A body declared over the limit gets 413 in German; nothing is read."""

    response = admin_client.generic(
        "POST",
        reverse("admin:inquiries_inquiry_add"),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(26 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "größer als 25 MB" in response.content.decode()
