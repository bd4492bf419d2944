"""The admin's import pages as German offices use them: every file they may
upload gets a German answer (never a traceback), every error of every row is
named with its number, and "Vorlage herunterladen" gives a file to fill in,
only to those who may import."""

import io
import re
from csv import reader

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import openpyxl
import pytest

from concept.models import Goal
from monitoring.models import Observation
from monitoring.observation_files import observation_rows_import
from tests.factories import MetricFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:monitoring_observation_import")
HEADER = "Kennzahl;Jahr;Wert;Einheit;Genauigkeit;Summe\r\n"


@pytest.fixture
def redaktion(client):
    user = User.objects.create_user("redaktion", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(user)
    MetricFactory(key="kursstunden", name="Kursstunden", unit="Stunden")
    return client


def upload(client, data: bytes, name="werte.csv", file_format=""):
    return client.post(
        IMPORT_URL,
        {"format": file_format, "import_file": SimpleUploadedFile(name, data)},
    )


def test_preview_shows_values_the_german_way(redaktion):
    """The preview reads "430,5", "genau" and "nein", not 430.50 or False."""
    text = HEADER + "kursstunden;2016;430,5;Stunden;;nein\r\n"
    html = upload(redaktion, text.encode("cp1252")).content.decode()
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(
        r"(?s)<td[^>]*>(.*?)</td>", html)]  # fmt: skip
    assert cells[-6:-2] == ["430,5", "Stunden", "genau", "nein"]
    assert "430.50" not in html and "False" not in html
    assert "klicken Sie auf „Import bestätigen“" in html


def test_every_error_of_every_row_is_listed(redaktion):
    """Two bad rows: each of their problems is named with the line number a
    spreadsheet shows (the first row under the header is line 2)."""
    text = (
        HEADER
        + "gibt-es-nicht;abc;1;Stunden;genau;nein\r\n"
        + "kursstunden;2016;zz;Euro;komisch;vielleicht\r\n"
    )
    html = upload(redaktion, text.encode("cp1252")).content.decode()
    for line, message in [  # as a spreadsheet numbers them: header = line 1
        (2, "Unbekannte Kennzahl „gibt-es-nicht“."),
        (2, "Das Jahr „abc“ ist keine ganze Zahl."),
        (3, "Der Wert „zz“ ist keine Zahl."),
        (3, "Die Einheit „Euro“ passt nicht zur Kennzahl „kursstunden“"),
        (3, "Unbekannte Genauigkeit „komisch“"),
        (3, "„Summe“ muss ja oder nein sein, nicht „vielleicht“."),
    ]:
        assert f'<span class="line">Zeile {line}:</span> {message}' in html
    assert not Observation.objects.exists()


def test_labels_the_list_shows_are_accepted():
    """Kennzahl by name, Genauigkeit by label, Summe as ja: read as meant."""
    MetricFactory(key="kursstunden", name="Kursstunden", unit="Stunden")
    rows = [
        {"Kennzahl": "Kursstunden", "Jahr": "2016", "Wert": "1.200,25",
         "Einheit": "Stunden", "Genauigkeit": "Genau", "Summe": "ja"},
    ]  # fmt: skip
    report = observation_rows_import(rows=rows)
    assert report.ok, report.errors
    observation = Observation.objects.get()
    assert str(observation.value) == "1200.25"
    assert observation.qualifier == "" and observation.is_total


BROKEN = {
    "binary garbage": (bytes(range(256)) * 20, "Der Datei fehlen Spalten"),
    "empty": (b"", "Die übertragene Datei ist leer."),
    "wrong columns": (b"a;b;c\r\n1;2;3\r\n", "Der Datei fehlen Spalten: „Kennzahl“"),
    "old Excel": (b"\xd0\xcf\x11\xe0" + b"x" * 100, "Das alte Excel-Format (XLS)"),
    "broken XLSX": (b"PK\x03\x04kaputt", "keine lesbare Excel-Datei"),
}


@pytest.mark.parametrize("file_format", ["", "0", "1"])
@pytest.mark.parametrize("name", BROKEN)
def test_broken_file_gets_a_german_answer(redaktion, name, file_format):
    """A broken file, whatever format is chosen, is refused in German."""
    data, message = BROKEN[name]
    response = upload(redaktion, data, file_format=file_format)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    for english in ("Traceback", "Error", "encountered", "import_id_fields"):
        assert english not in html


def test_missing_optional_columns_are_not_needed(redaktion):
    """A file with only the required columns previews without error."""
    text = "Kennzahl;Jahr;Wert;Einheit\r\nkursstunden;2016;3;Stunden\r\n"
    response = upload(redaktion, text.encode())
    assert response.context["result"].has_errors() is False
    assert not response.context["result"].has_validation_errors()


@pytest.mark.parametrize(
    "model, columns",
    [
        (Observation, ["Kennzahl", "Jahr", "Stadtteil", "Wert", "Einheit"]),
        (Goal, ["Fassung", "Nummer", "Teilbereich", "Ziel", "Verantwortlich"]),
    ],
)
def test_import_page_offers_templates(redaktion, model, columns):
    """Each importable model offers a CSV and an XLSX with header and example."""
    opts = model._meta
    page = redaktion.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
    assert "Vorlage herunterladen" in page.content.decode()
    name = f"admin:{opts.app_label}_{opts.model_name}_import_template"
    csv = redaktion.get(reverse(name, args=["csv"]))
    assert csv.status_code == 200
    text = io.StringIO(csv.content.decode("utf-8-sig"), newline="")
    lines = list(reader(text, delimiter=";"))
    assert len(lines) == 2
    header = lines[0]
    assert all(column in header for column in columns)
    assert any("Beispielzeile" in cell for cell in lines[1])
    xlsx = redaktion.get(reverse(name, args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and list(rows[0]) == header
    assert 'attachment; filename="vorlage-' in xlsx["Content-Disposition"]


def test_observation_template_uses_decimal_comma(redaktion):
    """The CSV template writes its example number as German Excel does."""
    url = reverse("admin:monitoring_observation_import_template", args=["csv"])
    assert ";12,5;" in redaktion.get(url).content.decode("utf-8-sig")


@pytest.mark.parametrize("group", ["Lesend", "Fachamt"])
def test_roles_without_change_permission_get_no_template(client, group):
    """Lesend and Fachamt may not import, so they get no template either."""
    user = User.objects.create_user(group.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    for model in ("monitoring_observation", "concept_goal"):
        for extension in ("csv", "xlsx"):
            url = reverse(f"admin:{model}_import_template", args=[extension])
            assert client.get(url).status_code == 403
        assert client.get(reverse(f"admin:{model}_import")).status_code == 403
