"""Importing and exporting observations in the tidy format."""

import csv
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from monitoring.models import Observation
from monitoring.observation_files import COLUMNS, observation_rows_import, read_rows
from tests.factories import DistrictFactory, MetricFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        Observation.objects.order_by("pk").values_list(
            "pk",
            "metric_id",
            "year",
            "district_id",
            "age_group",
            "gender",
            "area",
            "provider_type",
            "value",
            "qualifier",
            "is_total",
            "source",
            "note",
        )
    )


def row(**values):
    base = dict.fromkeys(COLUMNS, "")
    base.update(
        {
            "Kennzahl": "sprachkurse",
            "Jahr": "2016",
            "Wert": "400",
            "Einheit": "Personen",
        }
    )
    base.update(values)
    return base


@pytest.fixture
def data():
    metric = MetricFactory(key="sprachkurse", unit="Personen")
    district = DistrictFactory(name="Waldau")
    ObservationFactory(metric=metric, year=2016, value=400, qualifier="rund")
    ObservationFactory(
        metric=metric, year=2016, district=district, value="12.5", gender="Frauen"
    )
    ObservationFactory(
        metric=metric, year=2017, area="=SUMME(A1)", note="-minus", value=3
    )
    return metric


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_and_reimport_changes_nothing(data, tmp_path, suffix):
    """An exported file imports again without any change."""
    path = tmp_path / f"werte.{suffix}"
    call_command("export_observations", str(path), stdout=io.StringIO())
    before = snapshot()
    report = observation_rows_import(rows=read_rows(path))
    assert report.ok and report.unchanged == 3 and report.created == report.updated == 0
    assert snapshot() == before


def test_formula_cells_are_escaped(data, tmp_path):
    """Cells starting with = or - are written with a leading quote."""
    path = tmp_path / "werte.csv"
    call_command("export_observations", str(path), stdout=io.StringIO())
    text = path.read_text(encoding="utf-8")
    assert "'=SUMME(A1)" in text and "'-minus" in text


def test_bad_file_writes_nothing_and_names_every_line(data):
    """Every bad row is reported with its line number; nothing is saved."""
    rows = [
        row(Wert="401"),  # line 2: fine
        row(Kennzahl="gibt-es-nicht"),  # 3
        row(Stadtteil="Atlantis", Jahr="2017"),  # 4
        row(Wert="viele", Jahr="2018"),  # 5
        row(Jahr="1850"),  # 6
        row(Einheit="%", Jahr="2019"),  # 7
        row(Wert="401"),  # 8: duplicate of 2
    ]
    before = snapshot()
    report = observation_rows_import(rows=rows)
    messages = dict(report.errors)
    assert "Unbekannte Kennzahl „gibt-es-nicht“" in messages[3]
    assert "Unbekannter Stadtteil „Atlantis“" in messages[4]
    assert "„viele“ ist keine Zahl" in messages[5]
    assert "1850 liegt außerhalb" in messages[6]
    assert "Einheit „%“ passt nicht" in messages[7]
    assert "schon in Zeile 2" in messages[8]
    assert 2 not in messages
    assert snapshot() == before


def test_corrected_file_updates_instead_of_duplicating(data):
    """Importing a changed value updates the existing observation."""
    report = observation_rows_import(rows=[row(Wert="410", Genauigkeit="rund")])
    assert report.ok and report.updated == 1 and report.created == 0
    assert (
        Observation.objects.filter(metric=data, year=2016, district=None).count() == 1
    )
    assert Observation.objects.get(metric=data, year=2016, district=None).value == 410


def test_german_decimal_comma_is_accepted(data):
    """ "2,1" and "2.1" both mean two point one."""
    report = observation_rows_import(rows=[row(Jahr="2020", Wert="2,1")])
    assert report.ok
    assert float(Observation.objects.get(year=2020).value) == 2.1


def test_command_fails_loudly_on_errors(data, tmp_path):
    """The import command exits with an error and names the line."""
    path = tmp_path / "falsch.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(row(Wert="abc"))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="nichts gespeichert"):
        call_command(
            "import_observations", str(path), stderr=errors, stdout=io.StringIO()
        )
    assert "Zeile 2:" in errors.getvalue()


def test_public_download_hides_small_numbers(client):
    """The CSV and JSON downloads show "< 5" instead of small breakdown values."""
    metric = MetricFactory(key="klein", disclosure_threshold=5)
    ObservationFactory(metric=metric, year=2020, area="Sport", value=3)
    for fmt in ("csv", "json"):
        body = client.get(f"/monitoring/klein/werte.{fmt}").content.decode()
        assert "< 5" in body and ",3," not in body and '"3"' not in body


def test_admin_import_preview_shows_row_errors(admin_client, data):
    """The admin's import preview names a bad row in German and saves nothing."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row(Kennzahl="gibt-es-nicht"))
    before = snapshot()
    response = admin_client.post(
        reverse("admin:monitoring_observation_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("w.csv", buffer.getvalue().encode()),
        },
    )
    assert "Unbekannte Kennzahl „gibt-es-nicht“" in response.content.decode()
    assert snapshot() == before


def test_admin_imports_a_csv_saved_by_german_excel(client):
    """Semicolons, Windows-1252 and decimal commas, with the labels the
    Messwerte list shows ("genau", "über"), are read as they are meant, by a
    member of the Redaktion, through preview and confirm."""
    from django.contrib.auth.models import Group, User

    redaktion = User.objects.create_user("redaktion", is_staff=True)
    redaktion.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(redaktion)
    MetricFactory(key="kursstunden", unit="Stunden")
    text = (
        "Kennzahl;Jahr;Stadtteil;Altersgruppe;Geschlecht;Bereich;Trägerart;Wert;"
        "Einheit;Genauigkeit;Summe;Quelle;Anmerkung\r\n"
        "kursstunden;2016;;;;Sprachförderung;;430,5;Stunden;genau;nein;"
        "Antwort 2016;Schätzung für Größenordnung\r\n"
        "kursstunden;2017;;;;Sprachförderung;;1.200,25;Stunden;über;nein;;\r\n"
    )
    upload = SimpleUploadedFile("werte.csv", text.encode("cp1252"))
    preview = client.post(
        reverse("admin:monitoring_observation_import"),
        {"format": "0", "import_file": upload},
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    response = client.post(
        reverse("admin:monitoring_observation_process_import"),
        confirm.initial,
    )
    assert response.status_code == 302
    values = {o.year: o for o in Observation.objects.filter(metric__key="kursstunden")}
    assert values[2016].value == Decimal("430.50") and values[2016].qualifier == ""
    assert values[2016].note == "Schätzung für Größenordnung"
    assert values[2016].area == "Sprachförderung"
    assert values[2017].value == Decimal("1200.25") and values[2017].qualifier == "über"


def test_command_reads_csv_saved_by_german_excel(data, tmp_path):
    """import_observations reads Windows-1252 with semicolons and decimal commas."""
    path = tmp_path / "werte.csv"
    path.write_bytes(
        (
            "Kennzahl;Jahr;Bereich;Wert;Einheit;Genauigkeit;Summe\r\n"
            "sprachkurse;2021;Größere Träger;430,5;Personen;genau;nein\r\n"
        ).encode("cp1252")
    )
    call_command("import_observations", str(path), stdout=io.StringIO())
    observation = Observation.objects.get(year=2021)
    assert observation.value == Decimal("430.50")
    assert observation.area == "Größere Träger"


BLANK_LINE_ROWS = [
    ["Kennzahl", "Jahr", "Bereich", "Wert", "Einheit"],
    ["sprachkurse", "2020", "A", "1", "Personen"],
    ["", "", "", "", ""],  # line 3: blank, as Excel saves an empty row
    ["sprachkurse", "2020", "B", "viele", "Personen"],  # line 4
]


def blank_line_file(suffix: str) -> bytes:
    if suffix == "csv":
        text = "".join(";".join(cells) + "\r\n" for cells in BLANK_LINE_ROWS)
        return text.replace(";;;;\r\n", "\r\n").encode("cp1252")
    from openpyxl import Workbook

    book = Workbook()
    for cells in BLANK_LINE_ROWS:
        book.active.append([cell or None for cell in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_blank_line_is_skipped_and_counted(admin_client, data, tmp_path, suffix):
    """A blank line in the middle is no error, and the lines after it keep
    the numbers the spreadsheet shows: the admin preview and the command
    both name line 4 for the bad value, and write nothing."""
    content = blank_line_file(suffix)
    before = snapshot()
    response = admin_client.post(
        reverse("admin:monitoring_observation_import"),
        {
            "format": "0" if suffix == "csv" else "1",
            "import_file": SimpleUploadedFile(f"w.{suffix}", content),
        },
    )
    page = response.content.decode()
    assert "Zeile 4:" in page and "„viele“" in page
    assert "Zeile 3:" not in page
    path = tmp_path / f"w.{suffix}"
    path.write_bytes(content)
    report = observation_rows_import(rows=read_rows(path))
    assert [line for line, _ in report.errors] == [4]
    assert snapshot() == before
