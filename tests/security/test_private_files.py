"""Private files (issue #14): non-public attachments live outside the public
media folder and go out only through a view that checks user and record."""

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile

import pytest

from inquiries.models import Attachment
from tests.factories import InquiryFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


def attachment(is_public, title="Anlage"):
    record = Attachment(inquiry=InquiryFactory(), title=title, is_public=is_public)
    record.file.save("liste.pdf", ContentFile(PDF), save=False)
    record.save()
    return record


def staff(group):
    user = User.objects.create_user(
        f"u-{group}", password="x-Geheim-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def content(response):
    return b"".join(response.streaming_content)


def test_attachments_are_stored_outside_public_media(folders):
    """The file lands in PRIVATE_MEDIA_ROOT, none under MEDIA_ROOT; its URL
    is the checking view, not /media/."""
    media, private = folders
    record = attachment(is_public=False)
    assert (private / record.file.name).read_bytes() == PDF
    assert not media.exists() or not any(media.rglob("*.pdf"))
    assert record.file.url.startswith("/dateien/anfragen/anlagen/")


def test_non_public_attachment_is_refused_anonymously_and_to_fachamt(client, folders):
    """Anonymous and users without view permission get 404 (no hint it
    exists); the /media/ address does not serve it either."""
    record = attachment(is_public=False)
    assert client.get(record.file.url).status_code == 404
    assert client.get(f"/media/{record.file.name}").status_code == 404
    client.force_login(staff("Fachamt"))
    assert client.get(record.file.url).status_code == 404


def test_non_public_attachment_downloads_for_staff(client, folders):
    """The Redaktion gets the bytes as a download, never cached."""
    record = attachment(is_public=False)
    client.force_login(staff("Redaktion"))
    response = client.get(record.file.url)
    assert response.status_code == 200
    assert content(response) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"


def test_public_attachment_opens_for_everyone(client, folders):
    """A public attachment opens inline without a login."""
    record = attachment(is_public=True)
    response = client.get(record.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert content(response) == PDF


def test_production_hands_the_bytes_to_nginx(client, folders, settings):
    """With PRIVATE_MEDIA_ACCEL_REDIRECT Django only checks and names the
    file; nginx sends it from its internal location."""
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/geschuetzt/"
    record = attachment(is_public=False)
    assert client.get(record.file.url).status_code == 404
    client.force_login(staff("Redaktion"))
    response = client.get(record.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/geschuetzt/{record.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "name",
    ["anfragen/anlagen/../../etc/passwd", "anfragen/anlagen/fehlt.pdf", "x/y.pdf"],
)
def test_unknown_or_foreign_names_are_404(admin_client, folders, name):
    """Names outside a registered folder, traversal and unknown files: 404."""
    assert admin_client.get(f"/dateien/{name}").status_code == 404
