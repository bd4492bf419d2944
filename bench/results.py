"""The figures a benchmark script hands to ``bench/run.py`` for the one table
of ``make bench``.

A script calls ``record(...)`` for each headline figure; when BENCH_RESULTS
names a file (``run.py`` sets it) the row is appended there as a JSON line.
Run on its own, a script prints its own detailed table and records nothing.
"""

import json
import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Row:
    measure: str  # what was measured, e.g. "Anfragen (Liste) `/anfragen/`"
    base: str  # the figure at the small size (scale 1, seed)
    scaled: str  # the figure at the large size (scale 100, 10×), or ""
    result: str  # what counts: a ratio, a share, a rate
    target: str  # the target of the issue, or "" if there is none
    met: bool | None  # None: no target
    cold: str = ""  # a page with the cache off (time, and a static file's)
    cached: str = ""  # a page from the cache (requests/s, and a static file's)


def record(row: Row) -> None:
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")


def load(path) -> list[Row]:
    with open(path, encoding="utf-8") as handle:
        return [Row(**json.loads(line)) for line in handle if line.strip()]


def number(value: float, digits: int = 0) -> str:
    """German number format: 15.430 / 6,5."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
