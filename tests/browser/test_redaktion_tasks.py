"""Two tasks of the Redaktion, end to end in a real browser, as a member of the
group "Redaktion" (the least-privileged role that does them): answering an
inquiry after a preview, and importing Messwerte from German Excel files,
a large one in the background.

Screenshots of each step go to ``BROWSER_SHOTS`` (default: the browser
tests' screenshot folder)."""

import datetime
import os
from pathlib import Path

from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

import pytest

from inquiries.models import Inquiry
from monitoring.models import Observation, ObservationImport
from tests.browser.conftest import SCREENSHOTS
from tests.factories import InquiryFactory, QuestionFactory

PASSWORD = "Redaktion-Kassel-2025!"
SHOTS = Path(os.environ.get("BROWSER_SHOTS") or SCREENSHOTS)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


# What the tasks need of the Redaktion's rights (README: Staff roles).
TASK_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("inquiry", "question", "attachment", "observation")
    for action in ("view", "add", "change")
]


def redaktion_group():
    """The group "Redaktion" as the data migrations create it. A transactional
    test before this one (any live-server test) empties the tables, and with
    them the migrations' groups: then the group is made again with the
    rights these tasks need, and nothing more."""
    group, created = Group.objects.get_or_create(name="Redaktion")
    if created:
        group.permissions.set(Permission.objects.filter(codename__in=TASK_PERMISSIONS))
    return group


@pytest.fixture
def redaktion(seeded_live_server, page):
    user = User.objects.create_user("redaktion", password=PASSWORD, is_staff=True)
    user.groups.add(redaktion_group())
    page.goto(seeded_live_server.url + "/admin/login/")
    page.get_by_label("Benutzername").fill("redaktion")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    return seeded_live_server


def test_redaktion_answers_an_inquiry_after_a_preview(redaktion, page):
    """The drafted answer is checked in the preview, then published."""
    inquiry = InquiryFactory(
        reference_number="101.19.42",
        title="Sprachkurse in Rothenditmold",
        status=Inquiry.Status.DRAFT,
        answered_on=None,
    )
    QuestionFactory(inquiry=inquiry, position=1, number="1", answer="")
    change = f"{redaktion.url}/admin/inquiries/inquiry/{inquiry.pk}/change/"
    page.goto(change)
    page.locator("#id_questions-0-answer").fill(
        "Im Jahr 2019 fanden **zwölf** Kurse statt."
    )
    page.locator("#id_change_reason").fill("Antwort des Magistrats eingetragen")
    shot(page, "inquiry-1-draft-answer")
    page.get_by_role("button", name="Sichern und weiter bearbeiten").click()
    assert "erfolgreich geändert" in page.locator(".messagelist").inner_text()

    page.get_by_role("link", name="Vorschau").click()
    banner = page.locator(".preview-banner").inner_text()
    assert "Vorschau" in banner and "nicht öffentlich" in banner
    assert "Im Jahr 2019 fanden zwölf Kurse statt." in page.locator("main").inner_text()
    shot(page, "inquiry-2-preview")
    public = page.context.new_page()
    public.goto(f"{redaktion.url}/anfragen/101.19.42/")
    assert "zwölf Kurse" not in public.content()  # not yet published

    page.get_by_role("link", name="Zurück zur Bearbeitung").click()
    page.locator("#id_status").select_option("beantwortet")
    page.locator("#id_answered_on").fill(datetime.date.today().strftime("%d.%m.%Y"))
    page.locator("#id_change_reason").fill("Antwort veröffentlicht")
    page.get_by_role("button", name="Sichern und weiter bearbeiten").click()
    assert "erfolgreich geändert" in page.locator(".messagelist").inner_text()
    public.goto(f"{redaktion.url}/anfragen/101.19.42/")
    published = public.locator("main").inner_text()
    assert "Im Jahr 2019 fanden zwölf Kurse statt." in published
    shot(public, "inquiry-3-published")

    page.goto(f"{redaktion.url}/admin/inquiries/inquiry/{inquiry.pk}/history/")
    history = page.locator("#change-history").inner_text()
    assert "Antwort veröffentlicht" in history and "beantwortet" in history
    assert "None" not in history and "chars]" not in history
    shot(page, "inquiry-4-history")


GOOD_CSV = (
    "Kennzahl;Jahr;Stadtteil;Altersgruppe;Geschlecht;Bereich;Trägerart;Wert;"
    "Einheit;Genauigkeit;Summe;Quelle;Anmerkung\r\n"
    "angebote-2008-nach-alter;2021;;Kinder;;;;430,5;Angebote;genau;nein;"
    "Befragung 2021;Schätzung für Größenordnung\r\n"
    "angebote-2008-nach-alter;2022;;Kinder;;;;1.200,25;Angebote;über;nein;;\r\n"
)


def _upload(page, server, name, data: bytes):
    page.goto(server.url + "/admin/monitoring/observation/import/")
    page.locator("#id_import_file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    page.locator("input[type=submit]").click()


def test_redaktion_imports_csv_from_german_excel(redaktion, page):
    """A semicolon CSV in Windows-1252 with decimal commas previews in German
    and imports; a file with five bad rows names all five."""
    page.goto(redaktion.url + "/admin/monitoring/observation/import/")
    assert "Vorlage herunterladen" in page.locator("#content").inner_text()
    shot(page, "import-1-form")

    _upload(page, redaktion, "werte.csv", GOOD_CSV.encode("cp1252"))
    preview = page.locator("table.import-preview").inner_text()
    assert "430,5" in preview and "1.200,25" in preview
    assert "genau" in preview and "über" in preview and "nein" in preview
    assert "Schätzung für Größenordnung" in preview
    assert "False" not in preview and "430.50" not in preview
    content = page.locator("#content").inner_text()
    assert "klicken Sie auf „Import bestätigen“" in content
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "import-2-preview")
    page.get_by_role("button", name="Import bestätigen").click()
    assert "Import fertiggestellt" in page.locator(".messagelist").inner_text()
    shot(page, "import-3-done")
    values = Observation.objects.filter(
        metric__key="angebote-2008-nach-alter", year__in=[2021, 2022]
    ).order_by("year")
    assert [str(o.value) for o in values] == ["430.50", "1200.25"]

    lines = [
        "angebote-2008-nach-alter;2023;;;;;;1;Angebote;genau;nein;;",
        "angebote-2008-nach-alter;2024;;;;;;viele;Angebote;genau;nein;;",
        "angebote-2008-nach-alter;2025;;;;;;2;Angebote;genau;nein;;",
        "gibt-es-nicht;2026;;;;;;3;Angebote;genau;nein;;",
        "angebote-2008-nach-alter;1850;;;;;;4;Angebote;genau;nein;;",
        "angebote-2008-nach-alter;2027;;;;;;5;Euro;genau;nein;;",
        "angebote-2008-nach-alter;2028;;;;;;6;Angebote;ungefähr;nein;;",
    ]
    bad = GOOD_CSV.splitlines()[0] + "\r\n" + "\r\n".join(lines) + "\r\n"
    _upload(page, redaktion, "fehler.csv", bad.encode("cp1252"))
    errors = page.locator("ul.import-row-errors").inner_text()
    for line, message in [
        # line numbers as the spreadsheet shows them: the header is line 1
        (3, "Der Wert „viele“ ist keine Zahl."),
        (5, "Unbekannte Kennzahl „gibt-es-nicht“."),
        (6, "Das Jahr 1850 liegt außerhalb von 1990 bis 2100."),
        (7, "Die Einheit „Euro“ passt nicht"),
        (8, "Unbekannte Genauigkeit „ungefähr“"),
    ]:
        assert f"Zeile {line}: {message}" in errors
    assert "Zeile 2:" not in errors and "Zeile 4:" not in errors
    assert page.get_by_role("button", name="Import bestätigen").count() == 0
    shot(page, "import-4-five-bad-rows")
    assert not Observation.objects.filter(year=2023).exists()


def _large_csv(bad: dict[int, str]) -> bytes:
    """2,500 rows, over the admin's preview bound of 2,000; ``bad`` replaces
    the row on a spreadsheet line (header = line 1)."""
    lines = [
        f"angebote-2008-nach-alter;2030;;;;Bereich {n};;{n},5;Angebote;genau;nein;;"
        for n in range(2_500)
    ]
    for line, text in bad.items():
        lines[line - 2] = text
    return (GOOD_CSV.splitlines()[0] + "\r\n" + "\r\n".join(lines) + "\r\n").encode(
        "cp1252"
    )


def test_redaktion_imports_a_large_file_in_the_background(
    redaktion, page, settings, tmp_path
):
    """A file over the preview bound runs as a background job (immediate
    backend here): its page shows the German summary and the rows are saved;
    a large file with errors saves nothing and names each line."""
    settings.MEDIA_ROOT = tmp_path / "media"
    bad = {
        3: "angebote-2008-nach-alter;2030;;;;x;;viele;Angebote;genau;nein;;",
        2_000: "gibt-es-nicht;2030;;;;y;;1;Angebote;genau;nein;;",
    }
    _upload(page, redaktion, "gross-fehler.csv", _large_csv(bad))
    content = page.locator("#content").inner_text()
    assert "Nichts gespeichert: 2 fehlerhafte Zeilen von 2.500." in content
    errors = page.locator("ul.import-row-errors").inner_text()
    assert "Zeile 3: Der Wert „viele“ ist keine Zahl." in errors
    assert "Zeile 2000: Unbekannte Kennzahl „gibt-es-nicht“." in errors
    assert "Zeile 2 die erste Datenzeile" in content
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "import-5-background-errors")
    assert not Observation.objects.filter(year=2030).exists()

    _upload(page, redaktion, "gross.csv", _large_csv({}))
    assert "/import/hintergrund/" in page.url
    summary = page.locator("#content .summary").inner_text()
    assert (
        summary == "Gespeichert: 2.500 Zeilen – 2.500 neu, 0 geändert, 0 unverändert."
    )
    shot(page, "import-6-background-done")
    assert Observation.objects.filter(year=2030).count() == 2_500

    job = ObservationImport.objects.get(original_name="gross.csv")
    ObservationImport.objects.filter(pk=job.pk).update(
        state="laeuft",
        rows_done=1_000,
        rows_total=100_000,
        finished_at=None,
        heartbeat_at=timezone.now(),
    )
    page.reload()
    summary = page.locator("#content .summary").inner_text()
    assert summary == "1.000 von 100.000 Zeilen geprüft …"
    assert page.locator("progress").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "import-7-background-running")
