"""Benchmark: load test of the public pages against the production server.

Prepares a PostgreSQL database the way ``make serve`` does (production
settings, migrate, createcachetable, load_seed, collectstatic), starts the same gunicorn
(``-w 2``, access log) on a free loopback port and runs wrk against it:
BENCH_LOAD_CLIENTS connections (default 50) for BENCH_LOAD_SECONDS seconds
(default 60), cycling through one URL of every public page type, built from
the database. Prints one Markdown table (requests/s, p50/p99 latency, errors)
and exits non-zero on any error: HTTP status >= 400 or a socket error
(connect, read, write, timeout after wrk's 2 s).

The database is the one in DATABASE_URL when that is PostgreSQL, else a fresh
``kassel_bench_load_<pid>`` on 127.0.0.1:5432 (user postgres), dropped at the
end. Loopback only; nothing listens on another interface.
"""

import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results import Row, number, record  # noqa: E402

LUA = ROOT / "bench" / "public_pages.lua"
BIN = Path(sys.executable).parent
FIXTURES = [
    "fixtures/concept.json",
    "fixtures/inquiries.json",
    "fixtures/monitoring.json",
    "fixtures/roundtable.json",
]
# The production settings of `make serve` (Makefile SERVE_ENV).
SERVE_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
}
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "50"))
# Extra gunicorn flags for experiments only; the figures in bench/README.md
# are measured without, i.e. exactly as `make serve` starts it.
GUNICORN_EXTRA = shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))


def say(message):
    print(message, file=sys.stderr, flush=True)


def is_postgres(url):
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql", "postgis"}


def database_create():
    """A fresh database on the local server; its name and URL."""
    import psycopg

    name = f"kassel_bench_load_{os.getpid()}"
    try:
        with psycopg.connect(
            **POSTGRES, dbname="postgres", autocommit=True, connect_timeout=5
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL ist nicht erreichbar ({POSTGRES['host']}:{POSTGRES['port']}, "
            f"Benutzer {POSTGRES['user']}): {str(error).strip()}\n"
            "Starten Sie den PostgreSQL-Server oder setzen Sie "
            "DATABASE_URL=postgres://benutzer@host:5432/datenbank."
        ) from None
    host = f"{POSTGRES['host']}:{POSTGRES['port']}"
    return name, f"postgres://{POSTGRES['user']}@{host}/{name}"


def database_drop(name):
    import psycopg

    with psycopg.connect(
        **POSTGRES, dbname="postgres", autocommit=True, connect_timeout=5
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    """Run manage.py like the Makefile does; abort with its output on failure."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(
            f"manage.py {' '.join(args)} ist fehlgeschlagen:\n"
            f"{result.stdout}{result.stderr}"
        )


def free_port():
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port != 8000:
            return port


def server_start(env, port, log_path):
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        gunicorn = shutil.which("gunicorn") or "gunicorn"
    command = [
        str(gunicorn),
        "kassel_integration.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        "2",
        "--access-logfile",
        "-",
        *GUNICORN_EXTRA,
    ]
    say(f"Starte: {' '.join(command)}")
    log = log_path.open("wb")
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"gunicorn hat sich beendet (Code {server.returncode}):\n"
                f"{log_tail(log_path)}"
            )
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/konzept/", timeout=2)
            return server
        except urllib.error.HTTPError:
            return server  # it answers; verify() names the failing page
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn antwortet nach 60 s nicht:\n{log_tail(log_path)}")


def server_stop(server):
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def log_tail(path, lines=30):
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def public_paths():
    """One path of every public page type, read from the database: {path: status}.

    Every Handlungsfeld, the first goal of each, the organisation with the most
    goals, every inquiry, metric and event; the lists, a full-text search and
    the OParl entry points. ``/`` redirects to the concept (302).
    """
    import django

    django.setup()
    from concept import selectors as concept_selectors

    concept = concept_selectors.concept_current_or_none()
    if concept is None:
        raise SystemExit("Keine öffentlichen Seiten zu testen: keine aktuelle Fassung.")
    return {
        **concept_paths(concept),
        **inquiry_paths(),
        **monitoring_paths(),
        **roundtable_paths(),
    }


def concept_paths(concept):
    from django.urls import reverse

    from concept import selectors as concept_selectors
    from concept.models import FieldOfAction, Goal

    paths = {"/": 302, reverse("concept:index"): 200}
    for field in FieldOfAction.objects.filter(concept=concept).order_by("number"):
        paths[reverse("concept:field-detail", args=[field.number])] = 200
        goal = (
            Goal.objects.filter(concept=concept, topic__field=field)
            .order_by("topic__number", "number")
            .first()
        )
        if goal:
            paths[reverse("concept:goal-detail", args=[goal.code])] = 200
    organisation = (
        concept_selectors.organisation_responsible_list(concept=concept)
        .order_by("-goal_count", "name")
        .first()
    )
    if organisation:
        paths[reverse("concept:organisation-detail", args=[organisation.slug])] = 200
    return paths


def inquiry_paths():
    """The inquiry list, a search for a word of the first title, every
    inquiry and the OParl entry points."""
    from django.urls import reverse

    from inquiries.models import Inquiry

    inquiries = list(Inquiry.objects.order_by("reference_number"))
    words = re.findall(r"\w{8,}", inquiries[0].title if inquiries else "")
    term = words[0] if words else "Integration"
    paths = {
        reverse("inquiries:list"): 200,
        f"{reverse('inquiries:list')}?q={quote(term)}": 200,
    }
    for inquiry in inquiries:
        paths[reverse("inquiries:detail", args=[inquiry.reference_number])] = 200
    for name in ("oparl:system", "oparl:body-list", "oparl:body-detail"):
        paths[reverse(name)] = 200
    paths[reverse("oparl:paper-list")] = 200
    if inquiries:
        paths[reverse("oparl:paper-detail", kwargs={"pk": inquiries[0].pk})] = 200
    return paths


def monitoring_paths():
    from django.urls import reverse

    from monitoring.models import Metric

    paths = {reverse("monitoring:index"): 200, reverse("reports:list"): 200}
    for key in Metric.objects.order_by("key").values_list("key", flat=True):
        paths[reverse("monitoring:metric-detail", args=[key])] = 200
    return paths


def roundtable_paths():
    from django.urls import reverse

    from roundtable.models import Event

    paths = {reverse("roundtable:event-list"): 200}
    for slug in Event.objects.order_by("-date", "slug").values_list("slug", flat=True):
        paths[reverse("roundtable:event-detail", args=[slug])] = 200
    paths[reverse("roundtable:recommendations")] = 200
    paths[reverse("roundtable:consultation")] = 200
    return paths


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def verify(base, paths):
    """Request every path once; abort naming each one with another status.

    Names the slowest pages of this single pass (one request each, no load).
    """
    opener = urllib.request.build_opener(NoRedirect)
    wrong, timings = [], []
    for path, expected in paths.items():
        start = time.perf_counter()
        try:
            with opener.open(base + path, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            status = f"keine Antwort ({error})"
        timings.append((time.perf_counter() - start, path))
        if status != expected:
            wrong.append(f"  {path}: {status} statt {expected}")
    if wrong:
        raise SystemExit(
            "Diese Seiten antworten nicht wie erwartet:\n" + "\n".join(wrong)
        )
    slowest = ", ".join(
        f"{path} {seconds * 1000:.0f} ms"
        for seconds, path in sorted(timings, reverse=True)[:3]
    )
    say(f"{len(paths)} Adressen antworten wie erwartet; am langsamsten: {slowest}")


def run_wrk(base, urls_file):
    threads = max(1, min(2, CLIENTS))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{CLIENTS}",
        f"-d{SECONDS}s",
        "--latency",
        "-s",
        str(LUA),
        base,
    ]
    say(f"Last: {' '.join(command)}")
    result = subprocess.run(
        command,
        env={**os.environ, "BENCH_URLS_FILE": str(urls_file)},
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    )
    say(result.stdout + result.stderr)
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if result.returncode or line is None:
        raise SystemExit(f"wrk ist fehlgeschlagen (Code {result.returncode}).")
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line)}


def milliseconds(microseconds):
    return f"{number(microseconds / 1000, 1)} ms"


def report(result, url_count, log):
    """Print the table and the breakdown; the exit code (1 on any error)."""
    socket_errors = [result[key] for key in ("connect", "read", "write", "timeout")]
    errors = result["failed"] + sum(socket_errors)
    seconds = result["duration_us"] / 1_000_000
    print("| clients | seconds | requests | requests/s | p50 | p99 | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {CLIENTS} | {seconds:.1f} | {result['requests']:,} "
        f"| {result['requests'] / seconds:,.1f} | {milliseconds(result['p50_us'])} "
        f"| {milliseconds(result['p99_us'])} | {errors} |"
    )
    print()
    print(
        f"{url_count} public URLs, PostgreSQL. "
        f"p90 {milliseconds(result['p90_us'])}, max {milliseconds(result['max_us'])}. "
        f"2xx {result['ok']:,}, 3xx {result['redirected']:,} (/ → /konzept/), "
        f"HTTP >= 400: {result['failed']}, socket errors "
        "(connect/read/write/timeout): {}/{}/{}/{}. ".format(*socket_errors)
        + f"gunicorn log: {log.count('WORKER TIMEOUT')} worker timeouts, "
        f"{log.count('[ERROR]')} [ERROR] lines."
    )
    record(
        Row(
            measure=f"Last: {CLIENTS} Clients, {seconds:.0f} s, {url_count} "
            "öffentliche URLs, `make serve` (gunicorn -w 2) auf PostgreSQL",
            base=f"{number(result['requests'])} Anfragen",
            scaled="",
            result=f"{number(result['requests'] / seconds)} Anfr./s, "
            f"p50 {milliseconds(result['p50_us'])}, "
            f"p99 {milliseconds(result['p99_us'])}, {errors} Fehler",
            target="0 Fehler",
            met=errors == 0,
        )
    )
    return 1 if errors else 0


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("Fehlt: wrk (Debian: apt-get install wrk)")
    if SECONDS < 1 or CLIENTS < 1:
        raise SystemExit("BENCH_LOAD_SECONDS und BENCH_LOAD_CLIENTS müssen ≥ 1 sein.")
    url = os.environ.get("DATABASE_URL", "")
    created = None
    if not is_postgres(url):
        created, url = database_create()
        say(f"Datenbank {created} angelegt.")
    tmp = Path(tempfile.mkdtemp(prefix="kassel_bench_load_"))
    server = None
    try:
        settings = {
            **SERVE_ENV,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
            # collectstatic into a temporary folder, not the shared checkout
            "DJANGO_STATIC_ROOT": str(tmp / "static"),
            "DJANGO_SETTINGS_MODULE": "kassel_integration.settings",
        }
        os.environ.update(settings)
        sys.path.insert(0, str(ROOT))
        env = dict(os.environ)
        say("Bereite die Datenbank vor (migrate, load_seed, collectstatic) ...")
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "load_seed", *FIXTURES)
        manage(env, "collectstatic", "--noinput", "-v0")
        paths = public_paths()
        from django.db import connections

        connections.close_all()
        urls_file = tmp / "urls.txt"
        urls_file.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")

        port = free_port()
        log_path = tmp / "gunicorn.log"
        server = server_start(env, port, log_path)
        base = f"http://127.0.0.1:{port}"
        verify(base, paths)
        result = run_wrk(base, urls_file)
        log = log_path.read_text(encoding="utf-8", errors="replace")
    finally:
        server_stop(server)
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if created:
            database_drop(created)
            say(f"Datenbank {created} gelöscht.")
        shutil.rmtree(tmp, ignore_errors=True)
    return report(result, len(paths), log)


if __name__ == "__main__":
    sys.exit(main())
