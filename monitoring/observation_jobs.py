"""Messwerte imports too large for one web request: the admin stores the
file privately and queues a task (``monitoring.tasks``), which checks and
writes it with the same code as ``manage.py import_observations``: every
row validated, then all written in one transaction or none, every bad line
named with its number as a spreadsheet shows it (header = line 1)."""

import logging
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from kassel_integration.spreadsheets import UNREADABLE, unreadable_message

from .models import ObservationImport
from .observation_files import ImportFileError, observation_rows_import, read_rows
from .worker import silence_limit, silence_message

logger = logging.getLogger(__name__)
State = ObservationImport.State
# Bad lines kept for the page; beyond them the page gives the count only.
ERRORS_KEPT = 10_000


def observation_import_request(
    *, upload, rows: int, is_xlsx: bool, user
) -> ObservationImport:
    """Store ``upload`` in the private storage and queue its import once the
    transaction commits (``db_worker`` runs it; the immediate backend of
    development and tests at once). ``rows``: the rows counted by the bound
    check, shown as the total until the job has read them all."""
    name = f"{uuid.uuid4().hex}.{'xlsx' if is_xlsx else 'csv'}"
    job = ObservationImport(
        original_name=Path(upload.name or "").name[:255] or name,
        rows_total=rows,
        requested_by=user,
    )
    upload.seek(0)
    job.file.save(name, upload, save=False)
    job.save()
    from .tasks import observation_import_task

    transaction.on_commit(lambda: observation_import_task.enqueue(job.pk))
    return job


def observation_import_fail_stale(*, now=None) -> int:
    """Fail running jobs whose worker has not reported for
    ``REPORT_JOB_TIMEOUT`` seconds; returns how many. Nothing of theirs was
    written: the write is one transaction, which the database rolls back
    when its worker dies.

    A job that is writing sends no heartbeat, and a long write looks
    silent. Its write transaction locks the job's row (``_locked``), so
    where the database can skip locked rows (PostgreSQL) only a job whose
    lock is gone, its transaction rolled back, is failed. Elsewhere a
    silent writing job is left running: whether it ends is not known, and
    its page says so (``admin.import_job_summary``)."""
    now = now or timezone.now()
    silent = ObservationImport.objects.filter(
        Q(heartbeat_at__lt=silence_limit(now)) | Q(heartbeat_at__isnull=True),
        state=State.RUNNING,
    )
    failed = _fail(
        silent.filter(writing=False),
        now,
        "es wurde nichts gespeichert. Bitte die Datei erneut hochladen.",
    )
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            dead = silent.filter(writing=True).select_for_update(skip_locked=True)
            failed += _fail(
                ObservationImport.objects.filter(pk__in=[job.pk for job in dead]),
                now,
                "sein Speichern wurde abgebrochen und von der Datenbank "
                "vollständig zurückgenommen, es wurde nichts gespeichert. "
                "Bitte die Datei erneut hochladen.",
            )
    return failed


def _fail(jobs, now, consequence: str) -> int:
    return jobs.update(
        state=State.FAILED,
        writing=False,
        finished_at=now,
        error=silence_message(consequence),
    )


def observation_import_run(*, job_id: int) -> ObservationImport:
    """Check and write a waiting import; the outcome is stored on the job."""
    claimed = ObservationImport.objects.filter(pk=job_id, state=State.PENDING).update(
        state=State.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(f"Import {job_id} wartet nicht (mehr).")
    job = ObservationImport.objects.select_related("requested_by").get(pk=job_id)
    running = ObservationImport.objects.filter(pk=job_id, state=State.RUNNING)

    def progress(step: int) -> None:
        running.update(rows_done=F("rows_done") + step, heartbeat_at=timezone.now())

    def writing() -> None:
        running.update(writing=True, heartbeat_at=timezone.now())

    def locked() -> None:  # in the write transaction, until it ends
        list(running.select_for_update().only("pk"))

    try:
        report = observation_rows_import(
            rows=read_rows(Path(job.file.path)),
            progress=progress,
            writing=writing,
            locked=locked,
            user=job.requested_by,
            reason=f"Import „{job.original_name}“"[:100],
        )
    except ImportFileError as error:
        _finish(job, state=State.FAILED, error=str(error))
    except UNREADABLE as error:
        _finish(job, state=State.FAILED, error=unreadable_message(error))
    except Exception:
        # Logged in full for the operators; the page shows no English text.
        logger.exception("Messwerte-Import %s fehlgeschlagen", job_id)
        _finish(
            job,
            state=State.FAILED,
            error="Unerwarteter Fehler; nichts wurde gespeichert.",
        )
    else:
        _finish_with(job, report)
    return ObservationImport.objects.get(pk=job_id)


def _finish_with(job, report) -> None:
    if report.errors:
        _finish(
            job,
            state=State.REJECTED,
            row_errors=[list(error) for error in report.errors[:ERRORS_KEPT]],
            error_count=len(report.errors),
        )
    else:
        _finish(
            job,
            state=State.DONE,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )


def _finish(job, *, state, **outcome) -> None:
    """Record the outcome, the true row count, and remove the stored file."""
    done = ObservationImport.objects.filter(pk=job.pk)
    rows = done.values_list("rows_done", flat=True).first() or 0
    done.update(
        state=state,
        writing=False,
        rows_total=rows,
        finished_at=timezone.now(),
        file="",
        **outcome,
    )
    if job.file.name:
        job.file.storage.delete(job.file.name)
