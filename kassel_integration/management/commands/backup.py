"""manage.py backup FILE: the whole database as one portable JSON file."""

import gzip
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Recreated by migrate on the target; everything else is kept, history included.
# Rebuilt by Django or by the restore itself (the data version is raised and
# the search index written by the records loaded), so not part of a backup.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "kassel_integration.dataversion",
    "kassel_integration.searchentry",
]


class Command(BaseCommand):
    help = (
        "Schreibt die ganze Datenbank (mit Versionsgeschichte) in eine portable "
        "JSON-Datei (.json oder .json.gz), die restore in eine leere Datenbank lädt."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "wt", encoding="utf-8") as stream:
            call_command(
                "dumpdata",
                exclude=EXCLUDE,
                natural_foreign=True,
                natural_primary=True,
                indent=1,
                stdout=stream,
            )
        self.stdout.write(f"Sicherung geschrieben: {path}")
