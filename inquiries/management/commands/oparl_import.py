"""``manage.py oparl_import [URL]``: inquiries from a council information
system's OParl API (see ``inquiries.oparl.importer``); without a URL the
setting ``OPARL_IMPORT_URL``; ``--einreihen`` hands the run to the task
worker instead (the nightly timer does that)."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inquiries.oparl.importer import ImportFailed, oparl_import
from inquiries.oparl.tasks import oparl_import_task


class Command(BaseCommand):
    help = "Liest Anfragen und Antworten aus einer OParl-Schnittstelle (1.0/1.1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "url",
            nargs="?",
            default="",
            help="URL des OParl-Systems oder der Körperschaft "
            "(ohne Angabe: DJANGO_OPARL_IMPORT_URL)",
        )
        parser.add_argument(
            "--einreihen",
            action="store_true",
            help="nicht selbst lesen, sondern dem Hintergrunddienst übergeben",
        )
        parser.add_argument(
            "--voll",
            action="store_true",
            help="alles lesen, nicht nur die Änderungen seit dem letzten Lauf",
        )
        parser.add_argument(
            "--anfrage-typ",
            action="append",
            dest="inquiry_types",
            help="paperType einer Anfrage (mehrfach möglich)",
        )
        parser.add_argument(
            "--antwort-typ",
            action="append",
            dest="answer_types",
            help="paperType einer Antwort (mehrfach möglich)",
        )

    def handle(self, *args, url, voll, inquiry_types, answer_types, **options):
        url = url or settings.OPARL_IMPORT_URL
        if not url:
            raise CommandError(
                "Keine Quelle: Bitte eine URL angeben oder DJANGO_OPARL_IMPORT_URL "
                "setzen."
            )
        if options["einreihen"]:
            result = oparl_import_task.enqueue(url)
            self.stdout.write(f"Import von {url} eingereiht (Auftrag {result.id}).")
            return
        started = time.monotonic()
        tty = sys.stderr.isatty()

        def progress(line):
            if tty:
                self.stderr.write(f"\r{line}", ending="")
            else:
                self.stderr.write(line)

        try:
            run = oparl_import(
                url=url,
                full=voll,
                inquiry_types=inquiry_types,
                answer_types=answer_types,
                progress=progress if options["verbosity"] else None,
            )
        except ImportFailed as error:
            raise CommandError(f"Import fehlgeschlagen: {error}") from None
        if tty:
            self.stderr.write("")
        for line in run.report.splitlines():
            self.stdout.write(line)
        counts = ", ".join(f"{name}: {n}" for name, n in sorted(run.counts.items()))
        kind = "Änderungen seit dem letzten Lauf" if run.since else "alles"
        self.stdout.write(
            f"Import fertig ({kind}) in {time.monotonic() - started:.1f} s: "
            f"{counts or 'nichts zu tun'}."
        )
