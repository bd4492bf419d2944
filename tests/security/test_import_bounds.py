"""Imports are bounded: a file over the row or size bound is refused with a
German message naming the bound, before any row is read, and nothing is
written."""

import io
import time
import zipfile

from django.contrib.auth.models import Group, User
from django.urls import reverse

import pytest

from monitoring.models import Observation

pytestmark = pytest.mark.django_db


def xlsx(sheet_xml: bytes) -> io.BytesIO:
    """A small archive shaped like an XLSX file (highly compressed sheet)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    buffer.seek(0)
    buffer.name = "messwerte.xlsx"
    return buffer


def rows_xml(count: int) -> bytes:
    row = b'<row r="1"><c t="inlineStr"><is><t>k</t></is></c></row>'
    return b"<worksheet><sheetData>" + row * count + b"</sheetData></worksheet>"


@pytest.fixture
def redaktion(client):
    user = User.objects.create_user("redaktion", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(user)
    return client


def post_import(client, upload):
    return client.post(
        reverse("admin:monitoring_observation_import"),
        {"format": "1" if upload.name.endswith("xlsx") else "0", "import_file": upload},
    )


def test_a_small_file_with_too_many_rows_is_refused_at_once(redaktion, settings):
    """The small file that unpacks to 200,001 rows gets the bound named: the
    Messwerte import takes files over the admin's bound in the background,
    but never one over the command line's."""
    upload = xlsx(rows_xml(200_002))
    assert len(upload.getvalue()) < 400_000
    started = time.monotonic()
    response = post_import(redaktion, upload)
    elapsed = time.monotonic() - started
    html = response.content.decode()
    assert response.status_code == 200
    assert "mehr als 200.000 Zeilen" in html
    assert "confirm_form" not in html
    assert Observation.objects.count() == 0
    assert elapsed < 5, elapsed


def test_a_file_that_unpacks_too_large_is_refused(redaktion, settings):
    """Megabytes of padding in one sheet are measured unpacked, not as sent."""
    settings.IMPORT_MAX_MB = 5
    padding = b"<worksheet>" + b" " * (6 * 1024 * 1024) + b"</worksheet>"
    response = post_import(redaktion, xlsx(padding))
    assert "entpackt größer als 5 MB" in response.content.decode()


def test_a_csv_with_too_many_lines_is_refused(redaktion, settings):
    """The same bound holds for CSV files, counted as lines."""
    settings.ADMIN_IMPORT_MAX_ROWS = settings.IMPORT_MAX_ROWS = 10
    upload = io.BytesIO(b"Kennzahl;Jahr;Wert;Einheit\n" + b"x;2020;1;P\n" * 11)
    upload.name = "messwerte.csv"
    response = post_import(redaktion, upload)
    assert "mehr als 10 Zeilen und wird nicht eingelesen" in response.content.decode()
    assert Observation.objects.count() == 0


def test_the_command_line_import_has_its_own_bound(settings, tmp_path):
    """`manage.py import_observations` refuses a file over IMPORT_MAX_ROWS."""
    from django.core.management import CommandError, call_command

    settings.IMPORT_MAX_ROWS = 10
    path = tmp_path / "messwerte.csv"
    path.write_bytes(b"Kennzahl;Jahr;Wert;Einheit\n" + b"x;2020;1;P\n" * 11)
    with pytest.raises(CommandError, match="mehr als 10 Zeilen"):
        call_command("import_observations", str(path))
    assert Observation.objects.count() == 0


def csv_upload(data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = "messwerte.csv"
    return upload


@pytest.mark.parametrize("newline", [b"\r", b"\r\n", b"\n"])
def test_every_line_break_counts_as_a_line(redaktion, settings, newline):
    """Excel for Mac ("CSV (Macintosh)") ends lines with a lone CR: such a
    file is counted like any other, not as one line."""
    settings.ADMIN_IMPORT_MAX_ROWS = settings.IMPORT_MAX_ROWS = 10
    data = newline.join([b"Kennzahl;Jahr;Wert;Einheit"] + [b"x;2020;1;P"] * 11)
    response = post_import(redaktion, csv_upload(data + newline))
    assert "mehr als 10 Zeilen und wird nicht eingelesen" in response.content.decode()
    assert Observation.objects.count() == 0


def test_a_last_line_without_its_break_counts(redaktion, settings):
    """One row over the bound is refused even without a final line break."""
    settings.ADMIN_IMPORT_MAX_ROWS = settings.IMPORT_MAX_ROWS = 10
    data = b"\r\n".join([b"Kennzahl;Jahr;Wert;Einheit"] + [b"x;2020;1;P"] * 11)
    response = post_import(redaktion, csv_upload(data))
    assert "mehr als 10 Zeilen und wird nicht eingelesen" in response.content.decode()


@pytest.mark.parametrize(
    "row",
    [b"<x:row r='1'/>", b"<row\nr='1'></row>", b"<row/>", b"<ns0:row>x</ns0:row>"],
)
def test_rows_of_every_spelling_and_place_count(redaktion, settings, row):
    """A sheet may name its rows with a namespace prefix and live anywhere in
    the archive: its rows are counted all the same."""
    settings.ADMIN_IMPORT_MAX_ROWS = settings.IMPORT_MAX_ROWS = 10
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/theme/theme9.dat", b"<x:worksheet>" + row * 12 + b"</x:worksheet>"
        )
    buffer.seek(0)
    buffer.name = "messwerte.xlsx"
    response = post_import(redaktion, buffer)
    assert "mehr als 10 Zeilen und wird nicht eingelesen" in response.content.decode()


def test_rows_are_counted_exactly():
    """The count is the rows under the header, whatever the line breaks."""
    from kassel_integration.spreadsheets import check_import_file

    for newline in (b"\r", b"\r\n", b"\n"):
        data = newline.join([b"Kennzahl;Jahr;Wert;Einheit"] + [b"x;2020;1;P"] * 7)
        assert check_import_file(csv_upload(data), max_rows=7) == 7
        assert check_import_file(csv_upload(data + newline), max_rows=7) == 7
