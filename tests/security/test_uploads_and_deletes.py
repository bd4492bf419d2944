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
