"""manage.py integrationsbericht: render, issue, or run a queued report.

integrationsbericht 2020 --output bericht.pdf   render to a file (not issued)
integrationsbericht 2020 --issue --user NAME   issue a new version
integrationsbericht --job 12                   run a version the admin queued
"""

import hashlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from monitoring import selectors
from monitoring.models import AnnualReport
from monitoring.report.pdf import report_render
from monitoring.report.services import annual_report_request, annual_report_run


class Command(BaseCommand):
    help = "Erstellt den Integrationsbericht eines Jahres als barrierefreies PDF."

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", type=int, help="Berichtsjahr")
        parser.add_argument("--output", help="PDF in diese Datei schreiben")
        parser.add_argument(
            "--issue",
            action="store_true",
            help="als neue Fassung ausgeben (gespeichert, öffentlich, unveränderlich)",
        )
        parser.add_argument("--user", help="Benutzername, der ausgibt (mit --issue)")
        parser.add_argument("--job", type=int, help="einen wartenden Auftrag ausführen")

    def progress(self, message):
        if self.verbosity:
            self.stdout.write(f"  {message}")
            self.stdout.flush()

    def handle(self, *args, year, output, issue, user, job, verbosity, **options):
        self.verbosity = verbosity
        if job is not None:
            return self.run_job(job)
        if year is None:
            raise CommandError("Bitte das Berichtsjahr angeben, z. B. 2020.")
        if issue:
            return self.issue(year, user)
        if not output:
            raise CommandError("Bitte --output DATEI oder --issue angeben.")
        self.stdout.write(f"Integrationsbericht {year} wird erstellt:")
        rendered = report_render(
            year=year,
            baseline=selectors.annual_report_baseline(year=year),
            progress=self.progress,
        )
        path = Path(output)
        try:
            path.write_bytes(rendered.pdf)
        except OSError as error:
            raise CommandError(f"{path} lässt sich nicht schreiben: {error}") from error
        total = rendered.assembly_seconds + rendered.layout_seconds
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: {rendered.page_count} Seiten, "
                f"{len(rendered.pdf) / 1024:.0f} KB in {total:.1f} s "
                f"(Daten und Vorlage {rendered.assembly_seconds:.2f} s, "
                f"Satz und PDF {rendered.layout_seconds:.1f} s)\n"
                f"SHA-256 {hashlib.sha256(rendered.pdf).hexdigest()}"
            )
        )

    def issue(self, year, username):
        account = None
        if username:
            try:
                account = get_user_model().objects.get(username=username)
            except get_user_model().DoesNotExist:
                raise CommandError(
                    f"Einen Benutzer „{username}“ gibt es nicht."
                ) from None
        try:
            with transaction.atomic():
                report = annual_report_request(
                    year=year, user=account, background=False
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.report_result(report)

    def run_job(self, pk):
        try:
            report = AnnualReport.objects.get(pk=pk)
        except AnnualReport.DoesNotExist:
            raise CommandError(f"Einen Berichtsauftrag {pk} gibt es nicht.") from None
        self.stdout.write(f"{report} wird erstellt:")
        try:
            annual_report_run(report=report, progress=self.progress)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.report_result(report)

    def report_result(self, report):
        report.refresh_from_db()
        if report.state != AnnualReport.State.ISSUED:
            raise CommandError(f"{report} ist fehlgeschlagen: {report.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report} ausgegeben: {report.page_count} Seiten, "
                f"{report.pdf.name}, SHA-256 {report.sha256}"
            )
        )
