"""Messwerte files over the admin's row bound (issue #18, "large imports
show progress"): accepted in the admin and run as a background job with the
command's import code; its page shows the progress, then the German summary
or every bad line with its number as a spreadsheet shows it."""

import datetime
import io
import threading

from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from monitoring.models import Observation, ObservationImport
from monitoring.observation_files import observation_rows_import
from tests.factories import MetricFactory, ObservationFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:monitoring_observation_import")
HEADER = "Kennzahl;Jahr;Bereich;Wert;Einheit\r\n"
ROWS = 2_500  # over ADMIN_IMPORT_MAX_ROWS (2,000)


def job_url(job):
    return reverse("admin:monitoring_observation_import_job", args=[job.pk])


def member(group):
    user = User.objects.create_user(group.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media-privat"


@pytest.fixture
def metric():
    return MetricFactory(key="kursstunden", name="Kursstunden", unit="Stunden")


def large_csv(bad: dict[int, str] | None = None) -> bytes:
    """ROWS rows of Kursstunden, one per Bereich; ``bad`` replaces the row
    on a spreadsheet line (header = line 1) with other text."""
    lines = [f"kursstunden;2020;Bereich {n};{n},5;Stunden" for n in range(ROWS)]
    for line, text in (bad or {}).items():
        lines[line - 2] = text
    return (HEADER + "\r\n".join(lines) + "\r\n").encode("cp1252")


def upload(client, data: bytes, name="messwerte.csv"):
    return client.post(
        IMPORT_URL, {"format": "", "import_file": SimpleUploadedFile(name, data)}
    )


def test_redaktion_imports_a_large_file_in_the_background(
    client, metric, private_root, django_capture_on_commit_callbacks
):
    """A file over the admin's bound runs as a job (immediate backend): its
    page sums up new, changed and unchanged values, all rows are saved, and
    the uploaded file is gone from the private folder."""
    ObservationFactory(metric=metric, year=2020, area="Bereich 0", value="0.5")
    ObservationFactory(metric=metric, year=2020, area="Bereich 1", value="99")
    redaktion = member("Redaktion")
    client.force_login(redaktion)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, large_csv())
    job = ObservationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    page = client.get(job_url(job)).content.decode()
    assert "Gespeichert: 2.500 Zeilen – 2.498 neu, 1 geändert, 1 unverändert." in page
    assert 'http-equiv="refresh"' not in page
    assert "Zeile 2 die erste Datenzeile" in page
    assert Observation.objects.filter(metric=metric).count() == ROWS
    assert str(Observation.objects.get(area="Bereich 1").value) == "1.50"
    # the history says who imported which file, as an edit in the admin would
    versions = Observation.history.filter(history_user=redaktion)
    assert versions.count() == ROWS - 1  # the unchanged value keeps its version
    assert {v.history_change_reason for v in versions} == {"Import „messwerte.csv“"}
    assert job.original_name == "messwerte.csv"
    assert [p for p in private_root.rglob("*") if p.is_file()] == []


def test_a_large_file_with_errors_writes_nothing_and_names_every_line(
    client, metric, private_root, django_capture_on_commit_callbacks
):
    """Three bad rows among 2,500: nothing is saved, and each is named with
    the line number the spreadsheet shows, as `import_observations` does."""
    bad = {
        3: "kursstunden;2020;Bereich 1;viele;Stunden",
        1200: "gibt-es-nicht;2020;x;1;Stunden",
        ROWS + 1: "kursstunden;1850;Bereich Ende;1;Euro",
    }
    data = large_csv(bad)
    client.force_login(member("Redaktion"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, data)
    page = client.get(job_url(ObservationImport.objects.get())).content.decode()
    assert "Nichts gespeichert: 3 fehlerhafte Zeilen von 2.500." in page
    expected = [
        (3, "Der Wert „viele“ ist keine Zahl."),
        (1200, "Unbekannte Kennzahl „gibt-es-nicht“."),
        (ROWS + 1, "Das Jahr 1850 liegt außerhalb von 1990 bis 2100."),
        (ROWS + 1, "Die Einheit „Euro“ passt nicht zur Kennzahl „kursstunden“"),
    ]
    for line, message in expected:
        assert f'<span class="line">Zeile {line}:</span>' in page
        assert message in page
    assert page.count('<span class="line">') == 3
    assert not Observation.objects.exists()

    path = private_root / "gleich.csv"
    path.write_bytes(data)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="3 fehlerhafte Zeilen"):
        call_command("import_observations", str(path), stderr=errors)
    assert [line.split(":")[0] for line in errors.getvalue().splitlines()] == [
        "Zeile 3",
        "Zeile 1200",
        f"Zeile {ROWS + 1}",
    ]


def test_the_page_shows_progress_while_the_worker_runs(
    client,
    metric,
    private_root,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """With the database backend the job waits for `db_worker`; the page
    says so and reloads itself; the file lies in the private folder (no
    URL serves it), then the worker imports it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    redaktion = member("Redaktion")
    client.force_login(redaktion)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, large_csv())
    job = ObservationImport.objects.get()
    page = client.get(job_url(job)).content.decode()
    assert "Wartet auf den Hintergrunddienst … (2.500 Zeilen)" in page
    assert '<meta http-equiv="refresh" content="5">' in page
    stored = [p for p in private_root.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].suffix == ".csv"
    served = client.get(reverse("private-file", args=[job.file.name]))
    assert served.status_code == 404

    ObservationImport.objects.filter(pk=job.pk).update(
        state="laeuft", rows_done=1000, rows_total=100_000, heartbeat_at=timezone.now()
    )
    page = client.get(job_url(job)).content.decode()
    assert "1.000 von 100.000 Zeilen geprüft …" in page
    assert '<progress value="1000" max="100000">' in page
    ObservationImport.objects.filter(pk=job.pk).update(
        state="wartend", rows_done=0, rows_total=ROWS
    )

    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = client.get(job_url(job)).content.decode()
    assert "Gespeichert: 2.500 Zeilen – 2.500 neu" in page
    assert Observation.objects.count() == ROWS
    assert [p for p in private_root.rglob("*") if p.is_file()] == []


def test_a_job_whose_worker_died_shows_as_failed(client, private_root, settings):
    """A running job without a sign of life for REPORT_JOB_TIMEOUT is
    failed with the reason; nothing was written."""
    redaktion = member("Redaktion")
    job = ObservationImport.objects.create(
        original_name="gross.csv",
        state="laeuft",
        requested_by=redaktion,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(redaktion)
    page = client.get(job_url(job)).content.decode()
    assert "Nichts gespeichert: Abgebrochen: Der Hintergrunddienst" in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.parametrize("role", ["Fachamt", "Lesend"])
def test_who_may_not_import_messwerte_neither_starts_nor_sees_a_job(
    client, metric, private_root, role, django_capture_on_commit_callbacks
):
    """Fachamt and Lesend: the upload and the job page answer 403."""
    job = ObservationImport.objects.create(
        original_name="gross.csv", requested_by=member("Redaktion")
    )
    client.force_login(member(role))
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, large_csv()).status_code == 403
    assert client.get(job_url(job)).status_code == 403
    assert ObservationImport.objects.count() == 1
    assert not Observation.objects.exists()


def test_without_the_add_permission_a_large_file_is_refused(client, metric):
    """Who may change but not add Messwerte keeps the admin's bound."""
    user = User.objects.create_user("korrektur", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_observation", "change_observation"]
        )
    )
    client.force_login(user)
    html = upload(client, large_csv()).content.decode()
    assert "mehr als 2.000 Zeilen" in html
    assert not ObservationImport.objects.exists()


def test_the_import_page_says_where_large_files_go(client):
    """The Messwerte import page names the bound and the background job; the
    goals import, which has none, does not."""
    client.force_login(member("Redaktion"))
    promise = "mehr als 2.000 Zeilen wird ohne Vorschau im Hintergrund"
    assert promise in client.get(IMPORT_URL).content.decode()
    goals = client.get(reverse("admin:concept_goal_import")).content.decode()
    assert "Vorlage herunterladen" in goals and promise not in goals


def test_a_large_xlsx_and_a_file_without_columns(
    client, metric, private_root, django_capture_on_commit_callbacks
):
    """An Excel file over the bound is read as Excel; a large file that
    lacks a column ends with the German message, nothing saved."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(";"))
    for n in range(ROWS):
        sheet.append(["kursstunden", 2020, f"Bereich {n}", n + 0.5, "Stunden"])
    data = io.BytesIO()
    book.save(data)
    client.force_login(member("Redaktion"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, data.getvalue(), name="messwerte.xlsx")
        upload(client, b"Kennzahl;Jahr\r\n" + b"kursstunden;2020\r\n" * ROWS)
    excel, broken = ObservationImport.objects.order_by("pk")
    page = client.get(job_url(excel)).content.decode()
    assert "Gespeichert: 2.500 Zeilen – 2.500 neu" in page
    page = client.get(job_url(broken)).content.decode()
    assert "Nichts gespeichert: Der Datei fehlen Spalten: „Wert“, „Einheit“." in page
    assert Observation.objects.count() == ROWS


def silent_writing_job(user):
    """A job that checked every row and began writing an hour ago, silent
    since (a write sends no heartbeat)."""
    return ObservationImport.objects.create(
        original_name="gross.csv",
        state="laeuft",
        writing=True,
        rows_total=100_000,
        rows_done=100_000,
        requested_by=user,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )


def test_a_silent_write_is_failed_only_when_its_transaction_is_gone(client):
    """Where the database can tell (PostgreSQL: the write transaction locks
    the job's row), a silent writing job without a live transaction is
    failed: its write was rolled back. Elsewhere it is left running and its
    page says what is known, not that it failed."""
    redaktion = member("Redaktion")
    job = silent_writing_job(redaktion)
    client.force_login(redaktion)
    page = client.get(job_url(job)).content.decode()
    job.refresh_from_db()
    if connection.features.has_select_for_update_skip_locked:
        assert job.state == "fehlgeschlagen" and not job.writing
        assert "zurückgenommen, es wurde nichts gespeichert" in page
        assert 'http-equiv="refresh"' not in page
    else:
        assert job.state == "laeuft"
        assert "das Speichern läuft seit" in page
        assert "wurde der Hintergrunddienst beendet, ist nichts gespeichert" in page
        assert 'http-equiv="refresh"' in page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks of PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_a_long_write_in_progress_is_not_failed(client):
    """A write that takes longer than the timeout holds the lock on its
    job's row: the job stays running and its page says the saving goes on,
    until the transaction ends; once it is gone, the job is failed. (The
    user gets the permissions themselves: a transactional test may follow
    one that flushed the roles the migrations create.)"""
    redaktion = User.objects.create_user("redaktion", is_staff=True)
    redaktion.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="monitoring",
            codename__in=["add_observation", "change_observation", "view_observation"],
        )
    )
    job = silent_writing_job(redaktion)
    locked, release = threading.Event(), threading.Event()

    def writer():  # the worker's write transaction, in its own connection
        try:
            with transaction.atomic():
                list(ObservationImport.objects.select_for_update().filter(pk=job.pk))
                locked.set()
                release.wait(30)
                raise RuntimeError("worker killed")  # rolled back
        except RuntimeError:
            pass
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert locked.wait(10)
        client.force_login(redaktion)
        page = client.get(job_url(job)).content.decode()
        job.refresh_from_db()
        assert job.state == "laeuft" and job.writing
        assert "das Speichern läuft seit" in page
    finally:
        release.set()
        thread.join(10)
    page = client.get(job_url(job)).content.decode()
    job.refresh_from_db()
    assert job.state == "fehlgeschlagen"
    assert "es wurde nichts gespeichert" in page


def test_the_write_locks_inside_its_transaction(metric):
    """``locked()`` runs in the one transaction that writes the values, so
    the job's lock lasts exactly as long as the write."""
    seen = []
    row = {"Kennzahl": "kursstunden", "Jahr": "2020", "Bereich": "Mitte"}
    report = observation_rows_import(
        rows=[{**row, "Wert": "1", "Einheit": "Stunden"}],
        locked=lambda: seen.append(connection.in_atomic_block),
    )
    assert report.errors == []
    assert seen == [True]
    assert Observation.objects.count() == 1
