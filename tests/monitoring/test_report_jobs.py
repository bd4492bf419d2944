"""The report job as a task (issue #14): queued through django-tasks, run by
``manage.py db_worker``, a dead worker detected, nothing in public media."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from monitoring.models import AnnualReport
from monitoring.report.services import annual_report_fail_stale

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def redaktion(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "redaktion", password="x-geheim-1234", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


def test_issue_queues_a_task_that_the_db_worker_runs(
    seed,
    media,
    settings,
    client,
    redaktion,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    """ "Bericht erstellen" queues a database task; the report waits until
    `db_worker` runs it, then is issued; no log lands in MEDIA_ROOT."""
    settings.TASKS = DATABASE_TASKS
    client.force_login(redaktion)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:monitoring_annualreport_issue"), {"year": "2020"})
    report = AnnualReport.objects.get()
    assert report.state == AnnualReport.State.PENDING
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert task.task_path == "monitoring.report.tasks.annual_report_task"
    listing = client.get(reverse("admin:monitoring_annualreport_changelist"))
    assert "wartet" in listing.content.decode()

    # The worker closes connections that are not in autocommit mode; the
    # test's transaction is one of those (make prod-check runs it for real).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    report.refresh_from_db()
    task.refresh_from_db()
    assert report.state == AnnualReport.State.ISSUED, report.error
    assert task.status == "SUCCESSFUL"
    assert task.return_value == {"pages": report.page_count, "sha256": report.sha256}
    assert [path.name for path in media.rglob("*.log")] == []


def test_a_job_whose_worker_died_is_marked_failed_with_the_reason(
    seed, media, settings, client, redaktion
):
    """A running job without a sign of life for REPORT_JOB_TIMEOUT is failed
    with a German reason, shown in the admin list; a fresh one is left alone."""
    settings.REPORT_JOB_TIMEOUT = 600
    now = timezone.now()
    dead = AnnualReport.objects.create(
        year=2020,
        version=1,
        state=AnnualReport.State.RUNNING,
        heartbeat_at=now - datetime.timedelta(minutes=11),
    )
    alive = AnnualReport.objects.create(
        year=2021,
        version=1,
        state=AnnualReport.State.RUNNING,
        heartbeat_at=now - datetime.timedelta(minutes=2),
    )
    client.force_login(redaktion)
    html = client.get(reverse("admin:monitoring_annualreport_changelist")).content
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.state == AnnualReport.State.FAILED
    assert "hat sich über 10 Minuten nicht gemeldet" in dead.error
    assert "hat sich über 10 Minuten nicht gemeldet" in html.decode()
    assert alive.state == AnnualReport.State.RUNNING
    assert annual_report_fail_stale() == 0


def test_a_dead_job_does_not_block_a_new_one(
    seed, media, client, redaktion, django_capture_on_commit_callbacks
):
    """After a dead job the year can be issued again (version 2)."""
    AnnualReport.objects.create(
        year=2020,
        version=1,
        state=AnnualReport.State.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=2),
    )
    client.force_login(redaktion)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:monitoring_annualreport_issue"), {"year": "2020"})
    states = dict(AnnualReport.objects.values_list("version", "state"))
    assert states == {1: "fehlgeschlagen", 2: "ausgegeben"}


@pytest.mark.parametrize("year", ["-5", "0", "99999999999999999999", "2101"])
def test_issue_form_answers_bad_years_without_error(
    seed, media, client, redaktion, year
):
    """A negative or huge year is refused in German with 200, not a 500."""
    client.force_login(redaktion)
    response = client.post(
        reverse("admin:monitoring_annualreport_issue"), {"year": year}
    )
    assert response.status_code == 200
    assert "kein gültiges Berichtsjahr" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_task_rows_are_only_for_those_allowed(client, admin_client, redaktion):
    """The queue's rows (with tracebacks) show to a superuser, read-only,
    and not to the Redaktion, which has no view permission on them."""
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    assert admin_client.get(url).status_code == 200
    client.force_login(redaktion)
    assert client.get(url).status_code == 403
