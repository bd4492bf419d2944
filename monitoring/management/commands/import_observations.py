"""manage.py import_observations FILE: tidy CSV/XLSX of observations."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kassel_integration.spreadsheets import check_import_file
from monitoring.observation_files import (
    ImportFileError,
    observation_rows_import,
    read_rows,
)


class Command(BaseCommand):
    help = "Importiert Messwerte (eine Zeile je Wert) aus einer CSV- oder XLSX-Datei."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="nur prüfen")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, dry_run, no_progress, **options):
        done = 0

        def progress(step):
            nonlocal done
            done += step
            self.stderr.write(
                f"\rgeprüft: {done:>9,} Zeilen".replace(",", "."), ending=""
            )

        show = not no_progress and sys.stderr.isatty()
        try:
            with open(file, "rb") as handle:
                check_import_file(handle)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            report = observation_rows_import(
                rows=read_rows(file),
                dry_run=dry_run,
                progress=progress if show else None,
            )
        except (ImportFileError, OSError) as error:
            raise CommandError(str(error)) from error
        if show:
            self.stderr.write("")
        for line, message in report.errors:
            self.stderr.write(f"Zeile {line}: {message}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} fehlerhafte Zeilen; es wurde nichts gespeichert."
            )
        verb = "würden" if dry_run else "wurden"
        self.stdout.write(
            f"{report.created} neu, {report.updated} geändert, "
            f"{report.unchanged} unverändert – {verb} gespeichert."
        )
