"""Diagnostic: what one query's round trip costs on this machine.

Not part of `make bench` (it has no target): run it before comparing the
cold page times of two machines. It times one short query (as short as the
data version that every page reads) on the database in DATABASE_URL
(default: the local PostgreSQL server's database ``postgres``), back to back
and after 0.5, 2 and 5 ms of work in Python, as a page's queries come
between its templates. On a virtual machine whose database process falls
asleep while it waits, the later figures are several times the first, and
each query of a page costs that much::

    DATABASE_URL=postgres://postgres@127.0.0.1/kbench python bench/roundtrip.py
"""

import os
import statistics
import time

import psycopg

DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
ROUNDS = 400


def work(milliseconds: float) -> None:
    """Keep the CPU busy, as rendering a template does."""
    end = time.perf_counter() + milliseconds / 1000
    while time.perf_counter() < end:
        pass


def main() -> None:
    with psycopg.connect(DATABASE_URL, prepare_threshold=0) as connection:
        cursor = connection.cursor()
        for gap in (0, 0.5, 2, 5):
            times = []
            for _ in range(ROUNDS):
                work(gap)
                start = time.perf_counter()
                cursor.execute("SELECT 1, now()")
                cursor.fetchall()
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"nach {gap:3} ms Rechenzeit: Rundreise Median "
                f"{statistics.median(times):.2f} ms"
            )


if __name__ == "__main__":
    main()
