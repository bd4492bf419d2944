"""``manage.py oparl_import URL``: inquiries from a council information
system's OParl API (see ``inquiries.oparl.importer``)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from inquiries.oparl.importer import ImportFailed, oparl_import


class Command(BaseCommand):
    help = "Liest Anfragen und Antworten aus einer OParl-Schnittstelle (1.0/1.1)."

    def add_arguments(self, parser):
        parser.add_argument("url", help="URL des OParl-Systems oder der Körperschaft")
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
