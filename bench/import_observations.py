"""Benchmark: import 100,000 generated observation rows end to end.

Runs the real path (CSV parsing, validation of every row, bulk writes) with
the production settings (DEBUG off) on the database in DATABASE_URL
(default: a fresh temporary SQLite file), twice: the first import creates
every row, the second finds them all unchanged. Prints
one line per run: rows, seconds, rows/s, peak memory of the process.
"""

import csv
import os
import random
import resource
import secrets
import sys
import tempfile
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassel_integration.settings")
# Production settings, as the admin's background import runs them (DEBUG on
# adds Django's query log; measured on 50,000 rows it made no difference
# beyond the noise of the machine, but the path measured is the real one).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
tmp = tempfile.mkdtemp()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from results import Row, number, record  # noqa: E402

from monitoring.models import District, Metric, Observation  # noqa: E402
from monitoring.observation_files import COLUMNS, observation_rows_import, read_rows  # noqa: E402


def generate(path):
    rng = random.Random(2026)
    districts = [f"Stadtteil {n}" for n in range(1, 24)]
    genders = ["", "weiblich", "männlich"]
    ages = ["", "unter 18", "18 bis 64", "65 und älter"]
    areas = ["", "Bildung", "Sport"]
    keys, written = [f"bench-{n}" for n in range(8)], 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        combinations = product(
            keys, range(1995, 2026), ["", *districts], ages, genders, areas
        )
        for key, year, district, age, gender, area in combinations:
            if written == ROWS:
                return keys, districts
            writer.writerow(
                {
                    **dict.fromkeys(COLUMNS, ""),
                    "Kennzahl": key,
                    "Jahr": year,
                    "Stadtteil": district,
                    "Altersgruppe": age,
                    "Geschlecht": gender,
                    "Bereich": area,
                    "Wert": f"{rng.uniform(0, 5000):.2f}".replace(".", ","),
                    "Einheit": "Personen",
                    "Genauigkeit": rng.choice(["", "", "", "rund"]),
                    "Quelle": "Generierte Testdaten",
                }
            )
            written += 1
    raise SystemExit(f"only {written} combinations; raise the generator's ranges")


def main():
    call_command("migrate", verbosity=0)
    path = Path(tmp) / "werte.csv"
    keys, districts = generate(path)
    Observation.objects.filter(metric__key__startswith="bench-").delete()
    Metric.objects.filter(key__startswith="bench-").delete()
    District.objects.filter(name__startswith="Stadtteil ").delete()
    for n, name in enumerate(districts, start=101):
        District.objects.create(number=n, name=name, slug=f"bench-{n}")
    for key in keys:
        Metric.objects.create(
            key=key, name=key, unit="Personen", definition="-", source="-"
        )
    print(f"database: {connection.vendor}, rows: {ROWS}")
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    titles = {
        "import (all new)": "alle neu",
        "re-import (all unchanged)": "erneut, alle unverändert",
    }
    for label in ("import (all new)", "re-import (all unchanged)"):
        start = time.perf_counter()
        report = observation_rows_import(rows=read_rows(path))
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert report.ok, report.errors[:3]
        print(
            f"{label:<28} {ROWS:>7} rows {seconds:7.1f} s {ROWS / seconds:9.0f} rows/s "
            f"peak {peak:6.0f} MB  (new {report.created}, unchanged {report.unchanged})"
        )
        rate = ROWS / seconds
        record(
            Row(
                measure=f"Import {number(ROWS)} Messwerte ({titles[label]}), {vendor}",
                base=f"{number(seconds, 1)} s",
                scaled="",
                result=f"{number(rate)} Zeilen/s, Spitze {number(peak)} MB",
                target="≥ 2.000 Zeilen/s, < 1 GB",
                met=rate >= 2000 and peak < 1024,
            )
        )
    Observation.objects.filter(metric__key__startswith="bench-").delete()


if __name__ == "__main__":
    main()
