"""An import past the bounds, through gunicorn: answered in German within
5 s, and no worker restarts (issue #13).

Starts gunicorn with two workers and its default 30 s worker timeout on a
temporary SQLite database, logs in as a member of the Redaktion and uploads,
twice at the same time, a 0.3 MB XLSX that unpacks to 200,001 rows under
its header to the Messwerte import: over the command line's bound, which
the admin also keeps (files over its own 2,000 rows go to a background job).
Passes when both answers name the bound in under 5 s,
nothing was written, and gunicorn booted no worker beyond the first two.
"""

import http.cookiejar
import io
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

from load_public_pages import free_port, log_tail, server_start, server_stop
from results import Row, number, record

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
IMPORT_URL = "/admin/monitoring/observation/import/"
LIMIT_SECONDS = 5


def bomb() -> bytes:
    row = b'<row r="1"><c t="inlineStr"><is><t>k</t></is></c></row>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            b"<worksheet><sheetData>" + row * 200_002 + b"</sheetData></worksheet>",
        )
    return buffer.getvalue()


def manage(env, *args, stdin=None):
    subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
    )


def session(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/admin/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {
            "username": "redaktion",
            "password": "Grenze-2026!",
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
    ).encode()
    opener.open(
        urllib.request.Request(
            base + "/admin/login/", data=data, headers={"Referer": base}
        )
    ).read()
    return opener, jar


def upload(opener, jar, base, content, outcome):
    page = opener.open(base + IMPORT_URL).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in (("csrfmiddlewaretoken", token), ("format", "1")):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; '
        'filename="messwerte.xlsx"\r\nContent-Type: application/octet-stream'
        "\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        base + IMPORT_URL,
        data=b"".join(parts),
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": base + IMPORT_URL,
        },
    )
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=60) as response:
            body, status = response.read().decode(), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read().decode(errors="replace"), error.code
    outcome.append((time.perf_counter() - started, status, body))


def prepare(folder: Path) -> dict:
    """A migrated empty SQLite database with one Redaktion account."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
    }
    print("Migriere eine leere SQLite-Datenbank …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        "u = User.objects.create_user('redaktion', password='Grenze-2026!', "
        "is_staff=True); u.groups.add(Group.objects.get(name='Redaktion'))",
    )
    return env


def upload_twice(base: str, content: bytes) -> list:
    """Two sessions upload the same file at the same time."""
    outcome = []
    threads = []
    for _ in range(2):
        opener, jar = session(base)
        threads.append(
            threading.Thread(target=upload, args=(opener, jar, base, content, outcome))
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="import-grenzen-"))
    env = prepare(folder)
    port = free_port()
    log_path = folder / "gunicorn.log"
    server = server_start(env, port, log_path)
    try:
        content = bomb()
        print(f"Datei: {len(content) / 1024:.0f} KB, 200.001 Zeilen entpackt")
        outcome = upload_twice(f"http://127.0.0.1:{port}", content)
    finally:
        server_stop(server)
    log = log_tail(log_path, lines=10_000)
    boots = log.count("Booting worker")
    timeouts = log.count("WORKER TIMEOUT")
    slowest = max(seconds for seconds, _status, _body in outcome)
    named = all(
        status == 200 and "mehr als 200.000 Zeilen" in body
        for _seconds, status, body in outcome
    )
    for seconds, status, _body in outcome:
        print(f"Antwort {status} nach {seconds:.2f} s")
    print(f"gestartete Worker: {boots}, Zeitüberschreitungen: {timeouts}")
    met = named and slowest < LIMIT_SECONDS and boots == 2 and timeouts == 0
    record(
        Row(
            measure="Import über der Grenze (200.001 Zeilen), 2× gleichzeitig, "
            "gunicorn",
            base=f"{len(content) // 1024} KB",
            scaled="",
            result=f"{number(slowest, 2)} s, Meldung {'ja' if named else 'nein'}, "
            f"{boots} Worker gestartet",
            target=f"< {LIMIT_SECONDS} s, deutsche Meldung, kein Neustart",
            met=met,
        )
    )
    print("bestanden" if met else "NICHT bestanden")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
