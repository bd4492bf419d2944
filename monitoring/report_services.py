"""Issuing the Integrationsbericht: create a numbered version, render it in
the background, store the PDF with its SHA-256 and freeze it."""

import hashlib
import logging
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from concept.selectors import concept_current_or_none

from . import selectors
from .models import AnnualReport
from .report import report_render

logger = logging.getLogger(__name__)
State = AnnualReport.State


def annual_report_request(
    *, year: int, user=None, background: bool | None = None
) -> AnnualReport:
    """Create the next version of ``year``'s report and start rendering it
    once the transaction commits: in a background process, or inline when
    ``background`` (default: the setting ``REPORT_IN_BACKGROUND``) is off."""
    if not 1990 <= year <= 2100:
        raise ValidationError(f"{year} ist kein gültiges Berichtsjahr (1990–2100).")
    if concept_current_or_none() is None:
        raise ValidationError(
            "Es ist keine aktuelle Fassung des Integrationskonzepts markiert; "
            "ohne sie kann kein Bericht erstellt werden."
        )
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
                progress="wartet auf den Start",
            )
    except IntegrityError:
        raise ValidationError(
            "Gleichzeitig wurde eine weitere Fassung angefordert; "
            "bitte erneut versuchen."
        ) from None
    if background is None:
        background = settings.REPORT_IN_BACKGROUND
    transaction.on_commit(lambda: _start(report.pk, background))
    return report


def _start(pk: int, background: bool) -> None:
    if not background:
        annual_report_run(report=AnnualReport.objects.get(pk=pk))
        return
    command = [
        sys.executable,
        str(settings.BASE_DIR / "manage.py"),
        "integrationsbericht",
        "--job",
        str(pk),
    ]
    folder = Path(settings.MEDIA_ROOT) / "berichte"
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder / f"auftrag-{pk}.log", "ab")  # noqa: SIM115
    subprocess.Popen(  # the admin's progress column shows how it goes
        command,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    log.close()


def annual_report_run(*, report: AnnualReport, progress=lambda message: None):
    """Render and issue a waiting report; on error it is marked failed with
    the message and nothing is stored."""
    claimed = AnnualReport.objects.filter(pk=report.pk, state=State.PENDING).update(
        state=State.RUNNING, progress="gestartet"
    )
    if not claimed:
        raise ValidationError(
            f"{report} wartet nicht (mehr); er läuft schon oder ist abgeschlossen."
        )

    def step(message: str) -> None:
        AnnualReport.objects.filter(pk=report.pk).update(progress=message[:200])
        progress(message)

    try:
        baseline = selectors.annual_report_baseline(year=report.year)
        rendered = report_render(year=report.year, baseline=baseline, progress=step)
        report.refresh_from_db()
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
