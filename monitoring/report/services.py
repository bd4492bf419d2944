"""Issuing the Integrationsbericht: create a numbered version, render it in
the background (a task, see ``tasks``), store the PDF with its SHA-256
and freeze it."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from concept.selectors import concept_current_or_none

from .. import selectors
from ..models import AnnualReport
from ..worker import silence_limit, silence_message
from .pdf import report_render

logger = logging.getLogger(__name__)
State = AnnualReport.State


def annual_report_request(
    *, year: int, user=None, background: bool = True
) -> AnnualReport:
    """Create the next version of ``year``'s report and queue it as a task
    once the transaction commits (``db_worker`` runs it; the immediate task
    backend of development runs it at once); ``background=False`` renders it
    inline (the command line)."""
    if not 1990 <= year <= 2100:
        raise ValidationError(f"{year} ist kein gültiges Berichtsjahr (1990–2100).")
    if concept_current_or_none() is None:
        raise ValidationError(
            "Es ist keine aktuelle Fassung des Integrationskonzepts markiert; "
            "ohne sie kann kein Bericht erstellt werden."
        )
    annual_report_fail_stale()
    busy = AnnualReport.objects.filter(
        year=year, state__in=[State.PENDING, State.RUNNING]
    )
    if busy.exists():
        raise ValidationError(
            f"Für {year} wird gerade schon ein Bericht erstellt; warten Sie, "
            "bis er fertig ist."
        )
    latest = AnnualReport.objects.filter(year=year).aggregate(n=Max("version"))["n"]
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                year=year,
                version=(latest or 0) + 1,
                requested_by=user,
                progress="wartet auf den Hintergrunddienst",
            )
    except IntegrityError:
        raise ValidationError(
            "Gleichzeitig wurde eine weitere Fassung angefordert; "
            "bitte erneut versuchen."
        ) from None
    if background:
        from .tasks import annual_report_task

        transaction.on_commit(lambda: annual_report_task.enqueue(report.pk))
    else:
        transaction.on_commit(
            lambda: annual_report_run(report=AnnualReport.objects.get(pk=report.pk))
        )
    return report


def annual_report_fail_stale(*, now=None) -> int:
    """Mark running jobs whose worker has not reported for
    ``REPORT_JOB_TIMEOUT`` seconds as failed, with the reason (the worker
    was killed or the machine restarted); returns how many."""
    limit = silence_limit(now or timezone.now())
    return AnnualReport.objects.filter(
        Q(heartbeat_at__lt=limit)
        | Q(heartbeat_at__isnull=True, requested_at__lt=limit),
        state=State.RUNNING,
    ).update(
        state=State.FAILED,
        progress="",
        error=silence_message(
            "er wurde vermutlich beendet. Bitte den Bericht neu erstellen."
        ),
    )


def annual_report_run(*, report: AnnualReport, progress=lambda message: None):
    """Render and issue a waiting report; on error it is marked failed with
    the message and nothing is stored."""
    claimed = AnnualReport.objects.filter(pk=report.pk, state=State.PENDING).update(
        state=State.RUNNING, progress="gestartet", heartbeat_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(
            f"{report} wartet nicht (mehr); er läuft schon oder ist abgeschlossen."
        )

    def step(message: str) -> None:
        AnnualReport.objects.filter(pk=report.pk, state=State.RUNNING).update(
            progress=message[:200], heartbeat_at=timezone.now()
        )
        progress(message)

    try:
        baseline = selectors.annual_report_baseline(year=report.year)
        rendered = report_render(year=report.year, baseline=baseline, progress=step)
        report.refresh_from_db()
        if report.state != State.RUNNING:  # taken as dead meanwhile
            raise ValidationError(f"{report} wurde inzwischen abgebrochen.")
        report.pdf.save(report.filename, ContentFile(rendered.pdf), save=False)
        report.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
        report.size = len(rendered.pdf)
        report.page_count = rendered.page_count
        report.render_seconds = round(
            rendered.assembly_seconds + rendered.layout_seconds, 2
        )
        report.status_snapshot = rendered.snapshot
        report.state = State.ISSUED
        report.issued_at = timezone.now()
        report.progress = f"ausgegeben: {rendered.page_count} Seiten"
        report.save()
    except Exception as error:
        logger.exception("Integrationsbericht %s fehlgeschlagen", report.pk)
        AnnualReport.objects.filter(pk=report.pk).update(
            state=State.FAILED, progress="", error=f"{type(error).__name__}: {error}"
        )
        raise
    return report
