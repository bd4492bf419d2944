"""`make bench`: run every benchmark, then print one table of their figures.

Each script runs in its own process (they set up different databases) with
its detailed output in ``bench/output/<script>.txt``; its headline figures
come back through ``bench/results.py``. The table shows, per measurement,
the figure at the small size (scale 1, the seed), at the large size (scale
100, 10×), the result that counts, the target of the issues and whether it
is met. Exit code 1 if a script failed or a target was missed.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import load, number

BENCH = Path(__file__).resolve().parent
OUTPUT = BENCH / "output"
SCRIPTS = [
    ("Import", "import_observations.py"),
    ("Import über der Grenze", "import_bounds.py"),
    ("Integrationsbericht", "report.py"),
    ("Seiten, Suche, Durchsatz", "pages.py"),
    ("Last", "load_public_pages.py"),
]


def cell(text: str) -> str:
    return text.replace("|", "\\|") or "–"


def main() -> int:
    OUTPUT.mkdir(exist_ok=True)
    results = Path(tempfile.mkdtemp()) / "results.jsonl"
    env = {**os.environ, "BENCH_RESULTS": str(results)}
    started = time.perf_counter()
    failed = []
    for title, script in SCRIPTS:
        log = OUTPUT / f"{Path(script).stem}.txt"
        print(f"== {title} ({script}) …", file=sys.stderr, flush=True)
        begun = time.perf_counter()
        with log.open("w", encoding="utf-8") as handle:
            code = subprocess.run(
                [sys.executable, str(BENCH / script)],
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=env,
            ).returncode
        seconds = time.perf_counter() - begun
        state = "fertig" if code == 0 else f"Fehler (Code {code})"
        print(f"   {state} in {seconds:.0f} s, Ausgabe: {log}", file=sys.stderr)
        if code:
            failed.append(script)
    rows = load(results) if results.exists() else []
    minutes = (time.perf_counter() - started) / 60
    print()
    print(f"make bench: alle Messungen aus diesem Lauf ({number(minutes, 1)} min)")
    print()
    print(
        "| Messung | klein (Skala 1 / Seed) | groß (Skala 100 / 10×) | Ergebnis "
        "| kalt, ohne Cache (Skala 100) | aus dem Cache (Skala 100) | Ziel "
        "| erreicht |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        met = {True: "ja", False: "**nein**", None: "–"}[row.met]
        print(
            f"| {cell(row.measure)} | {cell(row.base)} | {cell(row.scaled)} "
            f"| {cell(row.result)} | {cell(row.cold)} | {cell(row.cached)} "
            f"| {cell(row.target)} | {met} |"
        )
    missed = [row.measure for row in rows if row.met is False]
    print()
    if failed:
        print(
            "Mit Fehlercode beendet: "
            + ", ".join(failed)
            + f" (Ausgabe in {OUTPUT.relative_to(BENCH.parent)}/)"
        )
    if missed:
        print("Ziele verfehlt: " + "; ".join(missed))
    if not failed and not missed:
        print("Alle Ziele erreicht.")
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
