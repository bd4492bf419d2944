"""make prod-check: build the README's deploy stack on this machine and drive it.

nginx (Debian package) on 127.0.0.1 terminates TLS with a self-signed
certificate and proxies to gunicorn (two workers) on a fresh PostgreSQL
database, with the task worker running. The nginx site and the systemd units
are the files in deploy/, filled in with this run's paths and ports; their
ExecStartPre/ExecStart lines are run as written.

Checks: HTTP -> HTTPS redirect, HSTS, secure cookies; a staff login;
"Bericht erstellen" through the admin, finished by the worker, the PDF
downloaded and checked (tagged, PDF/UA-1); a private attachment refused
anonymously and handed to staff by nginx via X-Accel-Redirect; feedback from
two client addresses (127.0.0.1 and 127.0.0.2) limited separately through
the proxy; a restart as `make serve` does it keeps a staff edit; no 500 and
no traceback in any log. Cleans up after itself; the last line is a summary.

Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres),
PROD_CHECK_HTTP_PORT / _HTTPS_PORT / _APP_PORT (18080 / 18443 / 18000),
PROD_CHECK_KEEP=1 keeps the temporary folder for inspection.
"""

import html.parser
import http.client
import http.cookies
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
VENV = Path(sys.executable).parent.parent
HTTP_PORT = int(os.environ.get("PROD_CHECK_HTTP_PORT", "18080"))
HTTPS_PORT = int(os.environ.get("PROD_CHECK_HTTPS_PORT", "18443"))
APP_PORT = int(os.environ.get("PROD_CHECK_APP_PORT", "18000"))
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGPORT = os.environ.get("PGPORT", "5432")
PGUSER = os.environ.get("PGUSER", "postgres")
STAFF_USER, STAFF_PASSWORD = "pruefung", secrets.token_urlsafe(16)
BASE = f"https://127.0.0.1:{HTTPS_PORT}"
EDITED = "Geändert von der Redaktion in make prod-check"
FEEDBACK_PER_HOUR = 2
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


# --- a small HTTPS client with cookies and a chosen source address ---------


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    def __init__(self, source="127.0.0.1", port=HTTPS_PORT, tls=True):
        self.source, self.port, self.tls = source, port, tls
        self.cookies: dict[str, str] = {}
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # our own self-signed cert

    def request(self, method, path, data=None, headers=None, files=None):
        if self.tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1",
                self.port,
                context=self.context,
                timeout=60,
                source_address=(self.source, 0),
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
            )
        scheme = "https" if self.tls else "http"
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent.setdefault("Referer", f"{scheme}://127.0.0.1:{self.port}{path}")
            sent.setdefault("Origin", f"{scheme}://127.0.0.1:{self.port}")
        connection.request(method, path, body=body, headers=sent)
        raw = connection.getresponse()
        response = Response(raw.status, raw.getheaders(), raw.read())
        connection.close()
        for value in response.all("Set-Cookie"):
            cookie = http.cookies.SimpleCookie(value)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)


class FormParser(html.parser.HTMLParser):
    """Every field of the forms of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select = None
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.append(
                (
                    a["name"],
                    a.get("value", "on" if kind in ("checkbox", "radio") else ""),
                )
            )
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(page: str) -> list[tuple[str, str]]:
    parser = FormParser()
    parser.feed(page)
    return parser.fields


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    expect(match, "kein CSRF-Token im Formular")
    return match[1]


# --- the stack ---------------------------------------------------------------


class Stack:
    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="kassel-prod-check-"))
        os.chmod(self.tmp, 0o755)
        self.db = f"kassel_prod_check_{os.getpid()}"
        self.logs = self.tmp / "logs"
        self.processes: dict[str, subprocess.Popen] = {}
        self.log_files = {}
        self.values = {
            "SERVER_NAME": "127.0.0.1 localhost",
            "LISTEN_HTTP": f"127.0.0.1:{HTTP_PORT}",
            "LISTEN_HTTPS": f"127.0.0.1:{HTTPS_PORT}",
            "HTTPS_PORT_SUFFIX": f":{HTTPS_PORT}",
            "TLS_CERT": str(self.tmp / "tls" / "cert.pem"),
            "TLS_KEY": str(self.tmp / "tls" / "key.pem"),
            "APP_ADDRESS": f"127.0.0.1:{APP_PORT}",
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "private"),
            "LOG_DIR": str(self.logs),
            "USER": os.environ.get("USER", "root"),
            "APP_DIR": str(ROOT),
            "ENV_FILE": str(self.tmp / "kassel.env"),
            "VENV": str(VENV),
        }
        self.env_values = {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://{PGUSER}@{PGHOST}:{PGPORT}/{self.db}",
            "DJANGO_STATIC_ROOT": self.values["STATIC_ROOT"],
            "DJANGO_MEDIA_ROOT": self.values["MEDIA_ROOT"],
            "DJANGO_PRIVATE_MEDIA_ROOT": self.values["PRIVATE_MEDIA_ROOT"],
            "DJANGO_PRIVATE_MEDIA_ACCEL_REDIRECT": "/geschuetzt/",
            "DJANGO_TRUSTED_PROXIES": "1",
            "DJANGO_SITE_URL": BASE,
            "DJANGO_TASKS_BACKEND": "database",
            "DJANGO_FEEDBACK_PER_HOUR": str(FEEDBACK_PER_HOUR),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DJANGO_LOG_LEVEL": "INFO",
        }

    # filled-in copies of the files in deploy/
    def fill(self, name: str) -> str:
        text = (DEPLOY / name).read_text()
        for key, value in self.values.items():
            text = text.replace(f"@{key}@", value)
        code = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        left = re.findall(r"@[A-Z_]+@", "\n".join(code))
        expect(not left, f"{name}: nicht ersetzt: {left}")
        (self.tmp / name).write_text(text)
        return text

    def unit(self, name: str) -> dict:
        """The [Service] lines of a filled-in unit file."""
        unit = {"ExecStartPre": []}
        for line in self.fill(name).splitlines():
            key, _, value = line.partition("=")
            if key == "ExecStartPre":
                unit["ExecStartPre"].append(shlex.split(value))
            elif key in ("ExecStart", "WorkingDirectory", "EnvironmentFile"):
                unit[key] = shlex.split(value) if key == "ExecStart" else value
        return unit

    def unit_env(self, unit) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.pop("DATABASE_URL", None)
        for line in Path(unit["EnvironmentFile"]).read_text().splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.partition("=")
                env[key] = value
        return env

    def prepare(self):
        for folder in ("tls", "static", "media", "private", "logs", "nginx"):
            (self.tmp / folder).mkdir()
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                self.values["TLS_KEY"],
                "-out",
                self.values["TLS_CERT"],
            ],
            check=True,
            capture_output=True,
        )
        Path(self.values["ENV_FILE"]).write_text(
            "".join(f"{k}={v}\n" for k, v in self.env_values.items())
        )
        subprocess.run(
            ["createdb", "-h", PGHOST, "-p", PGPORT, "-U", PGUSER, self.db],
            check=True,
            capture_output=True,
        )
        site = self.fill("nginx-site.conf")
        expect("X-Forwarded-For" in site, "nginx-site.conf ohne X-Forwarded-For")
        runs_as_root = os.geteuid() == 0
        nginx_conf = self.tmp / "nginx" / "nginx.conf"
        temp = self.tmp / "nginx"
        nginx_conf.write_text(
            ("user root;\n" if runs_as_root else "")
            + f"worker_processes 1;\npid {temp}/nginx.pid;\n"
            f"error_log {self.logs}/nginx-main-error.log;\n"
            "events { worker_connections 64; }\n"
            "http {\n  include /etc/nginx/mime.types;\n"
            f"  client_body_temp_path {temp}/body;\n"
            f"  proxy_temp_path {temp}/proxy;\n"
            f"  fastcgi_temp_path {temp}/fastcgi;\n"
            f"  uwsgi_temp_path {temp}/uwsgi;\n"
            f"  scgi_temp_path {temp}/scgi;\n"
            f"  include {self.tmp}/nginx-site.conf;\n}}\n"
        )
        test = subprocess.run(
            [NGINX, "-t", "-c", str(nginx_conf), "-e", str(self.logs / "nginx-t.log")],
            capture_output=True,
            text=True,
        )
        expect(test.returncode == 0, f"nginx -t: {test.stderr.strip()}")

    def start(self, name, argv, env, cwd):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115
        self.log_files[name] = log
        self.processes[name] = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def stop(self, name):
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if name in self.log_files:
            self.log_files.pop(name).close()

    def start_nginx(self):
        self.start(
            "nginx",
            [
                NGINX,
                "-c",
                str(self.tmp / "nginx" / "nginx.conf"),
                "-e",
                str(self.logs / "nginx-main-error.log"),
                "-g",
                "daemon off;",
            ],
            os.environ.copy(),
            str(self.tmp),
        )

    def start_app(self):
        """As systemd would: the web unit's ExecStartPre lines, then gunicorn
        and the worker."""
        web, worker = (
            self.unit("kassel-web.service"),
            self.unit("kassel-worker.service"),
        )
        env = self.unit_env(web)
        for argv in web["ExecStartPre"]:
            step = subprocess.run(
                argv,
                cwd=web["WorkingDirectory"],
                env=env,
                capture_output=True,
                text=True,
            )
            with open(self.logs / "exec-start-pre.log", "a") as log:
                log.write(f"$ {shlex.join(argv)}\n{step.stdout}{step.stderr}")
            expect(
                step.returncode == 0, f"{shlex.join(argv[1:])}: {step.stderr[-800:]}"
            )
        self.start("gunicorn", web["ExecStart"], env, web["WorkingDirectory"])
        self.start(
            "worker",
            worker["ExecStart"],
            self.unit_env(worker),
            worker["WorkingDirectory"],
        )
        wait_for_port(APP_PORT, "gunicorn")

    def stop_app(self):
        self.stop("worker")
        self.stop("gunicorn")

    def manage(self, *args, stdin=None):
        web = self.unit("kassel-web.service")
        result = subprocess.run(
            [str(VENV / "bin" / "python"), "manage.py", *args],
            cwd=web["WorkingDirectory"],
            env=self.unit_env(web),
            input=stdin,
            capture_output=True,
            text=True,
        )
        expect(result.returncode == 0, f"manage.py {args[0]}: {result.stderr[-800:]}")
        return result.stdout

    def cleanup(self):
        for name in list(self.processes):
            self.stop(name)
        subprocess.run(
            [
                "dropdb",
                "--if-exists",
                "-h",
                PGHOST,
                "-p",
                PGPORT,
                "-U",
                PGUSER,
                self.db,
            ],
            capture_output=True,
        )
        if os.environ.get("PROD_CHECK_KEEP") == "1":
            print(f"  Ordner behalten: {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def wait_for_port(port, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise CheckFailed(f"{what} lauscht nicht auf Port {port}")


def port_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


# --- the checks ----------------------------------------------------------------

SETUP = """
import datetime
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from concept.models import Goal
from inquiries.models import Attachment, Inquiry
from roundtable.models import Consultation
user = User.objects.create_user("{user}", password="{password}", is_staff=True)
user.groups.add(Group.objects.get(name="Redaktion"))
record = Attachment(inquiry=Inquiry.objects.order_by("pk").first(),
                    title="Interne Liste", is_public=False)
record.file.save("interne-liste.pdf", ContentFile({pdf!r}), save=False)
record.save()
today = datetime.date.today()
Consultation.objects.create(title="Entwurf 2027", opens_on=today,
                            closes_on=today + datetime.timedelta(days=30))
goal = Goal.objects.get(concept__is_current=True, code="1.1.1")
print(record.file.url, goal.pk)
"""
PRIVATE_PDF = b"%PDF-1.4\n% interne Anlage\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def check_tls(results):
    plain = Client(port=HTTP_PORT, tls=False).get("/konzept/")
    expect(plain.status == 301, f"HTTP antwortet {plain.status} statt 301")
    expect(
        plain.header("Location") == f"{BASE}/konzept/",
        f"Weiterleitung nach {plain.header('Location')}",
    )
    page = Client().get("/konzept/")
    expect(page.status == 200, f"/konzept/ über HTTPS: {page.status}")
    hsts = page.header("Strict-Transport-Security") or ""
    expect("max-age=31536000" in hsts, f"HSTS fehlt: {hsts!r}")
    results.append("HTTP→HTTPS 301, HSTS max-age=31536000")


def login(client):
    page = client.get("/admin/login/")
    expect(page.status == 200, f"Anmeldeseite: {page.status}")
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": STAFF_USER,
            "password": STAFF_PASSWORD,
            "next": "/admin/",
        },
    )
    expect(response.status == 302, f"Anmeldung: {response.status}")
    cookies = response.all("Set-Cookie")
    session = next((c for c in cookies if c.startswith("sessionid=")), "")
    expect(session, "kein Sitzungs-Cookie")
    expect(
        "Secure" in session and "HttpOnly" in session,
        f"Sitzungs-Cookie nicht Secure/HttpOnly: {session}",
    )
    csrf = next((c for c in cookies if c.startswith("csrftoken=")), "")
    expect(not csrf or "Secure" in csrf, f"CSRF-Cookie nicht Secure: {csrf}")
    expect(client.get("/admin/").status == 200, "Verwaltung nach Anmeldung")


def check_report(staff, results):
    form = staff.get("/admin/monitoring/annualreport/erstellen/")
    expect(form.status == 200, f"Bericht erstellen: {form.status}")
    started = time.monotonic()
    response = staff.post(
        "/admin/monitoring/annualreport/erstellen/",
        {"csrfmiddlewaretoken": csrf_token(form.text), "year": "2020"},
    )
    expect(response.status == 302, f"Bericht erstellen (POST): {response.status}")
    state = ""
    while time.monotonic() - started < 150:
        listing = staff.get("/admin/monitoring/annualreport/").text
        if '<td class="field-state">fehlgeschlagen' in listing:
            reason = re.search(r'<td class="field-reason">(.*?)</td>', listing)
            raise CheckFailed(f"der Bericht ist fehlgeschlagen: {reason and reason[1]}")
        if "/berichte/2020/fassung-1.pdf" in listing:
            state = "ausgegeben"
            break
        time.sleep(1)
    expect(state, "der Bericht wurde nicht fertig (läuft der Hintergrunddienst?)")
    seconds = time.monotonic() - started
    pdf = Client().get("/berichte/2020/fassung-1.pdf")
    expect(pdf.status == 200, f"PDF herunterladen: {pdf.status}")
    expect(pdf.body.startswith(b"%PDF"), "keine PDF-Datei")
    path = Path(tempfile.mkstemp(suffix=".pdf")[1])
    try:
        path.write_bytes(pdf.body)
        import page as page_validation
        import pypdf

        reader = pypdf.PdfReader(path)
        root = reader.trailer["/Root"]
        expect(
            root.get("/Lang") == "de" and "/StructTreeRoot" in root,
            "PDF ohne Sprache oder Struktur",
        )
        result = page_validation.validate_pdf(str(path), profile="ua1")
        expect(
            result.is_compliant, f"PDF/UA-1: {[f.rule_id for f in result.failures][:5]}"
        )
        pages = len(reader.pages)
    finally:
        path.unlink()
    results.append(f"Bericht 2020 im Worker: {pages} Seiten, PDF/UA-1, {seconds:.0f} s")


def check_private_file(staff, url, results):
    anonymous = Client().get(url)
    expect(anonymous.status == 404, f"anonym: {anonymous.status} statt 404")
    response = staff.get(url)
    expect(response.status == 200, f"Mitarbeitende: {response.status}")
    expect(response.body == PRIVATE_PDF, "nginx lieferte andere Bytes")
    disposition = response.header("Content-Disposition") or ""
    expect(disposition.startswith("attachment"), f"Content-Disposition {disposition}")
    expect(response.header("X-Accel-Redirect") is None, "X-Accel-Redirect nach außen")
    # behind nginx: Django answered with X-Accel-Redirect and no bytes
    direct = Client(port=APP_PORT, tls=False)
    direct.cookies = dict(staff.cookies)
    inner = direct.get(url, headers={"X-Forwarded-Proto": "https"})
    expect(
        inner.header("X-Accel-Redirect")
        == "/geschuetzt/anfragen/anlagen/interne-liste.pdf"
        and inner.body == b"",
        f"gunicorn ohne X-Accel-Redirect: {inner.status} {inner.headers}",
    )
    results.append("private Anlage: anonym 404, Redaktion 200 über X-Accel-Redirect")


def feedback(client, number):
    form = client.get("/runder-tisch/beteiligung/")
    expect(form.status == 200, f"Beteiligung: {form.status}")
    return client.post(
        "/runder-tisch/beteiligung/",
        {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "kind": "anregung",
            "text": f"Rückmeldung Nummer {number} aus der Prüfung.",
            "consent": "on",
            "website": "",
        },
    ).status


def check_feedback_limits(results):
    first, second = Client("127.0.0.1"), Client("127.0.0.2")
    statuses = [feedback(first, n) for n in range(FEEDBACK_PER_HOUR + 1)]
    expect(statuses == [302] * FEEDBACK_PER_HOUR + [429], f"127.0.0.1: {statuses}")
    other = feedback(second, 99)
    expect(other == 302, f"127.0.0.2 wurde mitgesperrt: {other}")
    results.append(
        f"Rückmeldungen: 127.0.0.1 {statuses}, 127.0.0.2 [{other}] getrennt gezählt"
    )


def edit_goal(staff, goal_pk):
    url = f"/admin/concept/goal/{goal_pk}/change/"
    page = staff.get(url)
    expect(page.status == 200, f"Ziel bearbeiten: {page.status}")
    fields = [(k, v) for k, v in form_fields(page.text) if k != "q"]
    expect(any(k == "text" for k, _ in fields), "Ziel-Formular ohne Feld text")
    fields = [(k, EDITED if k == "text" else v) for k, v in fields]
    response = staff.request("POST", url, data=fields)
    expect(
        response.status == 302,
        f"Ziel speichern: {response.status} "
        + re.sub(
            r"\s+",
            " ",
            " ".join(
                re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text)
            ),
        )[:300],
    )


def check_restart(stack, staff, goal_pk, results):
    edit_goal(staff, goal_pk)
    expect(
        EDITED in Client().get("/konzept/ziel/1.1.1/").text, "Änderung nicht öffentlich"
    )
    started = time.monotonic()
    stack.stop_app()
    stack.start_app()
    seconds = time.monotonic() - started
    page = Client().get("/konzept/ziel/1.1.1/")
    expect(
        page.status == 200 and EDITED in page.text,
        "nach dem Neustart ist die Änderung der Redaktion verloren",
    )
    seed = (stack.logs / "exec-start-pre.log").read_text()
    expect("schon vorhanden und unverändert" in seed, "load_seed meldet nichts")
    results.append(f"Neustart ({seconds:.0f} s): Änderung an Ziel 1.1.1 erhalten")


def check_logs(stack, results):
    problems = []
    for log in sorted(stack.logs.glob("*.log")):
        text = log.read_text(errors="replace")
        if "Traceback" in text:
            problems.append(f"{log.name}: Traceback")
        if re.search(r'" 5\d\d ', text):
            problems.append(f"{log.name}: Antwort 5xx")
    expect(not problems, "; ".join(problems))
    results.append(f"{len(list(stack.logs.glob('*.log')))} Logs ohne 500 und Traceback")


def preflight_problem() -> str | None:
    """Why the stack cannot start here, or None."""
    for port in (HTTP_PORT, HTTPS_PORT, APP_PORT):
        if not port_free(port):
            return f"Port {port} ist belegt"
    if not Path(NGINX).exists():
        return "nginx fehlt (Debian: apt-get install nginx)"
    return None


class Stopwatch:
    """Prints how long each stage took."""

    def __init__(self):
        self.timings: list[tuple[str, float]] = []
        self.stage_started = time.monotonic()

    def stage(self, name):
        now = time.monotonic()
        self.timings.append((name, now - self.stage_started))
        print(f"  {name}: {now - self.stage_started:.1f} s", flush=True)
        self.stage_started = now


def run_checks(stack, results):
    """Start the stack, run every check in order, stop it."""
    stopwatch = Stopwatch()
    stack.prepare()
    stopwatch.stage("Aufbau (Zertifikat, Datenbank, nginx -t)")
    stack.start_app()
    stack.start_nginx()
    wait_for_port(HTTPS_PORT, "nginx")
    out = stack.manage(
        "shell",
        stdin=SETUP.format(user=STAFF_USER, password=STAFF_PASSWORD, pdf=PRIVATE_PDF),
    ).split()
    private_url, goal_pk = out[-2], out[-1]
    stopwatch.stage("Start (migrate, Seed, collectstatic, gunicorn, Worker, nginx)")
    check_tls(results)
    staff = Client()
    login(staff)
    results.append("Anmeldung der Redaktion, Cookies Secure und HttpOnly")
    stopwatch.stage("TLS, HSTS, Cookies, Anmeldung")
    check_report(staff, results)
    stopwatch.stage("Bericht erstellen im Worker, PDF/UA-1")
    check_private_file(staff, private_url, results)
    stopwatch.stage("private Anlage")
    check_feedback_limits(results)
    stopwatch.stage("Rückmeldungen von zwei Adressen")
    check_restart(stack, staff, goal_pk, results)
    stopwatch.stage("Änderung und Neustart")
    stack.stop_app()
    stack.stop("nginx")
    check_logs(stack, results)
    stopwatch.stage("Logs")


def print_log_tails(stack):
    for name in sorted(stack.logs.glob("*.log")) if stack.logs.exists() else []:
        tail = name.read_text(errors="replace").splitlines()[-15:]
        print(f"--- {name.name} (Ende)\n" + "\n".join(tail))


def main():
    started = time.monotonic()
    results: list[str] = []
    if problem := preflight_problem():
        print(f"prod-check: FEHLER – {problem}")
        return 1
    stack = Stack()
    failed = None
    try:
        run_checks(stack, results)
    except CheckFailed as error:
        failed = str(error)
    except Exception as error:  # noqa: BLE001 - reported in the summary line
        failed = f"{type(error).__name__}: {error}"
    finally:
        if failed:
            print_log_tails(stack)
        stack.cleanup()
    for line in results:
        print(f"  ok: {line}")
    total = time.monotonic() - started
    if failed:
        print(f"prod-check: FEHLGESCHLAGEN nach {total:.0f} s – {failed}")
        return 1
    print(
        f"prod-check: {len(results)} Prüfungen bestanden in {total:.0f} s "
        "(nginx/TLS → gunicorn ×2 → PostgreSQL, db_worker)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
