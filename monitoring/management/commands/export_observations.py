"""manage.py export_observations FILE: all observations as tidy CSV or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring.models import Observation
from monitoring.observation_files import COLUMNS, observation_rows_export, rows_to_csv


class Command(BaseCommand):
    help = "Exportiert Messwerte (eine Zeile je Wert) als CSV oder XLSX."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--metric", help="nur diese Kennzahl (Schlüssel)")

    def handle(self, *args, file, metric, **options):
        queryset = Observation.objects.all()
        if metric:
            queryset = queryset.filter(metric__key=metric)
        rows = observation_rows_export(queryset=queryset)
        path = Path(file)
        if path.suffix.lower() == ".csv":
            path.write_text(rows_to_csv(rows), encoding="utf-8")
        elif path.suffix.lower() == ".xlsx":
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("Messwerte")
            sheet.append(COLUMNS)
            for row in rows:
                sheet.append([row[column] for column in COLUMNS])
            book.save(path)
        else:
            raise CommandError(
                "Bitte eine Datei mit der Endung .csv oder .xlsx angeben."
            )
        self.stdout.write(f"{queryset.count()} Messwerte nach {path} geschrieben.")
