"""Benchmark: every public page type and the OParl lists at scale 1 and at
scale 100, the site search at both, and a cached page against a static file
through the `make serve` setup. Always PostgreSQL: three temporary databases
on 127.0.0.1:5432 (the seed, and two copies of it with generated data),
dropped at the end.

Scale N is the seed fixtures plus ``manage.py synthesize --scale N``: scale 1
adds 100 inquiries, 50 feedback items, one event, 1,000 observations; scale
100 a hundred times as much. The seed alone is measured too and shown for
comparison; it has fewer rows than one page of most lists (3 inquiries, 4
recommendations), so the growth that counts is from scale 1 to scale 100,
where every paged list shows full pages at both sizes.

Server time is measured in-process through Django's test client with
production settings and the cache off (``DJANGO_CACHE_URL=dummycache://``, so
it is the cost of rendering, not of the cache); the median of ROUNDS requests, each
after an untimed one. The rounds alternate between the three databases, so
that the machine's changing speed hits every size alike.
Prints one Markdown table and checks the targets of issue #8: the same
queries at scale 1 and 100 everywhere; at most 1.5× the time for paged lists
and detail pages ("Übersicht" pages list everything there is and grow with
it; the inquiry search ranks every match and is held to 100 ms like the site
search); site search p95 < 100 ms at scale 100; a cached page at ≥ 30 % of a
static file's requests/s.
"""

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load_public_pages as serve  # noqa: E402
from results import Row, number, record  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "25"))
SCALE = int(os.environ.get("BENCH_SCALE", "100"))
SEARCHES = [
    "Integration",
    "Sprachkurse",
    "Kita",
    "Elternarbeit",
    "Sportverein",
    "Migrantinnen",
    "Ausbildung Jugendliche",
    "Gesundheit",
    "Stadtteil",
    "Beratung",
    "Ehrenamt",
    "Arbeitsmarkt",
    "Kultur",
    "Wohnen",
    "Verwaltung interkulturell",
    "Deutsch",
    "Schule",
    "Frauen",
    "Senioren",
    "Netzwerk",
]


def pages():
    """One address per public page type (seed records, present at every scale)."""
    from inquiries.models import Inquiry
    from monitoring.models import Metric

    paper = Inquiry.objects.get(reference_number="101.16.1784")
    metric = Metric.objects.filter(key__startswith="angebote").order_by("key").first()
    body = "/oparl/v1.1/body/kassel"
    return [
        ("Konzept", "/konzept/", "Übersicht"),
        ("Handlungsfeld", "/konzept/handlungsfeld/1/", "Detail"),
        ("Ziel", "/konzept/ziel/1.1.1/", "Detail"),
        ("Organisation", "/konzept/organisation/jugendamt/", "Detail"),
        ("Ziele", "/konzept/ziele/", "Liste"),
        (
            "Ziele (gefiltert)",
            "/konzept/ziele/?umsetzungsstand=ohne_angabe&handlungsfeld=1",
            "Liste",
        ),
        ("Anfragen (Liste)", "/anfragen/", "Liste"),
        ("Anfragen (Suche)", "/anfragen/?q=Sprachkurse", "Suche"),
        ("Anfrage", paper.get_absolute_url(), "Detail"),
        ("Monitoring", "/monitoring/", "Übersicht"),
        ("Kennzahl", metric.get_absolute_url(), "Detail"),
        ("Runder Tisch", "/runder-tisch/", "Liste"),
        ("Veranstaltung", "/runder-tisch/runder-tisch-2019/", "Detail"),
        ("Empfehlungen", "/runder-tisch/empfehlungen/", "Liste"),
        ("Berichte", "/berichte/", "Übersicht"),
        ("OParl Paper-Liste", f"{body}/paper", "Liste"),
        ("OParl Organisationen", f"{body}/organization", "Liste"),
        ("OParl Personen", f"{body}/person", "Liste"),
        ("OParl Sitzungen", f"{body}/meeting", "Liste"),
        ("OParl Paper", f"/oparl/v1.1/paper/{paper.pk}", "Detail"),
    ]


def use_database(name):
    """Point the default connection at ``name``; the next request connects."""
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name


def timed_get(client, path, params=None):
    """Milliseconds of one uncached request, after an untimed one that
    connects and warms up."""
    client.get(path, params)
    started = time.perf_counter()
    response = client.get(path, params)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} {params or ''} antwortet mit {response.status_code}.")
    return elapsed


def query_count(client, path):
    from django.db import connection

    client.get(path)  # connect first: the count is of the page's own queries
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    return len(queries)


def measure(path, databases):
    """[(queries, median ms)] of ``path`` on each database, uncached. The
    rounds alternate between the databases, so that a slower minute of the
    machine (seen here: ±30 % on pages of a few milliseconds) hits every
    size alike."""
    from django.test import Client

    client = Client()
    counts = []
    for name in databases:
        use_database(name)
        counts.append(query_count(client, path))
    times = {name: [] for name in databases}
    for _ in range(ROUNDS):
        for name in databases:
            use_database(name)
            times[name].append(timed_get(client, path))
    return [
        (queries, statistics.median(times[name]))
        for queries, name in zip(counts, databases, strict=True)
    ]


def search_times(databases):
    """[(median, p95)] of the site search on each database, interleaved."""
    from django.test import Client

    client = Client()
    times = {name: [] for name in databases}
    for _ in range(3):
        for word in SEARCHES:
            for name in databases:
                use_database(name)
                times[name].append(timed_get(client, "/suche/", {"q": word}))
    result = []
    for name in databases:
        values = sorted(times[name])
        result.append((statistics.median(values), values[int(len(values) * 0.95) - 1]))
    return result


def wrk_rate(url, seconds=10):
    result = subprocess.run(
        ["wrk", "-t2", "-c20", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("Requests/sec"))
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"wrk: Fehlerantworten von {url}:\n{result.stdout}")
    return float(line.split()[1])


def throughput(env, page):
    """Requests/s of a cached page and of a static file of the same size,
    both through gunicorn + whitenoise as `make serve` runs them."""
    import urllib.request

    static_root = Path(env["DJANGO_STATIC_ROOT"])
    port = serve.free_port()
    log = Path(tempfile.mkdtemp()) / "gunicorn.log"
    base = f"http://127.0.0.1:{port}"
    # the page's size first, from a short-lived server
    server = serve.server_start(env, port, log)
    try:
        size = len(urllib.request.urlopen(base + page).read())
    finally:
        serve.server_stop(server)
    (static_root / "bench").mkdir(exist_ok=True)
    (static_root / "bench" / "gleich-gross.html").write_bytes(b"x" * size)
    server = serve.server_start(env, port, log)
    try:
        page_rate = wrk_rate(base + page)
        static_rate = wrk_rate(f"{base}/static/bench/gleich-gross.html")
    finally:
        serve.server_stop(server)
    return size, page_rate, static_rate


SIZES = ("Seed", "Skala 1", f"Skala {SCALE}")


def database_create(suffix, template=None):
    """A fresh database on the local server (a copy of ``template``)."""
    import psycopg

    name = f"kassel_bench_pages_{os.getpid()}_{suffix}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(
        **serve.POSTGRES, dbname="postgres", autocommit=True, connect_timeout=5
    ) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{copy}')
    host = f"{serve.POSTGRES['host']}:{serve.POSTGRES['port']}"
    return name, f"postgres://{serve.POSTGRES['user']}@{host}/{name}"


def main():
    static_root = tempfile.mkdtemp()
    env = {
        **os.environ,
        **serve.SERVE_ENV,
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "kassel_integration.settings",
    }
    started = time.perf_counter()
    databases, urls = [], []
    try:
        # The seed, then two copies of it with generated data on top.
        for size, scale in zip(SIZES, (0, 1, SCALE), strict=True):
            serve.say(f"{size}: Datenbank vorbereiten …")
            name, url = database_create(size.split()[-1].lower(), *databases[:1])
            databases.append(name)
            urls.append(url)
            env["DATABASE_URL"] = url
            if not scale:
                serve.manage(env, "migrate", "--noinput")
                serve.manage(env, "createcachetable")
                serve.manage(env, "load_seed", *serve.FIXTURES)
                serve.manage(env, "collectstatic", "--noinput", "-v0")
            else:
                # production settings install no generated-data app: ask for
                # it; --force: the generated rows go on top of the seed
                serve.manage(
                    {**env, "DJANGO_SYNTHETIC": "1"},
                    "synthesize",
                    f"--scale={scale}",
                    "--force",
                )
        # in this process the cache is off: every request renders the page
        os.environ.update(
            {**env, "DATABASE_URL": urls[0], "DJANGO_CACHE_URL": "dummycache://"}
        )
        import django

        django.setup()
        serve.say("Seiten messen (abwechselnd auf den drei Datenbanken) …")
        rows = {
            name: [path, kind, *measure(path, databases)]
            for name, path, kind in pages()
        }
        searches = search_times(databases)
        env["DATABASE_URL"] = urls[-1]
        size, page_rate, static_rate = throughput(env, "/konzept/ziel/1.1.1/")
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        for name in databases:
            serve.database_drop(name)
    return report(rows, searches, size, page_rate, static_rate, started)


def ms(value):
    return f"{number(value, 1)} ms"


def time_target(kind, ratio, t100):
    """(target, problem or "") of a page's time at scale 100. Lists and
    detail pages show a fixed amount: at most 1.5× the time of scale 1. A
    search ranks every match, and the matches grow with the data (2 → 166
    for "Sprachkurse"): it is held to the site search's 100 ms instead.
    Overviews show everything there is and grow with it by design."""
    if kind == "Suche":
        problem = "" if t100 < 100 else f"{ms(t100)} (Ziel < 100 ms)"
        return "< 100 ms (Treffer wachsen mit den Daten)", problem
    if kind == "Übersicht":
        return "Zeit wächst mit den Daten", ""
    problem = "" if ratio <= 1.5 else f"Zeit ×{number(ratio, 2)} (Ziel ≤ ×1,5)"
    return "Zeit ≤ ×1,5", problem


def report(rows, searches, size, page_rate, static_rate, started):
    failures = []
    print(f"Seiten und API auf PostgreSQL ({ROUNDS} Messungen, Median)")
    print()
    print(
        "| Seite | Art | "
        + " | ".join(f"Abfragen, Zeit {size}" for size in SIZES)
        + f" | Skala 1 → {SCALE} |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (path, kind, *figures) in rows.items():
        (_, _), (q1, t1), (q100, t100) = figures
        ratio = t100 / t1
        cells = " | ".join(f"{q} · {ms(t)}" for q, t in figures)
        print(f"| {name} (`{path}`) | {kind} | {cells} | ×{number(ratio, 2)} |")
        target, problem = time_target(kind, ratio, t100)
        record(
            Row(
                measure=f"{name} `{path}` ({kind})",
                base=f"{q1} Abfragen · {ms(t1)}",
                scaled=f"{q100} Abfragen · {ms(t100)}",
                result=f"×{number(ratio, 2)}",
                target=f"gleiche Abfragen, {target}",
                met=q1 == q100 and not problem,
            )
        )
        if q1 != q100:
            failures.append(f"{name}: {q1} → {q100} Abfragen")
        if problem:
            failures.append(f"{name}: {problem}")
    cells = " | ".join(f"Median {ms(m)}, p95 {ms(p)}" for m, p in searches)
    print(
        f"| Seitensuche `/suche/` ({len(SEARCHES)} Begriffe ×3) | Suche | {cells} | |"
    )
    (median_1, p95_1), (median_100, p95_100) = searches[1], searches[2]
    record(
        Row(
            measure=f"Seitensuche `/suche/` ({len(SEARCHES)} Begriffe × 3)",
            base=f"Median {ms(median_1)}, p95 {ms(p95_1)}",
            scaled=f"Median {ms(median_100)}, p95 {ms(p95_100)}",
            result=f"p95 {ms(p95_100)}",
            target=f"p95 < 100 ms bei Skala {SCALE}",
            met=p95_100 < 100,
        )
    )
    share = page_rate / static_rate
    print()
    print(
        f"Durchsatz über gunicorn + whitenoise (wrk, 20 Verbindungen, 10 s): "
        f"`/konzept/ziel/1.1.1/` aus dem Cache {number(page_rate)} Anfr./s, "
        f"statische Datei gleicher Größe ({number(size / 1024)} KB) "
        f"{number(static_rate)} Anfr./s: {number(100 * share)} %"
    )
    record(
        Row(
            measure="Seite aus dem Cache vs. statische Datei gleicher Größe "
            f"({number(size / 1024)} KB), gunicorn + whitenoise",
            base=f"Seite {number(page_rate)} Anfr./s",
            scaled=f"Datei {number(static_rate)} Anfr./s",
            result=f"{number(100 * share)} %",
            target="≥ 30 %",
            met=share >= 0.3,
        )
    )
    if p95_100 >= 100:
        failures.append(f"Suche p95 {ms(p95_100)} (Ziel < 100 ms)")
    if share < 0.3:
        failures.append(f"Seite aus dem Cache {number(100 * share)} % (Ziel ≥ 30 %)")
    print()
    print(f"Dauer: {time.perf_counter() - started:.0f} s")
    if failures:
        print("Ziele verfehlt: " + "; ".join(failures))
    else:
        print("Alle Ziele erreicht.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
