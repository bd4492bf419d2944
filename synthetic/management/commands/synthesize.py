"""manage.py synthesize --scale N: realistic generated data on top of the seeds."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from synthetic import synthesis


class Command(BaseCommand):
    help = (
        "Erzeugt zusätzlich zu den Stammdaten realistische, erfundene Daten für "
        "Last- und Darstellungstests: bei --scale 100 10 Fassungen mit je 100 "
        "Zielen und 20 Jahren Umsetzungsstand, 10.000 Anfragen mit 60.000 Fragen, "
        "100.000 Messwerte und 5.000 Rückmeldungen vom Runden Tisch. Alles wächst "
        "linear mit --scale; gleiche Größe und gleicher --seed ergeben dieselben "
        "Daten. Alles wird in einer Transaktion geschrieben."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Größe: 1 ist ein Hundertstel von 100 (Vorgabe: 1).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=synthesis.DEFAULT_SEED,
            help="Startwert des Zufallsgenerators (Vorgabe: %(default)s).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Vorhandene synthetische Daten zuerst löschen.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Auch in eine Datenbank mit echten Datensätzen schreiben (etwa "
                "auf die Seed-Daten für Lasttests); ohne --force bricht der "
                "Befehl dann ab."
            ),
        )

    def handle(self, *args, scale, seed, replace, force, **options):
        started = time.monotonic()
        self.verbosity = options["verbosity"]
        try:
            counts = synthesis.synthesize(
                scale=scale,
                seed=seed,
                replace=replace,
                force=force,
                progress=self.progress,
            )
        except synthesis.SynthesisError as error:
            raise CommandError(str(error)) from error
        except IntegrityError as error:
            raise CommandError(
                "Die synthetischen Daten konnten nicht geschrieben oder gelöscht "
                f"werden; nichts wurde geändert. Ursache: {error}"
            ) from error
        seconds = time.monotonic() - started
        if self.verbosity == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetische Daten (Größe {scale}, Startwert {seed}) in "
                f"{seconds:.1f} s erzeugt:"
            )
        )
        for key, label in synthesis.COUNT_LABELS.items():
            self.stdout.write(f"  {label}: {counts[key]:,}".replace(",", "."))

    def progress(self, label: str, done: int, total: int) -> None:
        """One line per step, rewritten in place with a carriage return."""
        if self.verbosity == 0:
            return
        self.stdout.write(f"\r{label}: {done:,}/{total:,}".replace(",", "."), ending="")
        if done >= total:
            self.stdout.write("")
        self.stdout.flush()
