"""Cells an attacker may put in an import file: too long for their field,
a NUL character, a shared XLSX string repeated in thousands of cells, a CSV
cell over the csv module's limit, a zip without a workbook. Each ends with a
German message naming the column and the line; nothing is written, and the
job's page never shows an English exception."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from monitoring.models import Observation, ObservationImport
from monitoring.observation_files import (
    ImportFileError,
    observation_rows_import,
    read_rows,
)
from tests.factories import MetricFactory
from tests.monitoring.test_import_jobs import (
    HEADER,
    ROWS,
    job_url,
    large_csv,
    member,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def metric():
    return MetricFactory(key="kursstunden", name="Kursstunden", unit="Stunden")


@pytest.fixture
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media-privat"


def run_job(client, data, django_capture_on_commit_callbacks, name="messwerte.csv"):
    client.force_login(member("Redaktion"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, data, name=name)
    job = ObservationImport.objects.get()
    return job, client.get(job_url(job)).content.decode()


def test_cells_too_long_or_with_nul_are_named_in_the_job(
    client, metric, private_root, django_capture_on_commit_callbacks
):
    """A Bereich over its 120 characters, a NUL in a Bereich: German row
    errors with the column's German name, nothing written."""
    data = large_csv(
        {
            7: "kursstunden;2020;" + "B" * 121 + ";1;Stunden",
            8: "kursstunden;2020;Bereich\x00acht;1;Stunden",
        }
    )
    job, page = run_job(client, data, django_capture_on_commit_callbacks)
    assert job.state == ObservationImport.State.REJECTED
    assert job.row_errors == [
        [7, "„Bereich“ ist länger als 120 Zeichen."],
        [8, "„Bereich“ enthält ein unzulässiges Steuerzeichen (NUL)."],
    ]
    assert "„Bereich“ ist länger als 120 Zeichen." in page
    assert "DataError" not in page
    assert not Observation.objects.exists()


def test_a_csv_cell_over_the_csv_limit_fails_in_german(
    client, metric, private_root, django_capture_on_commit_callbacks
):
    data = large_csv({5: "kursstunden;2020;" + "B" * 140_000 + ";1;Stunden"})
    job, page = run_job(client, data, django_capture_on_commit_callbacks)
    assert job.state == ObservationImport.State.FAILED
    assert job.error == (
        "Die Datei konnte nicht gelesen werden: "
        "Eine Zelle ist länger als 131.072 Zeichen."
    )
    assert "field limit" not in page
    assert not Observation.objects.exists()


def test_a_zip_without_a_workbook_fails_in_german(
    client, metric, private_root, django_capture_on_commit_callbacks
):
    """An archive whose only part holds rows (so it goes to the background)
    but no workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("blatt.xml", b"<row r='1'/>" * ROWS)
    job, page = run_job(
        client, buffer.getvalue(), django_capture_on_commit_callbacks, "m.xlsx"
    )
    assert job.state == ObservationImport.State.FAILED
    assert job.error == (
        "Die Datei konnte nicht gelesen werden: "
        "Sie ist keine gültige Excel-Datei (XLSX)."
    )
    assert "KeyError" not in page


def test_an_unexpected_error_is_logged_not_shown(
    client,
    metric,
    private_root,
    django_capture_on_commit_callbacks,
    monkeypatch,
    caplog,
):
    def broken(**kwargs):
        raise RuntimeError("interner Zustand xyz")

    monkeypatch.setattr("monitoring.observation_jobs.observation_rows_import", broken)
    job, page = run_job(client, large_csv(), django_capture_on_commit_callbacks)
    assert job.state == ObservationImport.State.FAILED
    assert job.error == "Unerwarteter Fehler; nichts wurde gespeichert."
    assert "RuntimeError" not in page and "xyz" not in page
    assert "interner Zustand xyz" in caplog.text


def test_a_shared_string_repeated_in_every_row_is_refused(metric, tmp_path):
    """A small XLSX whose one long string fills the note of every row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kennzahl", "Jahr", "Bereich", "Wert", "Einheit", "Anmerkung"])
    note = "x" * 50_000
    for n in range(30):
        sheet.append(["kursstunden", 2020, f"B{n}", 1, "Stunden", note])
    path = tmp_path / "m.xlsx"
    book.save(path)
    assert path.stat().st_size < 100_000
    report = observation_rows_import(rows=read_rows(path))
    assert report.errors == [
        (line, "„Anmerkung“ ist länger als 2.000 Zeichen.") for line in range(2, 32)
    ]
    assert not Observation.objects.exists()


def test_reading_stops_at_the_row_bound_whatever_the_count(
    metric, tmp_path, settings, monkeypatch
):
    """The counter before the import may be fooled; the reader is not."""
    settings.IMPORT_MAX_ROWS = 10
    path = tmp_path / "m.csv"
    path.write_bytes(large_csv())
    with pytest.raises(ImportFileError, match="mehr als 10 Zeilen"):
        list(read_rows(path))
    monkeypatch.setattr(
        "monitoring.management.commands.import_observations.check_import_file",
        lambda handle: 0,
    )
    with pytest.raises(CommandError, match="mehr als 10 Zeilen"):
        call_command("import_observations", str(path))
    assert not Observation.objects.exists()


def post_preview(client, text: str):
    data = (HEADER + text + "\r\n").encode()
    return client.post(
        reverse("admin:monitoring_observation_import"),
        {"format": "0", "import_file": SimpleUploadedFile("w.csv", data)},
    ).content.decode()


def test_the_preview_names_columns_in_german(admin_client, metric):
    html = post_preview(admin_client, "kursstunden;2020;" + "B" * 121 + ";1;Stunden")
    assert "„Bereich“ ist länger als 120 Zeichen." in html
    html = post_preview(admin_client, "kursstunden;2020;B\x00;1;Stunden")
    assert "„Bereich“ enthält ein unzulässiges Steuerzeichen (NUL)." in html
    assert not Observation.objects.exists()


def test_field_errors_of_the_preview_name_the_german_column(metric):
    from django.core.exceptions import ValidationError

    from monitoring.resources import ObservationResource

    instance = Observation(metric=metric, year=2020, value=1, area="B" * 121)
    with pytest.raises(ValidationError) as caught:
        ObservationResource().validate_instance(instance)
    assert "Bereich" in caught.value.message_dict
    assert "area" not in caught.value.message_dict


def test_a_csv_cell_over_the_csv_limit_in_the_preview(admin_client, metric):
    html = post_preview(
        admin_client, "kursstunden;2020;" + "B" * 140_000 + ";1;Stunden"
    )
    assert "Eine Zelle ist länger als 131.072 Zeichen." in html
    assert "Error" not in html.split("<body", 1)[1].split("</form>")[0]


def test_a_nul_in_any_spreadsheet_import_is_refused_in_german(admin_client):
    """The goals' import (another resource) refuses a NUL as well."""
    from concept.resources import GoalResource

    headers = [f.column_name for f in GoalResource().get_import_fields()]
    cells = ["x\x00y" if n == 1 else "" for n in range(len(headers))]
    data = (";".join(headers) + "\r\n" + ";".join(cells) + "\r\n").encode()
    html = admin_client.post(
        reverse("admin:concept_goal_import"),
        {"format": "0", "import_file": SimpleUploadedFile("z.csv", data)},
    ).content.decode()
    assert f"Zeile 2: „{headers[1]}“ enthält ein unzulässiges Steuerzeichen" in html
